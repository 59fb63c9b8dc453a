package dev.switchboard.core.webhook;

import dev.switchboard.core.visitor.RandomIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * POSTs one webhook body to the desk's URL with Vert.x's non-blocking client (kept-alive connections, several
 * requests in flight), with Rocket.Chat's header and Switchboard's: {@code X-RocketChat-Livechat-Token} (the
 * secret, when set), {@code X-Switchboard-Event-Id} and {@link WebhookSignature#HEADER} (when a secret is set).
 */
public final class WebhookSender implements AutoCloseable {
    public static final String TOKEN_HEADER = "X-RocketChat-Livechat-Token";
    public static final String EVENT_ID_HEADER = "X-Switchboard-Event-Id";
    /** Connections kept to the receiver; more requests wait for one. */
    static final int CONNECTIONS = 64;

    private final HttpClient client;

    public WebhookSender(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxRedirects(0),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    }

    /** What the receiver said: its status, or 0 and why there was no answer. */
    public record Outcome(int status, String error) {
        /** Any 2xx is taken as received (Rocket.Chat wants exactly 200). */
        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** Worth trying again: no answer, 408, 429 or 5xx; any other answer will not change by itself. */
        public boolean retryable() {
            return status == 0 || status == 408 || status == 429 || status >= 500;
        }

        /** For the dead letter's {@code lastError}. */
        public String describe() {
            return status == 0 ? error : "HTTP " + status;
        }
    }

    /** Sends {@code body}; the future always succeeds, with the outcome. */
    public Future<Outcome> post(String url, String secret, String eventId, byte[] body, long timeoutMillis) {
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .setTimeout(timeoutMillis).setFollowRedirects(false)
                    .putHeader("Content-Type", "application/json")
                    .putHeader(EVENT_ID_HEADER, eventId);
        } catch (RuntimeException e) {
            return Future.succeededFuture(new Outcome(0, "invalid webhook URL"));
        }
        if (secret != null && !secret.isEmpty()) {
            options.putHeader(TOKEN_HEADER, secret).putHeader(WebhookSignature.HEADER,
                    WebhookSignature.sign(secret, body));
        }
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> new Outcome(response.statusCode(), null)))
                .otherwise(failure -> new Outcome(0, failure.getClass().getSimpleName() + ": "
                        + String.valueOf(failure.getMessage())));
    }

    /** {@link #post} with a fresh event id (the test route's sample). */
    public Future<Outcome> post(String url, String secret, byte[] body, long timeoutMillis) {
        return post(url, secret, RandomIds.id(), body, timeoutMillis);
    }

    @Override
    public void close() {
        client.close();
    }
}
