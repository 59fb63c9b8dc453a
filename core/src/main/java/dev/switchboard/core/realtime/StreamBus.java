package dev.switchboard.core.realtime;

import java.util.function.Consumer;

/**
 * Where realtime events are published and heard. A published event reaches the subscribers of its stream and
 * event name on every node (PostgreSQL notifications; with SQLite there is one node). Publishers call
 * {@link #publish} after the change the event describes has committed, from any thread; it never blocks.
 */
public interface StreamBus extends AutoCloseable {

    /** Delivers {@code event} to this node's subscribers and to every other node's. */
    void publish(StreamEvent event);

    /**
     * Whether an event of {@code stream} named {@code eventName} published now would reach anyone, so a publisher
     * may skip rendering one nobody hears. True unless this node's subscribers are all there are and none listens
     * (a subscriber that arrives after this answer misses the event, as one that arrives after the publish would).
     */
    default boolean heard(String stream, String eventName) {
        return true;
    }

    /**
     * Calls {@code listener} for every event of {@code stream} named {@code eventName}, on any thread, until the
     * returned subscription is closed. A listener must not block.
     */
    Subscription subscribe(String stream, String eventName, Consumer<StreamEvent> listener);

    /** Stops the bus's own threads, if it has any, after sending what it holds; subscribers hear nothing more. */
    @Override
    default void close() {
    }

    /** A live subscription; closing it twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
