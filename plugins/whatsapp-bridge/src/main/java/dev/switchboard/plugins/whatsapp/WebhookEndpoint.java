package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import java.util.function.Supplier;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloud API callback, served at {@code /api/apps/public/whatsapp-bridge/webhook}.
 * <ul>
 *   <li>{@code GET}: Meta's verification handshake. {@code hub.mode=subscribe} and a {@code hub.verify_token}
 *       equal (constant time) to the {@code verifyToken} setting → 200 with {@code hub.challenge} as plain text;
 *       otherwise 403. No signature is expected on GET.</li>
 *   <li>{@code POST}: {@code X-Hub-Signature-256} must be the HMAC-SHA256 of the raw body keyed by
 *       {@code appSecret} (else 401, nothing stored); the body must be a JSON object (else 400); it is then stored
 *       in the inbox, answered 200 once durable (the host holds the response until the {@code putAsync} write
 *       commits, so the endpoint thread does not wait for it), and processed afterwards on the app's executor by
 *       a drain, in a batch with whatever else waits ({@link DeliveryProcessor}).</li>
 *   <li>Other methods: 405.</li>
 * </ul>
 */
@Extension
public class WebhookEndpoint implements AppEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);

    private final Supplier<ProcessingLanes> lanes;

    /** Creates the endpoint; pf4j instantiates extensions through the public no-argument constructor. */
    public WebhookEndpoint() {
        this(ProcessingLanes::current);
    }

    WebhookEndpoint(Supplier<ProcessingLanes> lanes) {
        this.lanes = lanes;
    }

    @Override
    public String path() {
        return "webhook";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        if (!request.path().equals(path())) {
            return AppResponse.text(404, "not found");
        }
        switch (request.method()) {
            case "GET":
                return verify(request, context);
            case "POST":
                return receive(request, context);
            default:
                return AppResponse.text(405, "method not allowed").withHeader("allow", "GET, POST");
        }
    }

    private AppResponse verify(AppRequest request, AppContext context) {
        String expected = context.settings().get(BridgeSettings.VERIFY_TOKEN).orElse(null);
        boolean subscribe = request.queryParam("hub.mode").map("subscribe"::equals).orElse(false);
        boolean tokenOk = Secrets.constantTimeEquals(request.queryParam("hub.verify_token").orElse(null), expected);
        if (!subscribe || !tokenOk) {
            LOG.debug("webhook verification refused");
            return AppResponse.text(403, "forbidden");
        }
        return AppResponse.text(200, request.queryParam("hub.challenge").orElse(""));
    }

    private AppResponse receive(AppRequest request, AppContext context) {
        byte[] body = request.body();
        String secret = context.settings().get(BridgeSettings.APP_SECRET).orElse(null);
        if (!Secrets.signatureMatches(request.header("x-hub-signature-256").orElse(null), secret, body)) {
            LOG.debug("webhook delivery refused: missing or invalid signature");
            return AppResponse.text(401, "invalid signature");
        }
        if (!context.json().isObject(body)) {
            return AppResponse.text(400, "body is not a JSON object");
        }
        Inbox.Added added = new Inbox(context.store()).add(body, System.currentTimeMillis());
        ProcessingLanes now = lanes.get();
        now.arrived();
        // A drain takes it, oldest first, in a batch with whatever else waits. Asked for once the entry is durable,
        // since a drain lists only committed entries and could otherwise end just before this one.
        DeliveryProcessor processor = new DeliveryProcessor(context, now);
        added.stored().thenRun(processor::drainSoon);
        // The host sends this only once the entry is durable (putAsync), and an error instead if it is not.
        return AppResponse.text(200, "EVENT_RECEIVED");
    }
}
