package dev.switchboard.core.realtime;

import dev.switchboard.core.store.ClusterEvents;
import dev.switchboard.core.store.Database;
import dev.switchboard.core.visitor.RandomIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream bus of nodes sharing one PostgreSQL database. {@link #publish} queues the event (never blocks); one
 * relay thread takes what is queued, packs it into notifications ({@link StreamPayloads}: many small events per
 * notification, a big one cut into parts) and sends them in one transaction on a pooled connection. Every node,
 * this one included, hears them through its cluster listener ({@link ClusterEvents#onStream}) and hands each
 * event to its own subscribers. Since this node's events leave in publish order on one connection and every
 * listener reads one queue, every node hears one room's events in the same order, the order they were published.
 *
 * <p>Notifications are not durable: a node whose listener was reconnecting misses what was sent meanwhile (as a
 * websocket that was reconnecting would; the widget reloads the room's history when it reconnects). If the
 * database cannot be reached the relay retries the same batch, and events wait in a bounded queue; past
 * {@link #MAX_QUEUED} new events are dropped, with a warning.
 */
public final class ClusterStreamBus implements StreamBus, AutoCloseable {
    static final int MAX_QUEUED = 20_000;
    /** An event bigger than this (1 MiB of JSON) is not sent to other nodes: no message of the host is this big. */
    static final int MAX_EVENT_BYTES = 1 << 20;
    private static final int MAX_BATCH = 500;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStreamBus.class);

    private final LocalStreamBus local = new LocalStreamBus();
    private final DataSource dataSource;
    private final ClusterEvents events;
    private final BlockingQueue<StreamEvent> outbox = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final StreamPayloads.Encoder encoder;
    private final StreamPayloads.Decoder decoder = new StreamPayloads.Decoder();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread relay;
    private volatile boolean closed;

    private ClusterStreamBus(Database database) {
        this.dataSource = database.dataSource();
        this.events = database.events();
        this.encoder = new StreamPayloads.Encoder(RandomIds.id(), ClusterEvents.MAX_PAYLOAD_BYTES);
        events.onStream(this::received);
        events.onResync(this::resync);
        relay = new Thread(this::run, "stream-relay");
        relay.setDaemon(true);
        relay.start();
    }

    /** The bus for {@code database}: this one on PostgreSQL, a {@link LocalStreamBus} on SQLite (one node). */
    public static StreamBus open(Database database) {
        return database.events().reachesOtherNodes() ? new ClusterStreamBus(database) : new LocalStreamBus();
    }

    @Override
    public void publish(StreamEvent event) {
        if (closed) {
            return;
        }
        if (StreamPayloads.utf8Length(event.argsJson()) > MAX_EVENT_BYTES) {
            LOG.warn("A {} event of more than {} bytes was not published", event.stream(), MAX_EVENT_BYTES);
            return;
        }
        if (!outbox.offer(event) && dropped.getAndIncrement() % 1_000 == 0) {
            LOG.warn("Realtime events are not reaching the database; {} dropped so far", dropped.get());
        }
    }

    @Override
    public Subscription subscribe(String stream, String eventName, Consumer<StreamEvent> listener) {
        return local.subscribe(stream, eventName, listener);
    }

    /** On the listener thread: one notification, in the order they arrive. */
    private void received(String payload) {
        decoder.accept(payload, local::publish);
    }

    private void resync() {
        decoder.reset();
    }

    private void run() {
        List<StreamEvent> batch = new ArrayList<>();
        long backoff = 50;
        while (!closed || !outbox.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    StreamEvent first = outbox.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    outbox.drainTo(batch, MAX_BATCH - 1);
                }
                send(encoder.encode(batch));
                batch.clear();
                backoff = 50;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return; // the database is closing too
                }
                LOG.warn("Realtime events could not be sent ({}); retrying", e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void send(List<String> payloads) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                events.streamPayloads(connection, payloads);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is queued (for up to two seconds), then stops the relay. Call before the database closes. */
    @Override
    public void close() {
        closed = true;
        try {
            relay.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relay.interrupt();
    }
}
