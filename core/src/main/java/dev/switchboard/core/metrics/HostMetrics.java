package dev.switchboard.core.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The host's metrics, served in Prometheus' text format at {@code GET /metrics} (docs/operations.md,
 * "Metrics"). Components report through the few methods here, so every metric name is in this class; the registry
 * is Micrometer's, so libraries that speak Micrometer (Caffeine, HikariCP) bind to {@link #registry()} directly.
 */
public final class HostMetrics {
    /** HTTP requests by method, route template (never the raw path) and status: a latency histogram. */
    public static final String HTTP_REQUESTS = "switchboard.http.requests";
    /** Writes waiting for a writer thread ({@code store/TransactionQueue}). */
    public static final String WRITER_QUEUE = "switchboard.writer.queue.depth";
    /** Writes per committed group-commit transaction. */
    public static final String WRITER_BATCH = "switchboard.writer.batch.size";
    /** Calls into plugins by kind (hook, erasure_hook, endpoint), app and outcome (success, failure). */
    public static final String PLUGIN_CALLS = "switchboard.plugin.calls";
    /** Open websocket connections, as the websocket endpoint counts them ({@link #websockets}). */
    public static final String WEBSOCKET_CONNECTIONS = "switchboard.websocket.connections";

    /** Cluster notifications (PostgreSQL LISTEN/NOTIFY) this node received: every node receives each one. */
    public static final String CLUSTER_NOTIFICATIONS = "switchboard.cluster.notifications.received";
    /** The characters of those notifications' payloads. */
    public static final String CLUSTER_NOTIFICATION_CHARS = "switchboard.cluster.notification.chars.received";

    /** Bucket bounds of the latency histograms: a few that separate fast, slow and timed out. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * The request timers by method, route and status: found with one map lookup per request instead of building
     * the meter's id (tags sorted, objects allocated) each time. Bounded by the routes times the statuses used.
     */
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

    private record RequestKey(String method, String route, int status) { }

    /** The plugin-call timers by kind, app and outcome, found as the request timers are. */
    private final Map<PluginKey, Timer> pluginTimers = new ConcurrentHashMap<>();

    private record PluginKey(String kind, String appId, boolean failed) { }

    public HostMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric (CPU work: call it off the event loop). */
    public String scrape() {
        return registry.scrape();
    }

    public void httpRequest(String method, String route, int status, long nanos) {
        requestTimers.computeIfAbsent(new RequestKey(method, route, status), key ->
                Timer.builder(HTTP_REQUESTS).description("HTTP requests by route template and status")
                        .tags("method", key.method(), "route", key.route(), "status", Integer.toString(key.status()))
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The writer queue's depth as a gauge, and a recorder of committed batch sizes. */
    public IntConsumer writer(IntSupplier waiting) {
        Gauge.builder(WRITER_QUEUE, waiting::getAsInt).description("Writes waiting for a writer").register(registry);
        DistributionSummary batches = DistributionSummary.builder(WRITER_BATCH)
                .description("Writes per committed transaction (group commit)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(registry);
        return batches::record;
    }

    /** A call into a plugin: {@code kind} is hook, erasure_hook or endpoint. */
    public void pluginCall(String kind, String appId, long nanos, boolean failed) {
        pluginTimers.computeIfAbsent(new PluginKey(kind, appId, failed), key ->
                Timer.builder(PLUGIN_CALLS).description("Calls into plugins by kind, app and outcome")
                        .tags("kind", key.kind(), "app", key.appId(),
                                "outcome", key.failed() ? "failure" : "success")
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The cluster's notification traffic, as this node received it (counters; zero on SQLite). {@code source} must
     * live as long as the host: Micrometer holds it only weakly.
     */
    public <T> void clusterNotifications(T source, ToDoubleFunction<T> received, ToDoubleFunction<T> chars) {
        FunctionCounter.builder(CLUSTER_NOTIFICATIONS, source, received)
                .description("Cluster notifications received (each node receives every one)").register(registry);
        FunctionCounter.builder(CLUSTER_NOTIFICATION_CHARS, source, chars)
                .description("Characters of the cluster notifications received").register(registry);
    }

    /** The open websocket connections as a gauge, read from the endpoint that counts them. */
    public void websockets(IntSupplier open) {
        Gauge.builder(WEBSOCKET_CONNECTIONS, open::getAsInt).description("Open websocket connections").register(registry);
    }
}
