package dev.switchboard.testkit;

import dev.switchboard.spi.AppHttp;
import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpCallException;
import dev.switchboard.spi.HttpResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The host's HTTP capability, answered by the test: it records every call and answers it by URL (scheme, host, port
 * and path; the query string is ignored) with what the test scripted: first the answers queued with
 * {@link #answerOnce}/{@link #failOnce}, in order, then the standing answer of {@link #answer}/{@link #fail}. A URL
 * with no answer fails with {@link HttpCallException.Reason#CONNECTION}, as a refused connection does in the host;
 * {@link #fail} and {@link #failOnce} produce the host's other failures ({@code TIMEOUT}, {@code TOO_MANY_CALLS},
 * {@code RESPONSE_TOO_LARGE}). After {@link #disable()} every call fails with {@code APP_DISABLED}. A standing answer
 * may return a stage the test completes later, to hold a call in flight. Thread-safe.
 *
 * <pre>{@code
 * context.http().answer("https://graph.example/v1/messages", 200, "{\"id\":\"out-1\"}");
 * context.http().failOnce("https://graph.example/v1/messages", HttpCallException.Reason.TIMEOUT);
 * }</pre>
 */
public final class FakeAppHttp implements AppHttp {
    private final List<HttpCall> calls = new ArrayList<>();
    private final Map<String, Queue<Function<HttpCall, CompletionStage<HttpResult>>>> once = new HashMap<>();
    private final Map<String, Function<HttpCall, CompletionStage<HttpResult>>> standing = new HashMap<>();
    private boolean disabled;

    @Override
    public CompletionStage<HttpResult> send(HttpCall call) {
        Objects.requireNonNull(call, "call");
        Function<HttpCall, CompletionStage<HttpResult>> answer;
        synchronized (this) {
            calls.add(call);
            if (disabled) {
                return failure(HttpCallException.Reason.APP_DISABLED, "the app is disabled");
            }
            String url = url(call);
            Queue<Function<HttpCall, CompletionStage<HttpResult>>> queued = once.get(url);
            answer = queued != null && !queued.isEmpty() ? queued.poll() : standing.get(url);
            if (answer == null) {
                return failure(HttpCallException.Reason.CONNECTION, "connection refused: no answer for " + url);
            }
        }
        return answer.apply(call);
    }

    /**
     * Answers every call to {@code url} with {@code answer} (after any queued once).
     *
     * @param url    the URL without query string, for example {@code https://graph.example/v1/messages}
     * @param answer makes the stage the call returns
     * @return this
     */
    public synchronized FakeAppHttp answer(String url, Function<HttpCall, CompletionStage<HttpResult>> answer) {
        standing.put(key(url), Objects.requireNonNull(answer, "answer"));
        return this;
    }

    /**
     * Answers every call to {@code url} with a status and a body (after any queued once).
     *
     * @param url    the URL without query string
     * @param status the HTTP status
     * @param body   the body, UTF-8 encoded; null for none
     * @return this
     */
    public FakeAppHttp answer(String url, int status, String body) {
        HttpResult result = result(status, body);
        return answer(url, call -> CompletableFuture.completedFuture(result));
    }

    /**
     * Answers the next call to {@code url} with a status and a body, before the standing answer.
     *
     * @param url    the URL without query string
     * @param status the HTTP status
     * @param body   the body, UTF-8 encoded; null for none
     * @return this
     */
    public FakeAppHttp answerOnce(String url, int status, String body) {
        HttpResult result = result(status, body);
        return once(url, call -> CompletableFuture.completedFuture(result));
    }

    /**
     * Fails every call to {@code url} as the host would for {@code reason} (after any answers queued once).
     *
     * @param url    the URL without query string
     * @param reason the failure
     * @return this
     */
    public FakeAppHttp fail(String url, HttpCallException.Reason reason) {
        Objects.requireNonNull(reason, "reason");
        return answer(url, call -> failure(reason, description(reason)));
    }

    /**
     * Fails the next call to {@code url} as the host would for {@code reason}, before the standing answer.
     *
     * @param url    the URL without query string
     * @param reason the failure
     * @return this
     */
    public FakeAppHttp failOnce(String url, HttpCallException.Reason reason) {
        Objects.requireNonNull(reason, "reason");
        return once(url, call -> failure(reason, description(reason)));
    }

    /** Fails every later call with {@link HttpCallException.Reason#APP_DISABLED}, as after {@code onDisable}. */
    public synchronized void disable() {
        disabled = true;
    }

    /**
     * Returns every call made, oldest first.
     *
     * @return the calls
     */
    public synchronized List<HttpCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * Returns the calls made to one URL, oldest first.
     *
     * @param url the URL without query string
     * @return the calls
     */
    public synchronized List<HttpCall> calls(String url) {
        String key = key(url);
        return calls.stream().filter(call -> url(call).equals(key)).toList();
    }

    private synchronized FakeAppHttp once(String url, Function<HttpCall, CompletionStage<HttpResult>> answer) {
        once.computeIfAbsent(key(url), k -> new ArrayDeque<>()).add(answer);
        return this;
    }

    private static HttpResult result(int status, String body) {
        return new HttpResult(status, Map.of(), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static CompletionStage<HttpResult> failure(HttpCallException.Reason reason, String message) {
        return CompletableFuture.failedFuture(new HttpCallException(reason, message, null));
    }

    private static String description(HttpCallException.Reason reason) {
        return switch (reason) {
            case TIMEOUT -> "the call's timeout passed";
            case TOO_MANY_CALLS -> "too many of the app's calls are waiting";
            case RESPONSE_TOO_LARGE -> "the response is larger than the host's cap";
            case CONNECTION -> "the connection failed";
            case APP_DISABLED -> "the app is disabled";
        };
    }

    private static String url(HttpCall call) {
        return call.uri().getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + call.uri().getRawAuthority()
                + call.uri().getRawPath();
    }

    private static String key(String url) {
        return url(HttpCall.get(java.net.URI.create(Objects.requireNonNull(url, "url"))));
    }
}
