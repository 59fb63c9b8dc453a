package dev.switchboard.core.plugin;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where the plugin host reports each call into an app: its kind ({@code hook}, {@code erasure_hook},
 * {@code endpoint}), how long it took and whether it failed (the host's metrics; nothing by default).
 */
@FunctionalInterface
public interface PluginMetrics {
    PluginMetrics NONE = (kind, appId, nanos, failed) -> { };

    void record(String kind, String appId, long nanos, boolean failed);

    /** Starts {@code call} and reports, when its future completes, how long it took and whether it failed. */
    default <T> CompletableFuture<T> time(String kind, String appId, Supplier<CompletableFuture<T>> call) {
        long start = System.nanoTime();
        return call.get().whenComplete((ignored, failure) ->
                record(kind, appId, System.nanoTime() - start, failure != null));
    }
}
