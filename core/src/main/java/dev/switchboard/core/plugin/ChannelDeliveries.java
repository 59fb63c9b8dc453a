package dev.switchboard.core.plugin;

import dev.switchboard.core.conversation.ChannelRooms;
import dev.switchboard.core.conversation.ChannelStatus;
import dev.switchboard.core.store.JdbcChannelStore.Due;
import dev.switchboard.core.store.JdbcChannelStore.Outbound;
import dev.switchboard.core.store.Threads;
import dev.switchboard.spi.DeliveryResult;
import dev.switchboard.spi.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands agents' messages waiting in the outbox to their room's app ({@link dev.switchboard.spi.ChannelSender}) and
 * records what the app answers. An agent's message is claimed as soon as it committed ({@link #queued}); one
 * thread looks for due messages when a retry falls due, when a room's message was settled (the next one of that
 * room waited behind it), and every {@link #POLL} (for rows other nodes queued, and rows a stopped node left
 * leased). A message is claimed with a lease before it is handed over, so on PostgreSQL one node hands it over at a
 * time; a node that dies mid-hand-over leaves it to be handed over again when the lease ends (at least once).
 */
public final class ChannelDeliveries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelDeliveries.class);
    static final Duration POLL = Duration.ofSeconds(1);
    /** How long the app has for {@code deliver} and its stage together. */
    static final Duration DELIVER_BUDGET = Duration.ofSeconds(30);
    /** A claimed message is due again after this, should its node never settle it. */
    static final Duration LEASE = DELIVER_BUDGET.plusSeconds(30);
    /** Attempts before the host gives up and marks a message failed (public for the plugin test kit). */
    public static final int MAX_ATTEMPTS = 10;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int BATCH = 100;

    private final ChannelRooms rooms;
    private final Supplier<Collection<InstalledApp>> apps;
    private final PluginCalls calls;
    private final ThrottledLog failures = new ThrottledLog(LOG, Duration.ofSeconds(10));
    private final ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1,
            Threads.named("channel-deliveries"));
    private final AtomicBoolean roundQueued = new AtomicBoolean();

    ChannelDeliveries(ChannelRooms rooms, Supplier<Collection<InstalledApp>> apps, PluginCalls calls) {
        this.rooms = rooms;
        this.apps = apps;
        this.calls = calls;
        loop.setRemoveOnCancelPolicy(true);
        loop.scheduleWithFixedDelay(this::wake, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks for due messages soon (coalesced: one round at a time is queued). */
    void wake() {
        if (roundQueued.compareAndSet(false, true)) {
            try {
                loop.execute(this::round);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                roundQueued.set(false); // stopping
            }
        }
    }

    /** The backoff before attempt {@code attempt + 1}: 1 s, 2 s, 4 s, … up to {@link #MAX_BACKOFF}. */
    public static Duration backoff(int attempt) {
        long seconds = FIRST_BACKOFF.toSeconds() << Math.min(Math.max(attempt - 1, 0), 20);
        return seconds >= MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    /**
     * An agent's message was just queued: claims it at once, without a round's look into the outbox (on this
     * class's thread, which alone reads the installed apps). When its app does not serve now, or an older message of
     * its room waits, the claim takes nothing and a later round hands it over.
     */
    void queued(Due row) {
        try {
            loop.execute(() -> {
                InstalledApp app = senders().get(row.appId());
                if (app != null) {
                    claimAndHandOver(app, row, rooms.now().plus(LEASE));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the row waits in the outbox for the next start
        }
    }

    private void round() {
        roundQueued.set(false);
        Map<String, InstalledApp> senders = senders();
        try {
            List<Due> due = rooms.due(senders.keySet(), BATCH).join();
            Instant leaseUntil = rooms.now().plus(LEASE);
            for (Due row : due) {
                claimAndHandOver(senders.get(row.appId()), row, leaseUntil);
            }
            if (due.size() == BATCH) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for agent messages to hand to apps failed: {}", e.toString());
        }
    }

    /** The apps that take agents' messages now, by id. */
    private Map<String, InstalledApp> senders() {
        Map<String, InstalledApp> senders = new LinkedHashMap<>();
        for (InstalledApp app : apps.get()) {
            if (app.serving() && app.sender() != null) {
                senders.put(app.id(), app);
            }
        }
        return senders;
    }

    private void claimAndHandOver(InstalledApp app, Due row, Instant leaseUntil) {
        rooms.claim(row, leaseUntil).thenAccept(claimed -> claimed.ifPresent(message -> handOver(app, message)))
                .exceptionally(failure -> {
                    failures.warn("claim", "Claiming agent message {} failed: {}", row.messageId(),
                            failure.toString());
                    return null;
                });
    }

    private void handOver(InstalledApp app, Outbound message) {
        OutboundMessage spi = new OutboundMessage(message.messageId(), message.rid(), message.visitorId(),
                message.visitorToken(), message.text(), new OutboundMessage.Agent(message.agent().id(),
                message.agent().username(), message.agent().name()), message.sentAt(), message.lastInboundAt(),
                message.attempt());
        calls.submit(app.bulkhead().hooks(), DELIVER_BUDGET, () -> app.sender().deliver(spi, app.context()))
                .thenCompose(ChannelDeliveries::answer)
                .orTimeout(DELIVER_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, failure) -> settle(app, message, result, failure))
                .thenCompose(settled -> settled)
                .exceptionally(failure -> {
                    LOG.warn("Recording app {}'s answer for message {} failed: {}", app.id(), message.messageId(),
                            failure.toString());
                    return null;
                });
    }

    private static CompletableFuture<DeliveryResult> answer(CompletionStage<DeliveryResult> stage) {
        return stage == null ? CompletableFuture.failedFuture(new NullPointerException("deliver returned null"))
                : stage.toCompletableFuture();
    }

    /** Records the app's answer; an exception, a null or no answer in time count as retry later. */
    private CompletableFuture<Void> settle(InstalledApp app, Outbound message, DeliveryResult result,
                                           Throwable failure) {
        // Settled: the room's next message, which waited behind this one, is due now.
        if (result instanceof DeliveryResult.Delivered delivered) {
            return rooms.accepted(message, delivered.channelMessageId()).thenRun(this::wake);
        }
        if (result instanceof DeliveryResult.Failed failed) {
            return rooms.failed(message, AppConversations.status(failed.error())).thenRun(this::wake);
        }
        Duration delay = null;
        String reason;
        if (result instanceof DeliveryResult.RetryLater later) {
            delay = later.delay();
            reason = later.reason();
        } else {
            reason = failure != null ? AppFaults.describe(failure) : "deliver answered null";
            failures.warn(app.id(), "App {} could not take message {} (attempt {}): {}", app.id(),
                    message.messageId(), message.attempt(), reason);
        }
        if (message.attempt() >= MAX_ATTEMPTS) {
            return rooms.failed(message, new ChannelStatus.Error("gave-up",
                    "Not delivered after " + MAX_ATTEMPTS + " attempts", reason));
        }
        Duration wait = delay != null ? delay : backoff(message.attempt());
        return rooms.retry(message, rooms.now().plus(wait)).thenRun(() ->
                loop.schedule(this::wake, wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
