package dev.switchboard.spi;

import java.util.List;
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
}
