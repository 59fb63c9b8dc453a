package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppHttp;
import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpCallException;
import dev.switchboard.spi.HttpCallException.Reason;
import dev.switchboard.spi.HttpResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One app's outbound HTTP calls: at most {@link HostHttp#concurrency()} in flight, the rest waiting in order (up to
 * {@link HostHttp#MAX_WAITING}), each within its timeout from the moment it was asked for, bodies capped. The
 * app's stages complete on threads of its own here (the plugin's class loader set), which refuse blocking SPI
 * calls ({@link #onCompletionThread()}), so a plugin cannot stall the host's I/O threads or its own slots.
 */
final class AppHttpClient implements AppHttp, AutoCloseable {
    private static final ThreadLocal<Boolean> COMPLETING = ThreadLocal.withInitial(() -> false);

    private final String appId;
    private final HostHttp host;
    private final ThreadPoolExecutor completions;
    private final Queue<Pending> waiting = new ArrayDeque<>();
    private int inFlight;
    private volatile boolean open;

    /** A call asked for and not answered yet. */
    private record Pending(HttpCall call, CompletableFuture<HttpResult> answer, long deadlineNanos) { }

    AppHttpClient(String appId, ClassLoader loader, HostHttp host) {
        this.appId = appId;
        this.host = host;
        this.completions = new ThreadPoolExecutor(host.concurrency(), host.concurrency(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(() -> {
                        COMPLETING.set(true);
                        runnable.run();
                    }, "app-" + appId + "-http");
                    thread.setDaemon(true);
                    thread.setContextClassLoader(loader);
                    return thread;
                });
        completions.allowCoreThreadTimeOut(true);
    }

    /** True on the threads that complete apps' HTTP stages, where SPI calls must not block. */
    static boolean onCompletionThread() {
        return COMPLETING.get();
    }

    /** The app is enabled: calls are taken. */
    void open() {
        open = true;
    }

    /** The app is disabled: calls still waiting fail, and new ones too, until it is enabled again. */
    void disable() {
        open = false;
        List<Pending> dropped;
        synchronized (this) {
            dropped = List.copyOf(waiting);
            waiting.clear();
        }
        dropped.forEach(pending -> fail(pending, new HttpCallException(Reason.APP_DISABLED,
                "app " + appId + " was disabled", null)));
    }

    @Override
    public CompletionStage<HttpResult> send(HttpCall call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<HttpResult> answer = new CompletableFuture<>();
        if (!open) {
            answer.completeExceptionally(new HttpCallException(Reason.APP_DISABLED, "app " + appId
                    + " is not enabled", null));
            return answer;
        }
        Duration timeout = call.timeout() == null ? HostHttp.DEFAULT_TIMEOUT
                : call.timeout().compareTo(HostHttp.MAX_TIMEOUT) > 0 ? HostHttp.MAX_TIMEOUT : call.timeout();
        Pending pending = new Pending(call, new CompletableFuture<>(), System.nanoTime() + timeout.toNanos());
        ScheduledFuture<?> deadline = host.timer().schedule(() -> fail(pending, new HttpCallException(
                Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", null)), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        // The app's stage completes on the app's completion threads, whatever ended the call.
        pending.answer().whenComplete((result, failure) -> {
            deadline.cancel(false);
            completions.execute(() -> {
                if (failure == null) {
                    answer.complete(result);
                } else {
                    answer.completeExceptionally(failure);
                }
            });
        });
        boolean queued;
        synchronized (this) {
            queued = waiting.size() < HostHttp.MAX_WAITING && waiting.add(pending);
        }
        if (!queued) {
            fail(pending, new HttpCallException(Reason.TOO_MANY_CALLS, HostHttp.MAX_WAITING
                    + " calls of app " + appId + " are already waiting", null));
        }
        pump();
        return answer;
    }

    /** Starts waiting calls while the app has free slots. */
    private void pump() {
        while (true) {
            Pending next;
            synchronized (this) {
                if (inFlight >= host.concurrency() || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
                if (next.answer().isDone()) {
                    continue; // timed out while waiting
                }
                inFlight++;
            }
            start(next);
        }
    }

    private void start(Pending pending) {
        long remaining = pending.deadlineNanos() - System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> started;
        try {
            started = host.client().sendAsync(request(pending.call(), Duration.ofNanos(Math.max(remaining, 1))),
                    info -> new CappedBody(host.responseBytes(),
                            info.headers().firstValueAsLong("content-length").orElse(-1)));
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e); // a header the JDK client refuses, for example
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = started;
        exchange.whenComplete((response, failure) -> {
            synchronized (this) {
                inFlight--;
            }
            if (failure == null) {
                pending.answer().complete(new HttpResult(response.statusCode(), response.headers().map(),
                        response.body()));
            } else {
                fail(pending, failure);
            }
            pump();
        });
        pending.answer().whenComplete((result, failure) -> {
            if (failure != null) {
                exchange.cancel(true); // a timeout: stop reading (the JDK client aborts the exchange)
            }
        });
    }

    private static HttpRequest request(HttpCall call, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).timeout(timeout)
                // Plain http stays HTTP/1.1: the JDK's h2c upgrade confuses simple servers; https negotiates.
                .version("http".equalsIgnoreCase(call.uri().getScheme()) ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .method(call.method(), call.bodyLength() == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return builder.build();
    }

    private static void fail(Pending pending, Throwable failure) {
        pending.answer().completeExceptionally(spi(failure));
    }

    /** The SPI's exception for a failed call: its reason for what the host or the network did. */
    static Throwable spi(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpCallException) {
            return cause;
        }
        if (cause instanceof HttpTimeoutException) {
            return new HttpCallException(Reason.TIMEOUT, "timed out: " + cause.getMessage(), cause);
        }
        if (cause instanceof IOException) {
            return new HttpCallException(Reason.CONNECTION, "connection failed: " + cause, cause);
        }
        return cause;
    }

    @Override
    public void close() {
        completions.shutdownNow();
    }

    /**
     * Reads a response body up to the cap: a larger declared length fails at once, a longer body as soon as it
     * passes the cap, and what was read is dropped.
     */
    static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final long declared;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBody(int cap, long declared) {
            this.cap = cap;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declared > cap) {
                tooLarge();
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + (long) buffer.remaining() > cap) {
                    tooLarge();
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        private void tooLarge() {
            subscription.cancel();
            body.completeExceptionally(new HttpCallException(Reason.RESPONSE_TOO_LARGE,
                    "the response body is larger than " + cap + " bytes", null));
        }
    }
}
