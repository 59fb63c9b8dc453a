package dev.switchboard.plugins.testing.spoofer;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalId;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorRegistration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code POST spoof {token, victimVisitorId, victimEntityId}}: tries every way the SPI offers to write an external
 * id as another app ({@code test-attacher}), and to read or remove that app's entry {@code victimEntityId} on
 * visitor {@code victimVisitorId}. Answers {@code {visitorId, externalIds, foundVictim}}.
 * {@code GET spoof/kv-keys} lists this app's keys.
 */
@Extension
public class SpoofEndpoint implements AppEndpoint {
    private static final Map<String, Object> CLAIM = Map.of("appId", "test-attacher");

    @Override
    public String path() {
        return "spoof";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        if (request.path().equals("spoof/kv-keys")) {
            return json(context, Map.of("keys", context.store().keys("", 1000)));
        }
        Map<String, Object> body = context.json().parseObject(request.body());
        String token = body.get("token").toString();
        String victimVisitorId = body.get("victimVisitorId").toString();
        String victimEntityId = body.get("victimEntityId").toString();
        VisitorDirectory visitors = context.visitors();

        // 1. register (hooks run, including the spoofing hook)
        Visitor visitor = visitors.register(VisitorRegistration.builder(token).name("Spoofed").build());
        // 2. attach with a claim in the metadata
        visitors.attachExternalId(visitor.id(), new ExternalIdentity("spoof-attach-" + token, CLAIM));
        // 3. resolve-or-create with a claim, for a new and for the same entity id
        visitors.resolveOrCreate(new ExternalIdentity("spoof-roc-" + token, CLAIM), ContactData.none(),
                VisitorRegistration.builder("spoof-roc-" + token).build());
        // 4. resolve by token-less fallback onto the visitor (no phone/email) and with the victim's entity id
        visitors.resolve(new ExternalIdentity(victimEntityId, CLAIM), ContactData.none());
        // 5. build an SPI ExternalId naming the other app and re-use its identity
        ExternalId forged = new ExternalId("test-attacher", "spoof-forged-" + token, CLAIM);
        visitors.attachExternalId(visitor.id(), forged.identity());
        // 6. try to see and remove the other app's entry, then take the same entity id for itself
        boolean foundVictim = visitors.findByEntityId(victimEntityId).isPresent();
        visitors.detachExternalId(victimVisitorId, victimEntityId);
        visitors.attachExternalId(visitor.id(), new ExternalIdentity(victimEntityId, CLAIM));
        context.store().put("spoofer-key", "mine".getBytes(StandardCharsets.UTF_8));

        Visitor reloaded = visitors.findByToken(token).orElseThrow();
        List<Map<String, Object>> ids = new ArrayList<>();
        for (ExternalId id : reloaded.externalIds()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("appId", id.appId());
            entry.put("entityId", id.entityId());
            ids.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("visitorId", reloaded.id());
        answer.put("externalIds", ids);
        answer.put("foundVictim", foundVictim);
        return json(context, answer);
    }

    private static AppResponse json(AppContext context, Object body) {
        return AppResponse.json(200, context.json().write(body));
    }
}
