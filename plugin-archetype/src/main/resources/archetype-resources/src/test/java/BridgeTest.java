package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorRegistration;
import dev.switchboard.testkit.AppRequests;
import dev.switchboard.testkit.FakeAppContext;
import dev.switchboard.testkit.SettingRefusedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fast unit tests with the kit's fakes, which follow the host's rules. */
class BridgeTest {
    private static final String TOKEN = "0123456789abcdef";

    private final FakeAppContext context = FakeAppContext.of("${pluginId}", new BridgeApp())
            .withHooks(new WebVisitorHook());
    private final WebhookEndpoint webhook = new WebhookEndpoint();

    BridgeTest() {
        context.settings().save(BridgeApp.WEBHOOK_TOKEN, TOKEN);
    }

    private AppResponse deliver(String token, String json) {
        return webhook.handle(AppRequests.request("POST", "webhook",
                Map.of("X-Webhook-Token", List.of(token)), json.getBytes(StandardCharsets.UTF_8)), context);
    }

    @Test
    void aDeliveryLinksTheContactToAVisitorOnceEvenWhenRetried() {
        AppResponse first = deliver(TOKEN, "{\"id\":\"d-1\",\"from\":\"c-42\",\"phone\":\"+1 555 0100\"}");
        assertEquals(200, first.status());
        Visitor linked = context.visitors().findByEntityId("c-42").orElseThrow();
        assertEquals(List.of("+1 555 0100"), linked.phones());

        AppResponse retry = deliver(TOKEN, "{\"id\":\"d-1\",\"from\":\"c-42\"}");
        assertEquals(Map.of("duplicate", true), context.json().parseObject(retry.body()));
        context.clock().advance(Duration.ofDays(1));
        assertEquals(200, deliver(TOKEN, "{\"id\":\"d-1\",\"from\":\"c-42\"}").status());
        assertEquals(1, context.fakeVisitors().all().size(), "the same contact, the same visitor");
    }

    @Test
    void aWrongTokenOrAMissingFieldChangesNothing() {
        assertEquals(401, deliver("wrong", "{\"id\":\"d-2\",\"from\":\"c-1\"}").status());
        assertEquals(400, deliver(TOKEN, "{\"id\":\"d-3\"}").status());
        assertTrue(context.fakeVisitors().all().isEmpty());
    }

    @Test
    void theHookMarksWidgetVisitorsWithAPhoneOrEmailOnly() {
        Visitor withEmail = context.fakeVisitors().registerFromRest(
                VisitorRegistration.builder("tok-1").email("ann@example.com").build());
        assertTrue(withEmail.externalId("${pluginId}", "web:tok-1").isPresent());
        Visitor anonymous = context.fakeVisitors().registerFromRest(VisitorRegistration.builder("tok-2").build());
        assertTrue(anonymous.externalIds().isEmpty());
    }

    @Test
    void aShortTokenIsRefusedBeforeItIsSaved() {
        SettingRefusedException refused = assertThrows(SettingRefusedException.class,
                () -> context.settings().save(BridgeApp.WEBHOOK_TOKEN, "short"));
        assertFalse(refused.getMessage().contains("short"));
        assertEquals(TOKEN, context.settings().require(BridgeApp.WEBHOOK_TOKEN));
    }
}
