package dev.switchboard.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A desk's webhook endpoint on loopback (a Vert.x server): keeps every request it gets, headers and raw body, and
 * answers the status the test sets (200 unless told otherwise).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** The {@code Livechat_secret_token} {@link #configure} sets. */
    public static final String SECRET = "desk-secret-token";
    /** Every {@code Livechat_webhook_on_*} setting. */
    public static final List<String> EVENTS = List.of("Livechat_webhook_on_start", "Livechat_webhook_on_close",
            "Livechat_webhook_on_chat_taken", "Livechat_webhook_on_chat_queued", "Livechat_webhook_on_forward",
            "Livechat_webhook_on_offline_msg", "Livechat_webhook_on_visitor_message",
            "Livechat_webhook_on_agent_message");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<Request> received = new ArrayList<>();
    private final Map<String, Integer> perRoom = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<Long>> refusedByRoom = new LinkedHashMap<>();

    /** One request as it arrived, and when ({@link System#nanoTime}). */
    public record Request(Map<String, String> headers, byte[] body, long receivedAt) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String eventId() {
            return header("X-Switchboard-Event-Id");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public WebhookReceiver() throws Exception {
        this(0);
    }

    /** Listens on {@code port} (0: any free one). */
    public WebhookReceiver(int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT),
                    header.getValue()));
            long at = System.nanoTime();
            int answer = perRoom.isEmpty() ? status.get() : perRoom.getOrDefault(roomOf(body.getBytes()),
                    status.get());
            if (answer == 200) {
                synchronized (received) {
                    received.add(new Request(headers, body.getBytes(), at));
                }
            } else {
                synchronized (refusedByRoom) {
                    refusedByRoom.computeIfAbsent(roomOf(body.getBytes()), rid -> new ArrayList<>()).add(at);
                }
            }
            request.response().setStatusCode(answer).end("{\"ok\":" + (answer == 200) + "}");
        })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    /** Points a host's webhook here through {@code admin}: this URL, {@link #SECRET}, every event on. */
    public void configure(ApiClient admin) {
        setting(admin, "Livechat_webhookUrl", url());
        setting(admin, "Livechat_secret_token", SECRET);
        for (String event : EVENTS) {
            setting(admin, event, true);
        }
    }

    private static void setting(ApiClient admin, String id, Object value) {
        ApiClient.Response answer = admin.post("/api/v1/settings/" + id, Json.of(Map.of("value", value)));
        if (answer.status() != 200) {
            throw new AssertionError("setting " + id + ": " + answer);
        }
    }

    /** From now on answers {@code code}; only requests answered 200 are kept. */
    public void answer(int code) {
        status.set(code);
    }

    /** From now on answers {@code code} to events about room {@code rid} (null: as to the others again). */
    public void answer(String rid, Integer code) {
        if (code == null) {
            perRoom.remove(rid);
        } else {
            perRoom.put(rid, code);
        }
    }

    private static String roomOf(byte[] body) {
        try {
            return MAPPER.readTree(body).path("_id").asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** When requests about room {@code rid} were refused (answered other than 200), in order. */
    public List<Long> refusals(String rid) {
        synchronized (refusedByRoom) {
            return List.copyOf(refusedByRoom.getOrDefault(rid, List.of()));
        }
    }

    /** What was received (answered 200) so far, in arrival order. */
    public List<Request> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until what was received satisfies {@code done}; answers it, or fails after {@code seconds}. */
    public List<Request> await(Predicate<List<Request>> done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<Request> now = received();
            if (done.test(now)) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("webhook receiver did not get what was expected; got " + received().size()
                + " requests");
    }

    /** The first request of each event id, in arrival order (what a deduplicating desk keeps). */
    public static List<Request> distinct(List<Request> requests) {
        Map<String, Request> byId = new LinkedHashMap<>();
        requests.forEach(request -> byId.putIfAbsent(request.eventId(), request));
        return new ArrayList<>(byId.values());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
}
