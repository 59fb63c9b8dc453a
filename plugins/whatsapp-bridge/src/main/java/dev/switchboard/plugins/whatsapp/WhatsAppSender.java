package dev.switchboard.plugins.whatsapp;

import dev.switchboard.plugins.whatsapp.GraphMessages.Accepted;
import dev.switchboard.plugins.whatsapp.GraphMessages.Outcome;
import dev.switchboard.plugins.whatsapp.GraphMessages.Recipient;
import dev.switchboard.plugins.whatsapp.GraphMessages.Rejected;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.ChannelError;
import dev.switchboard.spi.ChannelSender;
import dev.switchboard.spi.DeliveryResult;
import dev.switchboard.spi.ExternalId;
import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpCallException;
import dev.switchboard.spi.HttpResult;
import dev.switchboard.spi.OutboundMessage;
import dev.switchboard.spi.Visitor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.pf4j.Extension;

/**
 * Sends agents' messages to WhatsApp through the Cloud API ({@code POST {graphBaseUrl}/{graphApiVersion}/
 * {phone-number-id}/messages}, bearer {@code accessToken}) with the host's HTTP capability.
 *
 * <p>In order, a message fails without any call when the bridge has no access token, when the visitor's 24-hour
 * customer-service window is closed ({@link ServiceWindow}: WhatsApp allows only templates then), or when the
 * visitor has no current WhatsApp id; it waits (retry later) when the sending number has used its throughput for
 * this second ({@link SendRate}); otherwise it goes to the number the visitor last wrote to (the id's
 * {@code phoneNumberId}, else the {@code phoneNumberId} setting), addressed to the WhatsApp number seen with the
 * visitor's current BSUID, else to the BSUID ({@link GraphMessages}). Meta's answer becomes delivered (with the
 * wamid its status webhooks name later), retry later (rate limits, 5xx, the call failing) or failed with Meta's
 * code and title.
 */
@Extension
public class WhatsAppSender implements ChannelSender {

    /** Shared by every instance of one plugin load, so the limit holds per business number. */
    private static final SendRate RATE = new SendRate(System::nanoTime);

    private final SendRate rate;
    private final LongSupplier clockMillis;

    /** Creates the sender; pf4j instantiates extensions through the public no-argument constructor. */
    public WhatsAppSender() {
        this(RATE, System::currentTimeMillis);
    }

    WhatsAppSender(SendRate rate, LongSupplier clockMillis) {
        this.rate = rate;
        this.clockMillis = clockMillis;
    }

    @Override
    public CompletionStage<DeliveryResult> deliver(OutboundMessage message, AppContext context) {
        AppSettings settings = context.settings();
        String token = settings.get(BridgeSettings.ACCESS_TOKEN).filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            return failed("no_access_token", "The WhatsApp bridge has no access token (setting accessToken)");
        }
        if (message.text().isBlank()) {
            return failed("empty_message", "WhatsApp cannot send an empty message");
        }
        long now = clockMillis.getAsLong() / 1000;
        Optional<Long> lastInbound = new ServiceWindow(context.store()).lastInbound(message.visitorId());
        if (lastInbound.isEmpty() || now - lastInbound.get() >= ServiceWindow.LENGTH_SECONDS) {
            return failed("window_closed", "Outside WhatsApp's 24-hour customer-service window: the visitor "
                    + lastInbound.map(s -> "last wrote at " + Instant.ofEpochSecond(s)).orElse("never wrote")
                    + "; WhatsApp accepts only approved templates until the visitor writes again");
        }
        Visitor visitor = context.visitors().findByToken(message.visitorToken()).orElse(null);
        ExternalId id = visitor == null ? null : currentId(visitor, context.appId());
        if (id == null) {
            return failed("no_recipient", "The visitor has no current WhatsApp id to send to");
        }
        String phoneNumberId = DeliveryParser.firstNonNull(
                DeliveryParser.str(id.metadata(), VisitorLinker.PHONE_NUMBER_ID),
                settings.get(BridgeSettings.PHONE_NUMBER_ID).filter(p -> !p.isBlank()).orElse(null));
        if (phoneNumberId == null) {
            return failed("no_phone_number_id", "No business number to send from (setting phoneNumberId)");
        }
        long perSecond = settings.getLong(BridgeSettings.MESSAGES_PER_SECOND);
        if (!rate.tryAcquire(phoneNumberId, perSecond)) {
            return CompletableFuture.completedFuture(DeliveryResult.retryAfter(
                    Duration.ofMillis(Math.max(1, 1000 / Math.max(1, perSecond))),
                    "WhatsApp throughput limit of " + perSecond + " messages a second reached"));
        }
        URI uri;
        try {
            uri = URI.create(settings.require(BridgeSettings.GRAPH_BASE_URL) + "/"
                    + settings.require(BridgeSettings.GRAPH_API_VERSION) + "/" + phoneNumberId + "/messages");
        } catch (IllegalArgumentException e) {
            return failed("invalid_settings", "graphBaseUrl and graphApiVersion do not make a URL");
        }
        byte[] body = context.json().write(GraphMessages.text(recipient(id, context), message.text(), null));
        HttpCall call;
        try {
            call = HttpCall.post(uri, "application/json", body).withHeader("authorization", "Bearer " + token);
        } catch (IllegalArgumentException e) {
            return failed("invalid_settings", "graphBaseUrl is not an absolute http(s) URL");
        }
        return context.http().send(call).handle((result, error) -> answer(result, error, context));
    }

    private static DeliveryResult answer(HttpResult result, Throwable error, AppContext context) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String reason = cause instanceof HttpCallException h ? h.reason().name() : cause.getClass().getSimpleName();
            return DeliveryResult.retryLater("Graph API call failed: " + reason);
        }
        Outcome outcome = GraphMessages.outcome(result.status(), result.body(), context.json());
        if (outcome instanceof Accepted accepted) {
            return DeliveryResult.delivered(accepted.wamid());
        }
        if (outcome instanceof Rejected rejected) {
            return new DeliveryResult.Failed(new ChannelError(
                    rejected.code() == 0 ? "http_" + result.status() : Integer.toString(rejected.code()),
                    rejected.title(), rejected.details()));
        }
        return DeliveryResult.retryLater(((GraphMessages.RetryLater) outcome).reason());
    }

    /**
     * The visitor's current WhatsApp id of this app: a BSUID no rotation superseded, else such a parent BSUID.
     */
    private static ExternalId currentId(Visitor visitor, String appId) {
        ExternalId parent = null;
        for (ExternalId id : visitor.externalIdsOf(appId)) {
            if (id.metadata().containsKey(VisitorLinker.SUPERSEDED_BY)) {
                continue;
            }
            if (VisitorLinker.TYPE_PARENT.equals(id.metadata().get(VisitorLinker.TYPE))) {
                parent = parent == null ? id : parent;
            } else {
                return id;
            }
        }
        return parent;
    }

    /** The WhatsApp number last seen with the id (if it still belongs to it), else the id itself. */
    private static Recipient recipient(ExternalId id, AppContext context) {
        ContactBook book = new ContactBook(context.store(), context.json());
        String bsuid = id.entityId();
        Optional<String> digits = book.phoneOf(bsuid).filter(d -> book.lookup(d)
                .map(e -> bsuid.equals(e.bsuid()) || bsuid.equals(e.parent())).orElse(false));
        return digits.map(d -> new Recipient(d, null)).orElseGet(() -> new Recipient(null, bsuid));
    }

    private static CompletionStage<DeliveryResult> failed(String code, String title) {
        return CompletableFuture.completedFuture(DeliveryResult.failed(code, title));
    }
}
