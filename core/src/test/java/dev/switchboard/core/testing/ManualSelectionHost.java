package dev.switchboard.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One host shared by a test class's tests, its bootstrap admin holding {@link Operators#ADMIN_TOKEN} and its routing
 * {@code Manual_Selection}: new rooms wait in the queue until an agent takes them or writes into them. Register it
 * as a static field; it starts before the class's first test and stops after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ManualSelectionHost HOST = new ManualSelectionHost();
 * }</pre>
 */
public final class ManualSelectionHost implements BeforeAllCallback, AfterAllCallback {
    private TestHost host;
    private Operators operators;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        host = Operators.startHost();
        operators = new Operators(host);
        routing(operators.admin(), "Manual_Selection");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        host.close();
    }

    /** Sets {@code Livechat_Routing_Method} through {@code admin}. */
    public static void routing(ApiClient admin, String method) {
        ApiClient.Response set = admin.post("/api/v1/settings/Livechat_Routing_Method",
                Json.of(Map.of("value", method)));
        assertEquals(200, set.status(), set.toString());
    }

    public TestHost host() {
        return host;
    }

    /** A client without credentials (the widget's view). */
    public ApiClient api() {
        return host.client();
    }

    public Operators operators() {
        return operators;
    }
}
