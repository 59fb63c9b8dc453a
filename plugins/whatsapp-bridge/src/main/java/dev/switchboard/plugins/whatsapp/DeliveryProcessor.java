package dev.switchboard.plugins.whatsapp;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.Pairing;
import dev.switchboard.plugins.whatsapp.Delivery.Status;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.KeyValueStore;
import dev.switchboard.spi.RoomUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes stored deliveries: parse, deduplicate by {@code wamid}, link visitors, write each message into the
 * visitor's room and each status as a receipt ({@link RoomWriter}), update the contact book, then retire the inbox
 * entry, only after those writes are durable. Deliveries are processed at least once; messages take effect once.
 *
 * <p><b>Idempotency.</b> Before a message is handled, {@code seen/<yyyyMMdd>/<wamid>} (the date is the message's
 * own {@code timestamp}, identical in every retry, so old keys can be pruned in key order) is claimed with
 * {@code putIfAbsent} as {@code {"state":"claimed","run":…,"inbox":…,"at":…}} and set to
 * {@code {"state":"done","at":…}} afterwards. A message already done is skipped. A message claimed while
 * processing another inbox entry is skipped too: that entry stays in the inbox until its claim is done, so the
 * message is not lost. A claim left by an earlier run (a crash) on the entry being drained is taken over. A
 * failure releases the claim and keeps the entry for the next drain; after {@value #MAX_ATTEMPTS} failures in one
 * run the entry moves to {@code inbox-dead/}. A {@link HostUnavailableException} (anywhere in the cause chain) or
 * an interrupt is not counted as a failure: the entry is kept however long the host is unavailable, and a drain
 * stops at the first one.
 *
 * <p>Thread-safe; in-process bookkeeping is static so every extension instance of one plugin load shares it.
 */
final class DeliveryProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    static final String SEEN_PREFIX = "seen/";
    static final int MAX_ATTEMPTS = 5;
    /** How long a message id is remembered; Meta retries for up to 7 days. */
    static final long SEEN_RETENTION_DAYS = 14;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** This plugin load's id, written into claims so a later run can recognise a crashed run's claims. */
    static final String RUN = UUID.randomUUID().toString();
    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final Map<String, Integer> FAILURES = new ConcurrentHashMap<>();

    private final AppContext context;
    private final KeyValueStore store;
    private final JsonCodec json;
    private final Inbox inbox;
    private final LongSupplier clock;
    private final ProcessingLanes lanes;
    /** Set when a {@link #process} call of this instance met an unavailable host (or an interrupt). */
    private volatile boolean hostUnavailable;

    DeliveryProcessor(AppContext context) {
        this(context, ProcessingLanes.current());
    }

    DeliveryProcessor(AppContext context, ProcessingLanes lanes) {
        this(context, System::currentTimeMillis, lanes);
    }

    DeliveryProcessor(AppContext context, LongSupplier clock) {
        this(context, clock, ProcessingLanes.current());
    }

    private DeliveryProcessor(AppContext context, LongSupplier clock, ProcessingLanes lanes) {
        this.context = context;
        this.lanes = lanes;
        this.store = context.store();
        this.json = context.json();
        this.inbox = new Inbox(store);
        this.clock = clock;
    }

    /**
     * Processes one inbox entry unless another thread of this process is already on it.
     *
     * @param key the {@code inbox/...} key
     * @return true if the entry is gone afterwards (processed, already processed, or buried)
     */
    boolean process(String key) {
        if (!IN_FLIGHT.add(key)) {
            return false;
        }
        try {
            Optional<Inbox.Entry> entry = inbox.read(key);
            if (entry.isEmpty()) {
                return true;
            }
            Map<String, Object> root;
            try {
                root = json.parseObject(entry.get().body());
            } catch (JsonCodec.JsonException e) {
                LOG.warn("inbox entry {} is not a JSON object; moved to {}", key, Inbox.DEAD_PREFIX);
                inbox.bury(key);
                return true;
            }
            Delivery delivery = DeliveryParser.parse(root);
            VisitorLinker linker = new VisitorLinker(context);
            RoomWriter rooms = new RoomWriter(context);
            ContactBook book = new ContactBook(store, json);
            Map<String, String> predecessors = delivery.predecessors();
            for (Event event : delivery.events()) {
                handle(event, key, linker, rooms, predecessors);
            }
            boolean receiptsWait = false;
            for (Status status : delivery.statuses()) {
                receiptsWait |= !rooms.receipt(status, clock.getAsLong() / 1000);
            }
            for (Pairing p : delivery.pairings()) {
                if (book.lookup(p.phoneDigits()).map(e -> !e.bsuid().equals(p.bsuid())).orElse(true)) {
                    book.remember(p.phoneDigits(), new ContactBook.Entry(p.bsuid(), p.parentBsuid(), null, null));
                }
            }
            LOG.debug("inbox entry {}: {} events, {} statuses, {} other changes", key, delivery.events().size(),
                    delivery.statuses().size(), delivery.ignored());
            if (receiptsWait) {
                // A status overtook the send it names; kept, not counted: the next drain reports it again.
                return false;
            }
            inbox.retire(key, entry.get(), context.settings().getLong(BridgeSettings.INBOX_RETENTION_HOURS));
            FAILURES.remove(key);
            return true;
        } catch (RoomUnavailableException e) {
            // The visitor is in a room of the widget or another app; one open room per visitor. Kept, not counted:
            // the messages go in once that room closes (each drain tries again).
            LOG.debug("inbox entry {} waits: its visitor has an open room of another source", key);
            return false;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.debug("inbox entry {} interrupted; kept for the next drain", key);
                hostUnavailable = true;
                return false;
            }
            if (isHostUnavailable(e)) {
                // The database is down, the host timed out, ...: not this entry's fault, so not an attempt.
                LOG.warn("host unavailable; inbox entry {} kept for the next drain: {}", key, e.toString());
                hostUnavailable = true;
                return false;
            }
            int attempts = FAILURES.merge(key, 1, Integer::sum);
            if (attempts >= MAX_ATTEMPTS) {
                LOG.error("inbox entry {} failed {} times; moved to {}: {}", key, attempts, Inbox.DEAD_PREFIX,
                        e.getClass().getName());
                inbox.bury(key);
                FAILURES.remove(key);
                return true;
            }
            LOG.warn("inbox entry {} failed (attempt {}), kept for the next drain: {}", key, attempts, e.toString());
            return false;
        } finally {
            IN_FLIGHT.remove(key);
        }
    }

    /** True if {@code e} or any of its causes is a {@link HostUnavailableException}. */
    static boolean isHostUnavailable(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof HostUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private void handle(Event event, String inboxKey, VisitorLinker linker, RoomWriter rooms,
                        Map<String, String> predecessors) {
        if (event.wamid() == null) {
            linker.link(event, predecessors);
            return;
        }
        String seenKey = seenKey(event.wamid(), event.timestamp());
        if (!claim(seenKey, inboxKey)) {
            LOG.debug("message {} already handled; skipped", event.wamid());
            return;
        }
        try {
            linker.link(event, predecessors).ifPresent(visitor -> rooms.apply(event, visitor));
        } catch (RuntimeException e) {
            store.delete(seenKey);
            throw e;
        }
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("state", "done");
        done.put("at", clock.getAsLong());
        store.put(seenKey, json.write(done));
    }

    /** Claims a message for this inbox entry; false when it is done or owned by another pending entry. */
    private boolean claim(String seenKey, String inboxKey) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("state", "claimed");
        claim.put("run", RUN);
        claim.put("inbox", inboxKey);
        claim.put("at", clock.getAsLong());
        byte[] bytes = json.write(claim);
        if (store.putIfAbsent(seenKey, bytes)) {
            return true;
        }
        Map<String, Object> existing = store.get(seenKey).map(this::parseOrNull).orElse(null);
        if (existing == null) {
            // Released meanwhile (a failure) or unreadable: try once more.
            return store.putIfAbsent(seenKey, bytes);
        }
        if (!"claimed".equals(existing.get("state"))) {
            return false;
        }
        if (inboxKey.equals(existing.get("inbox"))) {
            // This very entry was being processed by an earlier run that stopped (crash, kill, disable).
            store.put(seenKey, bytes);
            return true;
        }
        Object owner = existing.get("inbox");
        if (owner instanceof String ownerKey && store.get(ownerKey).isPresent()) {
            // Another stored delivery of the same message owns it; it stays in the inbox until done.
            return false;
        }
        // The owning entry is gone without marking the message done (it was buried): take the claim over.
        store.put(seenKey, bytes);
        return true;
    }

    private Map<String, Object> parseOrNull(byte[] bytes) {
        try {
            return json.parseObject(bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Drains on this thread unless another drain is running; that one then makes one more pass, so nothing stored
     * meanwhile waits for the next periodic drain.
     *
     * @return the number of entries this thread removed
     */
    int drainExclusively() {
        return lanes.wantDrain() ? drainWhileWanted() : 0;
    }

    /**
     * Like {@link #drainExclusively}, on the app's executor: for deliveries that found no free lane. If the
     * executor refuses, the periodic drain takes them.
     */
    void drainSoon() {
        if (!lanes.wantDrain()) {
            return;
        }
        try {
            context.executor().execute(this::drainWhileWanted);
        } catch (RejectedExecutionException e) {
            lanes.drainEnded();
        }
    }

    /** Runs the drain {@link ProcessingLanes#wantDrain} gave this thread, and the passes asked for meanwhile. */
    private int drainWhileWanted() {
        int removed = 0;
        do {
            try {
                while (lanes.nextPass()) {
                    removed += drain();
                }
            } finally {
                lanes.drainEnded();
            }
        } while (lanes.wantedAgain());
        return removed;
    }

    /**
     * Processes every stored entry, oldest first, on this thread and on helpers, each in a free lane the app's
     * executor accepts (none in a flood while deliveries hold the lanes, or while the executor is full: then this
     * thread works alone). Entries another thread is processing are left to it.
     *
     * @return the number of entries removed
     */
    int drain() {
        hostUnavailable = false; // an earlier pass's outage need not last
        Set<String> kept = ConcurrentHashMap.newKeySet();
        int removed = 0;
        while (!Thread.currentThread().isInterrupted() && !hostUnavailable) {
            List<String> due = new ArrayList<>(inbox.oldest(Math.min(1000, 100 + kept.size())));
            due.removeAll(kept);
            int done = due.isEmpty() ? 0 : new DrainBatch(due, kept).processAll();
            if (done == 0) {
                return removed;
            }
            removed += done;
        }
        return removed;
    }

    /**
     * One batch of a drain, worked on by the draining thread and whichever helper tasks start before it is done.
     * A helper that starts later finds nothing left and returns at once.
     */
    private final class DrainBatch implements Runnable {
        private final Deque<String> pending;
        private final Set<String> kept;
        private final AtomicInteger removed = new AtomicInteger();
        private int working; // guarded by this

        DrainBatch(List<String> keys, Set<String> kept) {
            this.pending = new ArrayDeque<>(keys);
            this.kept = kept;
        }

        /** Works on the batch with helpers until every key is done; returns how many entries were removed. */
        int processAll() {
            for (int i = 1; i < ProcessingLanes.CALM_LANES && lanes.tryTake(); i++) {
                try {
                    context.executor().execute(this::helpInLane);
                } catch (RejectedExecutionException e) {
                    lanes.release();
                    break;
                }
            }
            run();
            awaitHelpers();
            return removed.get();
        }

        private void helpInLane() {
            try {
                run();
            } finally {
                lanes.release();
            }
        }

        @Override
        public void run() {
            String key;
            while ((key = next()) != null) {
                try {
                    if (process(key)) {
                        removed.incrementAndGet();
                    } else if (!hostUnavailable) {
                        kept.add(key);
                    }
                } finally {
                    finished();
                }
            }
        }

        /** The next key, or null when the batch is done or the drain must stop (outage, interrupt). */
        private synchronized String next() {
            if (hostUnavailable || Thread.currentThread().isInterrupted() || pending.isEmpty()) {
                return null;
            }
            working++;
            return pending.poll();
        }

        private synchronized void finished() {
            working--;
            notifyAll();
        }

        private synchronized void awaitHelpers() {
            try {
                while (working > 0) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Removes message ids older than the retention, oldest first. */
    int pruneSeen() {
        String cutoff = SEEN_PREFIX + DAY.format(Instant.ofEpochMilli(clock.getAsLong())
                .minusSeconds(SEEN_RETENTION_DAYS * 86_400L));
        return Pruning.deleteBefore(store, SEEN_PREFIX, cutoff, key -> { });
    }

    /**
     * The idempotency key of a message: {@code seen/<yyyyMMdd of its timestamp>/<wamid>}, or
     * {@code seen/~/<wamid>} without a timestamp ('~' sorts after digits, so those are never pruned), with the
     * wamid replaced by {@code h-<sha256 hex>} when too long for a key.
     */
    static String seenKey(String wamid, String timestamp) {
        String day = "~";
        if (timestamp != null) {
            try {
                day = DAY.format(Instant.ofEpochSecond(Long.parseLong(timestamp.trim())));
            } catch (RuntimeException e) {
                day = "~";
            }
        }
        String id = wamid.length() <= 150 ? wamid : "h-" + sha256Hex(wamid);
        return SEEN_PREFIX + day + "/" + id;
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
