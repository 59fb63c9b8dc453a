package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable inbox of verified webhook deliveries, kept in the app's {@link KeyValueStore}.
 *
 * <ul>
 *   <li>{@code inbox/<13-digit epoch millis>-<6-digit sequence>-<8 hex random>} holds the raw request body,
 *       exactly as received. Keys sort by arrival time, so draining is roughly first-in first-out.</li>
 *   <li>A body larger than one store value (1 MiB; Meta allows up to about 3 MB) is split into
 *       {@code inbox-part/<id>/<4-digit index>} values written first; {@code inbox/<id>} then holds a marker
 *       ({@code NUL "parts:" n}), which cannot be confused with JSON.</li>
 *   <li>A delivery that keeps failing is moved to {@code inbox-dead/<id>} (same value) for an operator.</li>
 *   <li>With a retention (setting {@code inboxRetentionHours}), a processed delivery is moved to
 *       {@code inbox-done/<id>} (same value, parts kept) and pruned once older than the retention.</li>
 * </ul>
 * Stateless apart from a sequence counter; thread-safe.
 */
final class Inbox {

    static final String PREFIX = "inbox/";
    static final String PART_PREFIX = "inbox-part/";
    static final String DEAD_PREFIX = "inbox-dead/";
    static final String DONE_PREFIX = "inbox-done/";
    private static final byte[] MARKER = "\u0000parts:".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final KeyValueStore store;
    private final int maxValueBytes;

    Inbox(KeyValueStore store) {
        this(store, KeyValueStore.MAX_VALUE_BYTES);
    }

    Inbox(KeyValueStore store, int maxValueBytes) {
        this.store = store;
        this.maxValueBytes = maxValueBytes;
    }

    /** A stored body's key, and the write that makes it durable. */
    record Added(String key, CompletionStage<Void> stored) {
    }

    /**
     * Stores a body. The entry itself is written with {@code putAsync}, so an endpoint's response waits for it
     * without blocking the endpoint's thread; the parts of a split body are written (and waited for) first.
     *
     * @param body      the raw request body
     * @param nowMillis the arrival time
     * @return the {@code inbox/...} key and the entry's write
     */
    Added add(byte[] body, long nowMillis) {
        String id = zeroPadded(Long.toString(nowMillis), 13) + "-"
                + zeroPadded(Long.toString(SEQUENCE.incrementAndGet() % 1_000_000), 6) + "-"
                + zeroPadded(Integer.toHexString(ThreadLocalRandom.current().nextInt()), 8);
        if (body.length <= maxValueBytes) {
            return new Added(PREFIX + id, store.putAsync(PREFIX + id, body));
        } else {
            int parts = (body.length + maxValueBytes - 1) / maxValueBytes;
            for (int i = 0; i < parts; i++) {
                int from = i * maxValueBytes;
                store.put(partKey(id, i), Arrays.copyOfRange(body, from, Math.min(body.length, from + maxValueBytes)));
            }
            return new Added(PREFIX + id, store.putAsync(PREFIX + id, marker(parts)));
        }
    }

    private static byte[] marker(int parts) {
        byte[] marker = Arrays.copyOf(MARKER, MARKER.length + 8);
        byte[] count = zeroPadded(Integer.toString(parts), 8).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(count, 0, marker, MARKER.length, count.length);
        return marker;
    }

    /** A stored delivery as {@link #read} found it: the body, and how many parts it was split into (0: none). */
    record Entry(byte[] body, int parts) {
    }

    /**
     * Reads stored deliveries: the entries in one read of the store, then the parts of any split body.
     *
     * @param keys {@code inbox/...} keys
     * @return the entries still stored, by key, in the order of {@code keys}; keys gone (processed) are left out
     * @throws IllegalStateException if a part of a split body is missing
     */
    Map<String, Entry> readAll(List<String> keys) {
        Map<String, byte[]> values = store.getAll(keys);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String key : keys) {
            byte[] value = values.get(key);
            if (value != null) {
                entries.put(key, entry(key, value));
            }
        }
        return entries;
    }

    private Entry entry(String key, byte[] value) {
        int parts = parts(value);
        if (parts < 0) {
            return new Entry(value, 0);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String id = key.substring(PREFIX.length());
        for (int i = 0; i < parts; i++) {
            byte[] part = store.get(partKey(id, i))
                    .orElseThrow(() -> new IllegalStateException("inbox entry " + key + " lacks a part"));
            out.writeBytes(part);
        }
        return new Entry(out.toByteArray(), parts);
    }

    /**
     * Retires processed entries {@link #readAll} found, without reading them again, in one delete of the store:
     * removes them with their parts, or, with a retention, first copies them to {@code inbox-done/} in one write
     * (their parts stay until {@link #pruneDone}).
     *
     * @param entries        the entries, by {@code inbox/...} key
     * @param retentionHours how long processed deliveries are kept; 0 or less removes at once
     */
    void retireAll(Map<String, Entry> entries, long retentionHours) {
        if (entries.isEmpty()) {
            return;
        }
        List<String> gone = new ArrayList<>(entries.keySet());
        if (retentionHours > 0) {
            Map<String, byte[]> done = new LinkedHashMap<>();
            entries.forEach((key, entry) -> done.put(DONE_PREFIX + key.substring(PREFIX.length()),
                    entry.parts() > 0 ? marker(entry.parts()) : entry.body()));
            store.putAll(done);
        } else {
            entries.forEach((key, entry) -> gone.addAll(partKeys(key.substring(PREFIX.length()), entry.parts())));
        }
        store.deleteAll(gone);
    }

    /**
     * Removes processed deliveries older than the retention (by arrival time, which their keys start with), and
     * every one when the retention is 0.
     *
     * @return the number removed
     */
    int pruneDone(long nowMillis, long retentionHours) {
        long cutoffMillis = nowMillis - Math.max(0, retentionHours) * 3_600_000L;
        String cutoff = DONE_PREFIX + zeroPadded(Long.toString(Math.max(0, cutoffMillis)), 13);
        return Pruning.deleteBefore(store, DONE_PREFIX, cutoff, key -> deleteParts(
                key.substring(DONE_PREFIX.length()), store.get(key).map(Inbox::parts).orElse(-1)));
    }

    /** Moves an entry that keeps failing to {@code inbox-dead/} (parts stay where they are). */
    void bury(String key) {
        Optional<byte[]> value = store.get(key);
        value.ifPresent(v -> store.put(DEAD_PREFIX + key.substring(PREFIX.length()), v));
        store.delete(key);
    }

    /** The oldest entries' keys, oldest first. */
    List<String> oldest(int limit) {
        return store.keys(PREFIX, limit);
    }

    private void deleteParts(String id, int parts) {
        List<String> keys = partKeys(id, parts);
        if (!keys.isEmpty()) {
            store.deleteAll(keys);
        }
    }

    private static List<String> partKeys(String id, int parts) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            keys.add(partKey(id, i));
        }
        return keys;
    }

    private static String partKey(String id, int index) {
        return PART_PREFIX + id + "/" + zeroPadded(Integer.toString(index), 4);
    }

    /** Left-pads with zeros; unlike {@code String.format}, cheap on the webhook's hot path and never localized. */
    private static String zeroPadded(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static int parts(byte[] value) {
        if (value.length != MARKER.length + 8 || !Arrays.equals(value, 0, MARKER.length, MARKER, 0, MARKER.length)) {
            return -1;
        }
        return Integer.parseInt(new String(value, MARKER.length, 8, StandardCharsets.US_ASCII));
    }
}
