package dev.switchboard.core.webhook;

import dev.switchboard.core.config.WebhookDelivery;
import dev.switchboard.core.settings.SettingDefinitions;
import dev.switchboard.core.settings.Settings;
import dev.switchboard.core.store.DeskEvents;
import dev.switchboard.core.store.JdbcWebhookQueue;
import dev.switchboard.core.store.JdbcWebhookQueue.Dead;
import dev.switchboard.core.store.JdbcWebhookQueue.Event;
import dev.switchboard.core.store.JdbcWebhookQueue.Retry;
import dev.switchboard.core.store.JdbcWebhookQueue.Round;
import dev.switchboard.core.store.JdbcWebhookQueue.RoundResult;
import dev.switchboard.core.visitor.RandomIds;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's delivery of the webhook outbox. It holds up to {@link #MAX_LANES} lanes (rooms) at once, each with
 * one request in flight at most, so a room's events arrive in order while many rooms are sent in parallel. All its
 * state lives on one Vert.x context (never blocked: HTTP is Vert.x's client, the database a future); its database
 * work is one {@link JdbcWebhookQueue#cycle} at a time, which acknowledges what was delivered since the last one,
 * records retries and dead letters, renews leases, claims lanes and loads their next events. A round runs when an
 * event was committed on this node, when a delivery finished, and every {@link #POLL_MILLIS} (other nodes' events,
 * lapsed leases, retries that came due), unless it would have nothing to do. A lane whose event failed waits out its
 * {@link Backoff}; when the receiver takes an event again, the lanes that failed since it last took one are tried at
 * once ({@code receiverAnswered}), so delivery resumes with the first try that gets through after an outage.
 */
public final class WebhookDispatcher implements AutoCloseable {
    static final int MAX_LANES = 512;
    static final int BATCH = 100;
    static final long POLL_MILLIS = 200;
    static final Duration LEASE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Vertx vertx;
    private final Context context;
    private final JdbcWebhookQueue queue;
    private final DeskEvents events;
    private final Supplier<Settings> settings;
    private final WebhookSender sender;
    private final WebhookDelivery delivery;
    private final Clock clock;
    private final String owner = RandomIds.id();

    private final Map<String, Lane> lanes = new HashMap<>();
    private List<Event> delivered = new ArrayList<>();
    private List<Retry> retries = new ArrayList<>();
    private List<Dead> dead = new ArrayList<>();
    private boolean roundRunning;
    private boolean again;
    private boolean closed;
    private long lastRenewal;
    private long poller = -1;
    /** Lanes waiting out a backoff, and whether any send failed since the receiver last took one. */
    private final Set<Lane> backedOff = new HashSet<>();
    private boolean failedSinceDelivery;
    private long lastDeliveredAt;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** One room's (or offline message's) events this node holds the lease of. */
    private static final class Lane {
        final String key;
        final ArrayDeque<Event> events = new ArrayDeque<>();
        boolean inFlight;
        boolean loading;
        long retryAt;
        long retryTimer = -1;
        /** When its head event's current run of failures began (0: it is not failing). */
        long failingSince;
        long lastSeq;

        Lane(String key) {
            this.key = key;
        }

        boolean idle() {
            return events.isEmpty() && !inFlight && !loading;
        }
    }

    public WebhookDispatcher(Vertx vertx, JdbcWebhookQueue queue, DeskEvents events, Supplier<Settings> settings,
                             WebhookSender sender, WebhookDelivery delivery, Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.queue = queue;
        this.events = events;
        this.settings = settings;
        this.sender = sender;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** Starts polling (after dropping an earlier run's leases on SQLite, blocking: start-up only). */
    public void start() throws Exception {
        queue.releaseLeftoversOfSingleNode().get(30, TimeUnit.SECONDS);
        context.runOnContext(v -> {
            poller = vertx.setPeriodic(POLL_MILLIS, id -> round());
            round();
        });
    }

    /**
     * Told after each commit on this node, on the writer's thread: wakes the dispatcher when that writer recorded
     * events, so a change reaches the receiver without waiting for the next poll.
     */
    public void committed() {
        if (events.recordedSinceAsked()) {
            context.runOnContext(v -> {
                again = true;
                round();
            });
        }
    }

    private void round() {
        if (roundRunning || closed) {
            return;
        }
        Settings current = settings.get();
        boolean configured = !current.text(SettingDefinitions.WEBHOOK_URL).isEmpty();
        if (!configured && lanes.isEmpty() && delivered.isEmpty() && retries.isEmpty() && dead.isEmpty()) {
            return; // webhooks off and nothing held: no round (no transaction) at all
        }
        long now = clock.millis();
        List<String> idle = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            if (lane.idle()) {
                lane.loading = true;
                idle.add(lane.key);
            }
        }
        if (configured) {
            lanes.values().forEach(this::pump); // waiting for a URL, or stopped by a failed round
        }
        boolean renew = !lanes.isEmpty() && now - lastRenewal > LEASE.toMillis() / 3;
        int claim = configured ? MAX_LANES - lanes.size() : 0;
        if (claim == 0 && idle.isEmpty() && !renew && delivered.isEmpty() && retries.isEmpty() && dead.isEmpty()) {
            // Every lane it may hold is busy (an outage backs them all off): a round would be an empty
            // transaction after each commit that records an event.
            return;
        }
        Round round = new Round(owner, now, now + LEASE.toMillis(), renew, delivered, retries, dead, idle, claim,
                BATCH);
        delivered = new ArrayList<>();
        retries = new ArrayList<>();
        dead = new ArrayList<>();
        roundRunning = true;
        again = false;
        queue.cycle(round).whenComplete((result, failure) -> context.runOnContext(v -> finished(round, result,
                failure)));
    }

    private void finished(Round round, RoundResult result, Throwable failure) {
        roundRunning = false;
        if (closed) {
            if (failure != null) {
                delivered.addAll(0, round.delivered());
            }
            handBack();
            return;
        }
        if (failure != null) {
            // Nothing of the round happened: its outcomes go again with the next one.
            delivered.addAll(0, round.delivered());
            retries.addAll(0, round.retries());
            dead.addAll(0, round.dead());
            round.idleLanes().forEach(key -> lanes.get(key).loading = false);
            LOG.warn("Webhook delivery round failed; trying again: {}", failure.toString());
            return;
        }
        if (round.renew()) {
            lastRenewal = round.now();
        }
        for (String key : result.released()) {
            lanes.remove(key);
        }
        for (Map.Entry<String, List<Event>> loaded : result.loaded().entrySet()) {
            Lane lane = lanes.computeIfAbsent(loaded.getKey(), Lane::new);
            lane.loading = false;
            for (Event event : loaded.getValue()) {
                // A lane is loaded only when all it was sent is settled; an event seen before is not sent twice.
                if (event.seq() > lane.lastSeq) {
                    lane.events.add(event);
                    lane.lastSeq = event.seq();
                }
            }
            pump(lane);
        }
        if (again || !delivered.isEmpty() || !retries.isEmpty() || !dead.isEmpty()) {
            round();
        }
    }

    /** Sends the lane's next event unless one is in flight or the lane waits for a retry. */
    private void pump(Lane lane) {
        if (lane.inFlight || lane.events.isEmpty() || closed) {
            return;
        }
        long wait = lane.retryAt - clock.millis();
        if (wait > 0) {
            return; // its retry timer pumps it
        }
        Settings current = settings.get();
        String url = current.text(SettingDefinitions.WEBHOOK_URL);
        if (url.isEmpty()) {
            return;
        }
        Event event = lane.events.peek();
        lane.inFlight = true;
        sender.post(url, current.text(SettingDefinitions.SECRET_TOKEN), event.id(),
                event.body().getBytes(StandardCharsets.UTF_8), current.integer(SettingDefinitions.HTTP_TIMEOUT))
                .onComplete(outcome -> sent(lane, event, outcome.result()));
    }

    private void sent(Lane lane, Event event, WebhookSender.Outcome outcome) {
        lane.inFlight = false;
        long now = clock.millis();
        if (outcome.delivered()) {
            lane.events.poll();
            lane.failingSince = 0;
            delivered.add(event);
            receiverAnswered(now);
        } else {
            int attempts = event.attempts() + 1;
            if (!outcome.retryable() || now - event.queuedAt() >= delivery.retryWindow().toMillis()) {
                lane.events.poll();
                lane.failingSince = 0;
                dead.add(new Dead(event, attempts, outcome.describe()));
                LOG.warn("Webhook event {} ({}) became a dead letter after {} attempts: {}", event.id(),
                        event.type(), attempts, outcome.describe());
            } else {
                long delay = Backoff.delayMillis(attempts, delivery.maxBackoff());
                lane.retryAt = now + delay;
                lane.events.poll();
                lane.events.addFirst(new Event(event.seq(), event.id(), event.lane(), event.type(), event.body(),
                        event.queuedAt(), attempts));
                retries.add(new Retry(event, attempts, outcome.describe(), lane.retryAt));
                if (lane.failingSince == 0) {
                    lane.failingSince = now;
                }
                failedSinceDelivery = true;
                backedOff.add(lane);
                lane.retryTimer = vertx.setTimer(delay, id -> retryNow(lane));
            }
        }
        pump(lane);
        round();
    }

    /**
     * The receiver took an event after sends had failed. Lanes that began failing since it last took one failed
     * with it (an outage), not for their own events: they are tried now instead of at the end of their backoff, so
     * after an outage every held lane resumes with the first lane that gets through. A lane already failing before
     * that (its own events refused while others went through) keeps its backoff: at most its first wait of a run of
     * failures is cut short.
     */
    private void receiverAnswered(long now) {
        long previous = lastDeliveredAt;
        lastDeliveredAt = now;
        if (!failedSinceDelivery) {
            return;
        }
        failedSinceDelivery = false;
        for (Lane waiting : List.copyOf(backedOff)) {
            if (waiting.failingSince >= previous) {
                vertx.cancelTimer(waiting.retryTimer);
                retryNow(waiting);
            }
        }
    }

    private void retryNow(Lane lane) {
        backedOff.remove(lane);
        lane.retryTimer = -1;
        lane.retryAt = 0;
        pump(lane);
    }

    /**
     * Stops sending, records what was delivered since the last round and gives up this node's leases, so another
     * node (or the next start) carries on at once; what is in flight now may be sent again then (at least once).
     */
    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            vertx.cancelTimer(poller);
            if (!roundRunning) {
                handBack();
            }
        });
        try {
            stopped.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Webhook delivery did not stop cleanly: {}", e.toString());
        }
    }

    /** The last round: what was delivered, then this node's leases go. */
    private void handBack() {
        long now = clock.millis();
        Round last = new Round(owner, now, now, false, delivered, retries, dead, List.of(), 0, 0);
        queue.cycle(last).thenCompose(ignored -> queue.release(owner)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("Could not hand webhook lanes back: {}", failure.toString());
            }
            stopped.complete(null);
        });
    }
}
