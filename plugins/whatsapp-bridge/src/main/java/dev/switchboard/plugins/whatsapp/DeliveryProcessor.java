package dev.switchboard.plugins.whatsapp;

import dev.switchboard.plugins.whatsapp.Delivery.Event;
import dev.switchboard.plugins.whatsapp.Delivery.IdChange;
import dev.switchboard.plugins.whatsapp.Delivery.Pairing;
import dev.switchboard.plugins.whatsapp.Delivery.Sender;
import dev.switchboard.plugins.whatsapp.Delivery.Status;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.HostUnavailableException;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes stored deliveries in batches: parse, skip messages already handled, link visitors, write each message
 * into the visitor's room and each status as a receipt ({@link RoomWriter}), update the contact book, then retire
 * the inbox entries, only after those writes are durable. Deliveries are processed at least once; messages take
 * effect once.
 *
 * <p><b>Batches.</b> A batch is up to {@value #MAX_BATCH} inbox entries, and each step is one host call for the whole
 * batch, not one per message: the entries in one read, the done markers in one read, the senders' visitors in one
 * read (a known sender then needs no call of its own; only ids no visitor holds go to the host's writer), every
 * message in one {@link dev.switchboard.spi.Conversations#postAll} transaction (in inbox order, so a user's messages
 * keep their order within a batch), the 24-hour windows in one read and at most one write, the done markers in one
 * write and the entries' removal in one delete. Edits and revokes (rare) are one call each, after the messages
 * before them.
 *
 * <p><b>Idempotency.</b> The host stores one message per wamid, so posting a message again changes nothing. The
 * other effects of a message are not all like that: linking a late retry of an old message could point the contact
 * book back at an older BSUID, and an old edit could undo a newer one. So once an entry is retired, each of its
 * messages is marked done under {@code seen/<yyyyMMdd>/<wamid>} ({@code {"state":"done","at":…}}; the date is the
 * message's own {@code timestamp}, identical in every retry, so old keys can be pruned in key order), and a message
 * already marked done is skipped. A message is not claimed before it is handled: two entries holding the same
 * message (a retry of Meta's while the first still waits) may both handle it, with the same effects, which the
 * host keeps once. A marker of an earlier version ({@code "state":"claimed"}) does not count as done.
 *
 * <p><b>Failures.</b> An entry whose message the host refuses because its visitor has an open room of another source
 * waits in the inbox without counting as a failure; the rest of its batch goes on. A
 * {@link HostUnavailableException} (anywhere in the cause chain) or an interrupt keeps the whole batch, not counted,
 * and a drain stops at the first one. Any other failure of a batch of several entries has them processed one by one,
 * so that one bad entry does not hold back the others; a failure of one entry alone counts, and after
 * {@value #MAX_ATTEMPTS} in one run the entry moves to {@code inbox-dead/}.
 *
 * <p>Thread-safe; in-process bookkeeping is static so every extension instance of one plugin load shares it.
 */
final class DeliveryProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    static final String SEEN_PREFIX = "seen/";
    static final int MAX_ATTEMPTS = 5;
    /** The most inbox entries one batch takes. */
    static final int MAX_BATCH = 128;
    /** How many of the oldest entries a drain pass lists and hands out in batches. */
    private static final int PASS = 1000;
    /** How long a message id is remembered; Meta retries for up to 7 days. */
    static final long SEEN_RETENTION_DAYS = 14;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final Map<String, Integer> FAILURES = new ConcurrentHashMap<>();

    private final AppContext context;
    private final KeyValueStore store;
    private final JsonCodec json;
    private final Inbox inbox;
    private final LongSupplier clock;
    private final ProcessingLanes lanes;
    /** Set when a batch of this instance met an unavailable host (or an interrupt). */
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
        return processBatch(List.of(key), new HashSet<>()) == 1;
    }

    /**
     * Processes a batch of inbox entries, leaving out those another thread of this process is on.
     *
     * @param keys {@code inbox/...} keys, oldest first
     * @param kept receives the keys that stay in the inbox for a reason of their own (waiting for a room, failed,
     *             taken by another thread); an outage adds none, it stops the drain instead
     * @return how many of the entries are gone afterwards (processed, already processed, or buried)
     */
    int processBatch(List<String> keys, Set<String> kept) {
        List<String> mine = new ArrayList<>(keys.size());
        for (String key : keys) {
            if (IN_FLIGHT.add(key)) {
                mine.add(key);
            } else {
                kept.add(key);
            }
        }
        try {
            if (mine.isEmpty()) {
                return 0;
            }
            try {
                return handle(mine, kept);
            } catch (RuntimeException e) {
                if (stopsTheDrain(e, mine)) {
                    return 0;
                }
                if (mine.size() == 1) {
                    return failed(mine.get(0), e, kept) ? 1 : 0;
                }
                LOG.debug("a batch of {} inbox entries failed ({}); each is processed alone", mine.size(),
                        e.toString());
                return oneByOne(mine, kept);
            }
        } finally {
            IN_FLIGHT.removeAll(mine);
        }
    }

    /** The entries of a failed batch, each alone, so that a failure counts against its own entry only. */
    private int oneByOne(List<String> keys, Set<String> kept) {
        int removed = 0;
        for (String key : keys) {
            if (hostUnavailable) {
                break;
            }
            try {
                removed += handle(List.of(key), kept);
            } catch (RuntimeException e) {
                if (stopsTheDrain(e, List.of(key))) {
                    break;
                }
                removed += failed(key, e, kept) ? 1 : 0;
            }
        }
        return removed;
    }

    /** True (and the drain told to stop) for an interrupt or an unavailable host: not the entries' fault. */
    private boolean stopsTheDrain(RuntimeException e, List<String> keys) {
        if (Thread.currentThread().isInterrupted()) {
            LOG.debug("{} inbox entries interrupted; kept for the next drain", keys.size());
            hostUnavailable = true;
            return true;
        }
        if (isHostUnavailable(e)) {
            // The database is down, the host timed out, ...: not these entries' fault, so not an attempt.
            LOG.warn("host unavailable; {} inbox entries kept for the next drain: {}", keys.size(), e.toString());
            hostUnavailable = true;
            return true;
        }
        return false;
    }

    /** Counts a failure of one entry; true if it was buried now. */
    private boolean failed(String key, RuntimeException e, Set<String> kept) {
        int attempts = FAILURES.merge(key, 1, Integer::sum);
        if (attempts >= MAX_ATTEMPTS) {
            LOG.error("inbox entry {} failed {} times; moved to {}: {}", key, attempts, Inbox.DEAD_PREFIX,
                    e.getClass().getName());
            inbox.bury(key);
            FAILURES.remove(key);
            return true;
        }
        LOG.warn("inbox entry {} failed (attempt {}), kept for the next drain: {}", key, attempts, e.toString());
        kept.add(key);
        return false;
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

    /** A stored delivery of the batch, parsed. */
    private record Parsed(String key, Inbox.Entry entry, Delivery delivery) {
    }

    /** Processes the entries as one batch; returns how many are gone afterwards. */
    private int handle(List<String> keys, Set<String> kept) {
        Map<String, Inbox.Entry> entries = inbox.readAll(keys);
        int removed = keys.size() - entries.size(); // gone already: processed meanwhile
        List<Parsed> deliveries = new ArrayList<>(entries.size());
        for (Map.Entry<String, Inbox.Entry> entry : entries.entrySet()) {
            try {
                Map<String, Object> root = json.parseObject(entry.getValue().body());
                deliveries.add(new Parsed(entry.getKey(), entry.getValue(), DeliveryParser.parse(root)));
            } catch (JsonCodec.JsonException e) {
                LOG.warn("inbox entry {} is not a JSON object; moved to {}", entry.getKey(), Inbox.DEAD_PREFIX);
                inbox.bury(entry.getKey());
                removed++;
            }
        }
        Seen seen = seen(deliveries);
        VisitorLinker linker = new VisitorLinker(context);
        linker.prefetch(senderIds(deliveries, seen));
        RoomWriter rooms = new RoomWriter(context);
        for (Parsed parsed : deliveries) {
            Map<String, String> predecessors = parsed.delivery().predecessors();
            for (Event event : parsed.delivery().events()) {
                if (event.wamid() == null) {
                    linker.link(event, predecessors);
                } else if (seen.isDone(event)) {
                    LOG.debug("message {} already handled; skipped", event.wamid());
                } else {
                    linker.link(event, predecessors).ifPresent(visitor -> rooms.apply(event, visitor, parsed.key()));
                }
            }
        }
        Set<String> waiting = new HashSet<>(rooms.finish());
        ContactBook book = new ContactBook(store, json);
        for (Parsed parsed : deliveries) {
            Delivery delivery = parsed.delivery();
            for (Status status : delivery.statuses()) {
                if (!rooms.receipt(status, clock.getAsLong() / 1000)) {
                    // A status overtook the send it names; kept, not counted: the next drain reports it again.
                    waiting.add(parsed.key());
                }
            }
            for (Pairing p : delivery.pairings()) {
                if (book.lookup(p.phoneDigits()).map(e -> !e.bsuid().equals(p.bsuid())).orElse(true)) {
                    book.remember(p.phoneDigits(), new ContactBook.Entry(p.bsuid(), p.parentBsuid(), null, null));
                }
            }
            LOG.debug("inbox entry {}: {} events, {} statuses, {} other changes", parsed.key(),
                    delivery.events().size(), delivery.statuses().size(), delivery.ignored());
        }
        return removed + retire(deliveries, seen, waiting, kept);
    }

    /**
     * Marks the messages of every entry that does not wait as done, then retires those entries; an entry that
     * waits (its visitor in another source's room, or a status ahead of its send) stays, not counted as a failure.
     *
     * @return how many entries were retired
     */
    private int retire(List<Parsed> deliveries, Seen seen, Set<String> waiting, Set<String> kept) {
        Map<String, Inbox.Entry> finished = new LinkedHashMap<>();
        Map<String, byte[]> marks = new LinkedHashMap<>();
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("state", "done");
        marker.put("at", clock.getAsLong());
        byte[] doneBytes = json.write(marker);
        for (Parsed parsed : deliveries) {
            if (waiting.contains(parsed.key())) {
                LOG.debug("inbox entry {} waits: a room of another source, or a status ahead of its send",
                        parsed.key());
                kept.add(parsed.key());
                continue;
            }
            finished.put(parsed.key(), parsed.entry());
            for (Event event : parsed.delivery().events()) {
                if (event.wamid() != null) {
                    marks.put(seen.keys().get(event), doneBytes);
                }
            }
        }
        if (!marks.isEmpty()) {
            store.putAll(marks);
        }
        inbox.retireAll(finished, context.settings().getLong(BridgeSettings.INBOX_RETENTION_HOURS));
        finished.keySet().forEach(FAILURES::remove);
        return finished.size();
    }

    /**
     * The {@code seen/} keys of the batch's messages by event, each worked out once (formatting its day is not
     * free), and those of them marked done.
     */
    private record Seen(Map<Event, String> keys, Set<String> done) {
        /** Whether the event, a message, is marked done. */
        boolean isDone(Event event) {
            return done.contains(keys.get(event));
        }
    }

    /** The {@code seen/} keys of the batch's messages, and which of them are marked done, in one read. */
    private Seen seen(List<Parsed> deliveries) {
        Map<Event, String> keys = new IdentityHashMap<>();
        for (Parsed parsed : deliveries) {
            for (Event event : parsed.delivery().events()) {
                if (event.wamid() != null) {
                    keys.put(event, seenKey(event));
                }
            }
        }
        Set<String> done = new HashSet<>();
        if (!keys.isEmpty()) {
            store.getAll(new LinkedHashSet<>(keys.values())).forEach((key, value) -> {
                Map<String, Object> mark = parseOrNull(value);
                if (mark != null && "done".equals(mark.get("state"))) {
                    done.add(key);
                }
            });
        }
        return new Seen(keys, done);
    }

    /** Every WhatsApp id the batch's events to be linked name, for one look-up of their visitors. */
    private static Set<String> senderIds(List<Parsed> deliveries, Seen seen) {
        Set<String> ids = new LinkedHashSet<>();
        for (Parsed parsed : deliveries) {
            for (Event event : parsed.delivery().events()) {
                if (event.wamid() != null && seen.isDone(event)) {
                    continue;
                }
                Sender sender = event.sender();
                IdChange change = event.change();
                addIfPresent(ids, sender.bsuid(), sender.parentBsuid());
                if (change != null) {
                    addIfPresent(ids, change.oldBsuid(), change.newBsuid(), change.oldParent(), change.newParent());
                }
            }
        }
        return ids;
    }

    private static void addIfPresent(Set<String> ids, String... values) {
        for (String value : values) {
            if (value != null) {
                ids.add(value);
            }
        }
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
     * Processes every stored entry, oldest first, in batches, on this thread and on helpers, each in a free lane the
     * app's executor accepts (none while the executor is full: then this thread works alone). Entries another
     * thread is processing are left to it.
     *
     * @return the number of entries removed
     */
    int drain() {
        hostUnavailable = false; // an earlier pass's outage need not last
        Set<String> kept = ConcurrentHashMap.newKeySet();
        int removed = 0;
        while (!Thread.currentThread().isInterrupted() && !hostUnavailable) {
            List<String> due = new ArrayList<>(inbox.oldest(PASS));
            due.removeAll(kept);
            int done = due.isEmpty() ? 0 : new DrainPass(due, kept).processAll();
            if (done == 0) {
                return removed;
            }
            removed += done;
        }
        return removed;
    }

    /**
     * One pass of a drain: the oldest entries cut into batches, oldest first, worked on by the draining thread and
     * whichever helper tasks start before the pass is done. The batches are as even as the lanes allow, at most
     * {@value #MAX_BATCH} entries, so a short inbox still spreads over the lanes. A helper that starts late finds
     * nothing left and returns at once.
     */
    private final class DrainPass implements Runnable {
        private final Deque<List<String>> pending = new ArrayDeque<>();
        private final Set<String> kept;
        private final AtomicInteger removed = new AtomicInteger();
        private int working; // guarded by this

        DrainPass(List<String> keys, Set<String> kept) {
            int size = Math.min(MAX_BATCH, Math.max(1, (keys.size() + lanes.lanes() - 1) / lanes.lanes()));
            for (int from = 0; from < keys.size(); from += size) {
                pending.add(keys.subList(from, Math.min(keys.size(), from + size)));
            }
            this.kept = kept;
        }

        /** Works on the pass with helpers until every batch is done; returns how many entries were removed. */
        int processAll() {
            int width = Math.min(pending.size(), lanes.lanes());
            for (int i = 1; i < width && lanes.tryTake(); i++) {
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
            List<String> batch;
            while ((batch = next()) != null) {
                try {
                    removed.addAndGet(processBatch(batch, kept));
                } finally {
                    finished();
                }
            }
        }

        /** The next batch, or null when the pass is done or the drain must stop (outage, interrupt). */
        private synchronized List<String> next() {
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
    private static String seenKey(Event event) {
        return seenKey(event.wamid(), event.timestamp());
    }

    /** {@link #seenKey(Event)} of a message's wamid and {@code timestamp}. */
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
