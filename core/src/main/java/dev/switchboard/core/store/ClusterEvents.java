package dev.switchboard.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one node tells the others through the database. Writers publish from inside their transaction (a
 * {@link TransactionQueue.Work}, with its connection); on PostgreSQL this is {@code pg_notify}, delivered to every
 * node (this one too) only if and when the transaction commits. On SQLite (one node by construction) publishing
 * does nothing and no callback ever fires: the writer's own node applies its change itself, as it always must,
 * before it answers.
 *
 * <p>Subscribers are called on the listener thread: keep them short and idempotent (a node also receives its own
 * events, and an event can arrive more than once). Notifications are not durable, so whenever the listener
 * (re)connects the {@linkplain #onResync resync} callbacks run: forget everything that might have been missed.
 */
public final class ClusterEvents {
    /** Payload: a JSON array of visitor tokens whose cached copies are stale, or {@value #ALL} for everything. */
    public static final String CACHE_CHANNEL = "switchboard_cache";
    /** Payload: an app id whose status or settings changed. */
    public static final String APPS_CHANNEL = "switchboard_apps";
    /** Payload: the id of a host setting an admin changed. */
    public static final String SETTINGS_CHANNEL = "switchboard_settings";
    /** Payload: realtime stream events, framed by {@code realtime.StreamPayloads}; opaque to this class. */
    public static final String STREAM_CHANNEL = "switchboard_stream";
    static final String ALL = "*";
    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    public static final int MAX_PAYLOAD_BYTES = 7_900;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final SqlDialect dialect;
    private final List<Consumer<String>> tokenListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> appListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> settingListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> streamListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resyncListeners = new CopyOnWriteArrayList<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder receivedChars = new LongAdder();

    ClusterEvents(SqlDialect dialect) {
        this.dialect = dialect;
    }

    // ---- publishing: call from inside a TransactionQueue.Work, with its connection ----

    /** Every node forgets its cached visitors for these tokens once this transaction commits (nulls skipped). */
    public void tokensChanged(Connection connection, String... tokens) throws SQLException {
        if (!dialect.supportsNotify()) {
            return;
        }
        for (String payload : tokenPayloads(tokens)) {
            dialect.notify(connection, CACHE_CHANNEL, payload);
        }
    }

    /** Every node reloads app {@code appId}'s status and settings once this transaction commits. */
    public void appChanged(Connection connection, String appId) throws SQLException {
        publishId(connection, APPS_CHANNEL, appId);
    }

    /** Every node reloads host setting {@code settingId} once this transaction commits. */
    public void settingChanged(Connection connection, String settingId) throws SQLException {
        publishId(connection, SETTINGS_CHANNEL, settingId);
    }

    private void publishId(Connection connection, String channel, String id) throws SQLException {
        Objects.requireNonNull(id, "id");
        if (!dialect.supportsNotify()) {
            return;
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("id too long for a notification");
        }
        dialect.notify(connection, channel, id);
    }

    /**
     * Sends {@code payloads} (each under {@link #MAX_PAYLOAD_BYTES} UTF-8 bytes) on the stream channel with
     * {@code connection}; they reach every node, in this order, when its transaction commits. Unlike the cache
     * events, stream events describe changes that already committed, so the caller sends them from a connection
     * of its own, from one thread, to keep their order.
     */
    public void streamPayloads(Connection connection, List<String> payloads) throws SQLException {
        if (!dialect.supportsNotify()) {
            return;
        }
        for (String payload : payloads) {
            dialect.notify(connection, STREAM_CHANNEL, payload);
        }
    }

    /** True when published events reach other nodes (PostgreSQL); with SQLite there is one node. */
    public boolean reachesOtherNodes() {
        return dialect.supportsNotify();
    }

    // ---- subscribing ----

    /** {@code listener} gets each token whose cached visitor is stale. */
    public void onTokenChanged(Consumer<String> listener) {
        tokenListeners.add(Objects.requireNonNull(listener));
    }

    /** {@code listener} gets the id of each app whose status or settings changed on some node. */
    public void onAppChanged(Consumer<String> listener) {
        appListeners.add(Objects.requireNonNull(listener));
    }

    /** {@code listener} gets the id of each host setting an admin changed on some node. */
    public void onSettingChanged(Consumer<String> listener) {
        settingListeners.add(Objects.requireNonNull(listener));
    }

    /** {@code listener} gets each stream payload, in the order the listener connection received them. */
    public void onStream(Consumer<String> listener) {
        streamListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * {@code listener} runs whenever events may have been missed (the listener connection was (re)established):
     * drop every cache, reload every app.
     */
    public void onResync(Runnable listener) {
        resyncListeners.add(Objects.requireNonNull(listener));
    }

    // ---- delivery, from the listener ----

    /** Notifications this node received (each node receives every one, its own too): the cluster's traffic. */
    public long received() {
        return received.sum();
    }

    /** The characters of {@link #received()}'s payloads (their bytes, for the ASCII JSON they mostly are). */
    public long receivedChars() {
        return receivedChars.sum();
    }

    void deliver(String channel, String payload) {
        received.increment();
        receivedChars.add(payload.length());
        if (CACHE_CHANNEL.equals(channel)) {
            if (ALL.equals(payload)) {
                resync();
                return;
            }
            List<String> tokens;
            try {
                tokens = MAPPER.readValue(payload, STRINGS);
            } catch (JsonProcessingException e) {
                LOG.warn("Unreadable cache notification; clearing caches instead");
                resync();
                return;
            }
            for (String token : tokens) {
                call(tokenListeners, token);
            }
        } else if (APPS_CHANNEL.equals(channel)) {
            call(appListeners, payload);
        } else if (SETTINGS_CHANNEL.equals(channel)) {
            call(settingListeners, payload);
        } else if (STREAM_CHANNEL.equals(channel)) {
            call(streamListeners, payload);
        }
    }

    void resync() {
        for (Runnable listener : resyncListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("Resync listener failed", e);
            }
        }
    }

    private static void call(List<Consumer<String>> listeners, String value) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                LOG.error("Cluster event listener failed", e);
            }
        }
    }

    /** JSON arrays of tokens, each under the payload limit; {@value #ALL} for a token that alone is too big. */
    static List<String> tokenPayloads(String... tokens) {
        List<String> payloads = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        int batchBytes = 2;
        for (String token : tokens) {
            if (token == null || batch.contains(token)) {
                continue;
            }
            int bytes = json(List.of(token)).getBytes(StandardCharsets.UTF_8).length - 1;
            if (bytes + 2 > MAX_PAYLOAD_BYTES) {
                payloads.add(ALL);
                continue;
            }
            if (!batch.isEmpty() && batchBytes + bytes > MAX_PAYLOAD_BYTES) {
                payloads.add(json(batch));
                batch = new ArrayList<>();
                batchBytes = 2;
            }
            batch.add(token);
            batchBytes += bytes;
        }
        if (!batch.isEmpty()) {
            payloads.add(json(batch));
        }
        return payloads;
    }

    private static String json(List<String> tokens) {
        try {
            return MAPPER.writeValueAsString(tokens);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
