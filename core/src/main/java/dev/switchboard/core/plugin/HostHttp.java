package dev.switchboard.core.plugin;

import dev.switchboard.core.store.Threads;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The host's HTTP client for apps' outbound calls ({@link AppHttpClient}): one JDK client on host threads, a timer
 * for call deadlines, and the limits every app's calls share the values of (each app has its own slots).
 */
final class HostHttp implements AutoCloseable {
    /** A call's timeout when the app gives none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The longest timeout an app may ask for. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    /** Calls of one app waiting for a slot before more fail at once. */
    static final int MAX_WAITING = 1000;

    private final ExecutorService io = Executors.newFixedThreadPool(2, Threads.named("app-http-io"));
    private final HttpClient client = HttpClient.newBuilder().executor(io).connectTimeout(DEFAULT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Threads.named("app-http-timer"));
    private final int concurrency;
    private final int responseBytes;

    /**
     * @param concurrency   how many calls one app may have in flight ({@code --app-concurrency})
     * @param responseBytes the largest response body a call may read ({@code --app-response-max-bytes})
     */
    HostHttp(int concurrency, int responseBytes) {
        this.concurrency = concurrency;
        this.responseBytes = responseBytes;
        timer.setRemoveOnCancelPolicy(true);
    }

    HttpClient client() {
        return client;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    int concurrency() {
        return concurrency;
    }

    int responseBytes() {
        return responseBytes;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        io.shutdownNow();
    }
}
