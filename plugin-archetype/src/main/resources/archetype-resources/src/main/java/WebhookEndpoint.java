package ${package};

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code POST /api/apps/public/{appId}/webhook}: the channel tells us a contact wrote. Body
 * {@code {"id": delivery id, "from": the contact's id on the channel, "phone": optional, "name": optional}},
 * header {@code X-Webhook-Token}. Links the contact to a visitor (found by the channel id, else by phone, else
 * created) and answers {@code {"visitorId", "token"}}; a delivery id seen in the last day answers
 * {@code {"duplicate": true}} without doing it again.
 */
@Extension
public class WebhookEndpoint implements AppEndpoint {
    private static final Duration DELIVERY_MEMORY = Duration.ofDays(1);

    @Override
    public String path() {
        return "webhook";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        if (!request.method().equals("POST")) {
            return AppResponse.status(405);
        }
        if (!authorized(request, context)) {
            return json(context, 401, Map.of("error", "bad webhook token"));
        }
        Map<String, Object> body = context.json().parseObject(request.body());
        String delivery = text(body, "id");
        String from = text(body, "from");
        if (delivery == null || from == null) {
            return json(context, 400, Map.of("error", "id and from are required"));
        }
        // Channels retry: remember each delivery for a day, and only the first one does the work.
        if (!context.store().putIfAbsent("delivery/" + delivery, new byte[0], DELIVERY_MEMORY)) {
            return json(context, 200, Map.of("duplicate", true));
        }
        String phone = text(body, "phone");
        Visitor visitor = context.visitors().resolveOrCreate(
                ExternalIdentity.of(from),
                phone == null ? ContactData.none() : ContactData.ofPhone(phone),
                VisitorRegistration.builder(null).name(text(body, "name")).phone(phone).build());
        return json(context, 200, Map.of("visitorId", visitor.id(), "token", visitor.token()));
    }

    /** Constant-time comparison, so the answer's timing tells nothing about the secret. */
    private static boolean authorized(AppRequest request, AppContext context) {
        byte[] expected = context.settings().require(BridgeApp.WEBHOOK_TOKEN).getBytes(StandardCharsets.UTF_8);
        byte[] given = request.header("x-webhook-token").orElse("").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        return value instanceof String string && !string.isBlank() ? string : null;
    }

    private static AppResponse json(AppContext context, int status, Map<String, Object> body) {
        return AppResponse.json(status, context.json().write(body));
    }
}
