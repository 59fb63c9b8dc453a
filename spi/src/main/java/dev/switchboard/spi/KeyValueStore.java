package dev.switchboard.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A persistent key-value store scoped to one app: keys of different apps never collide and an app sees only
 * its own. The host persists it in its database, so values survive restarts and are shared by all host
 * instances using that database. Every write is durable when the call returns. The implementation is
 * thread-safe; values are copied in and out, so callers may reuse their arrays.
 *
 * <p><b>Limits:</b> keys are 1 to {@value #MAX_KEY_LENGTH} characters; values are at most
 * {@value #MAX_VALUE_BYTES} bytes (1 MiB). Calls breaking them throw {@link IllegalArgumentException}; null keys
 * or values throw {@link NullPointerException}.
 *
 * <p>Typical uses: idempotency keys for webhook deliveries ({@link #putIfAbsent(String, byte[])}), cursors,
 * small per-contact state. Store JSON with {@link JsonCodec}.
 *
 * <p>Any method may throw {@link HostUnavailableException} when the host cannot answer right now; nothing was
 * written that the caller can rely on, and the call can be retried.
 */
public interface KeyValueStore {

    /** The maximum key length, in characters. */
    int MAX_KEY_LENGTH = 200;

    /** The maximum value size, in bytes (1 MiB). */
    int MAX_VALUE_BYTES = 1024 * 1024;

    /** The longest expiry {@link #put(String, byte[], Duration)} accepts, in days. */
    int MAX_TTL_DAYS = 366;

    /**
     * Reads a value.
     *
     * @param key the key
     * @return a copy of the value, or empty if the key is absent
     */
    Optional<byte[]> get(String key);

    /**
     * Stores a value, replacing any previous one.
     *
     * @param key   the key
     * @param value the value; may be empty
     */
    void put(String key, byte[] value);

    /**
     * Stores a value like {@link #put(String, byte[])}, without waiting for the commit. The value is copied before
     * this returns. Invalid arguments throw at once, as for {@code put}.
     *
     * <p>The returned stage completes once the value is durable, or exceptionally (a {@link HostUnavailableException}
     * when the host could not store it). <b>In an endpoint</b> ({@link AppEndpoint#handle}), the host sends the
     * response only after every write the endpoint started this way on the calling thread is durable; if one fails,
     * the client gets the host's error instead (503 while the host is unavailable). So an endpoint that must not
     * answer before its write is stored, a webhook's acknowledgement for example, need not wait for it, and its
     * thread serves the next request meanwhile.
     *
     * <p>Dependent actions on the stage ({@code thenRun} and the like) run on a host thread that completes many
     * writes: keep them short and never block there (SPI calls that wait are refused on that thread with
     * {@link IllegalStateException}). To wait for the write, call {@code toCompletableFuture().join()} on one of
     * your own threads, an {@link AppExecutor} task for example.
     *
     * <p>The default implementation calls {@code put} and returns a completed stage.
     *
     * @param key   the key
     * @param value the value; may be empty
     * @return a stage that completes when the value is durable
     * @since 1.1.0
     */
    default CompletionStage<Void> putAsync(String key, byte[] value) {
        put(key, value);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Stores a value only if the key is absent. Atomic, also across host instances sharing a database: of
     * concurrent calls for one key exactly one returns true.
     *
     * @param key   the key
     * @param value the value; may be empty
     * @return true if the value was stored, false if the key already existed (its value is unchanged)
     */
    boolean putIfAbsent(String key, byte[] value);

    /**
     * Removes a key.
     *
     * @param key the key
     * @return true if the key existed
     */
    boolean delete(String key);

    /**
     * Lists keys that start with a prefix, in ascending {@link String#compareTo(String)} order.
     *
     * @param prefix the prefix; the empty string lists all keys
     * @param limit  the maximum number of keys to return, at least 1; the host may cap it at 1000
     * @return up to {@code limit} keys
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    List<String> keys(String prefix, int limit);

    /**
     * Stores a value like {@link #put(String, byte[])} that expires after {@code ttl}: from then on the key reads
     * as absent everywhere ({@link #get}, {@link #keys}, {@link #putIfAbsent}), and the host deletes it. A later
     * {@link #put(String, byte[])} of the same key stores it without expiry again. Expiry is measured by the host's
     * clock, to the millisecond.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the host implements it.
     *
     * @param key   the key
     * @param value the value; may be empty
     * @param ttl   how long the value lives; positive, at most {@value #MAX_TTL_DAYS} days
     * @throws IllegalArgumentException if {@code ttl} is not positive or longer than {@value #MAX_TTL_DAYS} days
     * @since 1.4.0
     */
    default void put(String key, byte[] value, Duration ttl) {
        throw new UnsupportedOperationException("KeyValueStore.put with expiry needs SPI 1.4.0");
    }

    /**
     * Stores a value only if the key is absent (or expired), and lets it expire after {@code ttl}: the shape of an
     * idempotency key for a webhook delivery, which needs to live only as long as the channel retries. Atomic like
     * {@link #putIfAbsent(String, byte[])}; an unexpired value is never replaced.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the host implements it.
     *
     * @param key   the key
     * @param value the value; may be empty
     * @param ttl   how long the value lives; positive, at most {@value #MAX_TTL_DAYS} days
     * @return true if the value was stored, false if an unexpired value already existed (it is unchanged)
     * @throws IllegalArgumentException if {@code ttl} is not positive or longer than {@value #MAX_TTL_DAYS} days
     * @since 1.4.0
     */
    default boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        throw new UnsupportedOperationException("KeyValueStore.putIfAbsent with expiry needs SPI 1.4.0");
    }

    /**
     * Deletes every key that starts with {@code prefix}, in one durable step.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the host implements it.
     *
     * @param prefix the prefix; the empty string deletes all of this app's keys
     * @return how many unexpired keys were deleted
     * @since 1.4.0
     */
    default int deletePrefix(String prefix) {
        throw new UnsupportedOperationException("KeyValueStore.deletePrefix needs SPI 1.4.0");
    }

    /**
     * Reads several values at once, as one read of the host's store: each present key as {@link #get} would find
     * it. The values are held in memory together, so ask for as many as you can hold.
     *
     * <p>The default implementation calls {@link #get} for each key.
     *
     * @param keys the keys; repeats are read once
     * @return the present keys' values (copies), in the order of {@code keys}; absent and expired keys are left out
     * @throws IllegalArgumentException if a key breaks the limits (nothing is read)
     * @since 1.5.0
     */
    default Map<String, byte[]> getAll(Collection<String> keys) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String key : keys) {
            if (!found.containsKey(key)) {
                get(key).ifPresent(value -> found.put(key, value));
            }
        }
        return found;
    }

    /**
     * Stores several values, each as {@link #put(String, byte[])} stores it, in <b>one durable transaction</b>: all
     * are stored when the call returns, or none (then it throws).
     *
     * <p>The default implementation calls {@link #put(String, byte[])} for each entry, each durable on its own.
     *
     * @param values the keys and their values; values may be empty
     * @throws IllegalArgumentException if a key or value breaks the limits (nothing is stored)
     * @since 1.5.0
     */
    default void putAll(Map<String, byte[]> values) {
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            put(entry.getKey(), entry.getValue());
        }
    }

    /**
     * Removes several keys, each as {@link #delete} removes it, in <b>one durable transaction</b>.
     *
     * <p>The default implementation calls {@link #delete} for each key, each durable on its own.
     *
     * @param keys the keys; absent ones are skipped
     * @return how many of them existed (unexpired); a repeated key counts once
     * @throws IllegalArgumentException if a key breaks the limits (nothing is removed)
     * @since 1.5.0
     */
    default int deleteAll(Collection<String> keys) {
        int deleted = 0;
        for (String key : keys) {
            if (delete(key)) {
                deleted++;
            }
        }
        return deleted;
    }
}
