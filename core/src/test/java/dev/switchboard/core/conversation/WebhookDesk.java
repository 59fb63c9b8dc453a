package dev.switchboard.core.conversation;

import dev.switchboard.core.config.WebhookDelivery;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.TestHost;
import dev.switchboard.core.testing.WebhookReceiver;
import java.time.Duration;

/**
 * The webhook ITs' desk: a host whose webhook points at a {@link WebhookReceiver} with every event on, retrying for
 * an hour with waits up to {@code maxBackoff}, and its admin.
 */
record WebhookDesk(TestHost host, ApiClient api, Operators operators, WebhookReceiver receiver)
        implements AutoCloseable {
    static WebhookDesk start(Duration maxBackoff) throws Exception {
        TestHost host = TestHost.start(builder -> builder.adminToken(Operators.ADMIN_TOKEN)
                .webhookDelivery(new WebhookDelivery(Duration.ofHours(1), maxBackoff)));
        Operators operators = new Operators(host);
        WebhookReceiver receiver = new WebhookReceiver();
        receiver.configure(operators.admin());
        return new WebhookDesk(host, host.client(), operators, receiver);
    }

    @Override
    public void close() {
        host.close();
        receiver.close();
    }
}
