package dev.switchboard.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A DDP client over a real WebSocket ({@code java.net.http}), the way the widget's SDK speaks to {@code /websocket}.
 * It keeps every text frame the server sends, raw, in arrival order; {@link #stopReading} makes it a client that
 * no longer takes what the server writes.
 */
public final class DdpClient implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile boolean reading;

    private DdpClient(int port) {
        this.reading = true;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/websocket"), new Receiver())
                .join();
    }

    /** An open socket that has said nothing yet. */
    public static DdpClient open(int port) {
        return new DdpClient(port);
    }

    /** A socket past the DDP handshake ({@code connect} → {@code connected}). */
    public static DdpClient connected(int port) {
        DdpClient client = open(port);
        client.handshake();
        return client;
    }


    private void handshake() {
        assertEquals("{\"server_id\":\"0\"}", nextRaw());
        send("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\",\"pre2\",\"pre1\"]}");
        assertEquals("connected", next().get("msg").asText());
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Calls a method and returns its {@code result} message (skipping the {@code updated} before it). */
    public JsonNode call(String id, String method, String paramsJson) {
        send("{\"msg\":\"method\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
        return next(frame -> "result".equals(frame.path("msg").asText()) && id.equals(frame.path("id").asText()));
    }

    /** Subscribes and returns the answer: {@code ready} or {@code nosub}. */
    public JsonNode subscribe(String id, String name, String paramsJson) {
        send("{\"msg\":\"sub\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"params\":" + paramsJson + "}");
        return next(frame -> ("ready".equals(frame.path("msg").asText()) && id.equals(frame.path("subs").path(0).asText()))
                || ("nosub".equals(frame.path("msg").asText()) && id.equals(frame.path("id").asText())));
    }

    /** A visitor's subscription to {@code stream}'s {@code eventName}, with the widget's parameters. */
    public JsonNode subscribeAsVisitor(String id, String stream, String eventName, String token) {
        return subscribe(id, stream, "[\"" + eventName + "\",{\"useCollection\":false,\"args\":[{\"token\":\"" + token
                + "\",\"visitorToken\":\"" + token + "\"}]}]");
    }

    /** The next frame, raw; fails after ten seconds. */
    public String nextRaw() {
        try {
            String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("No frame within " + WAIT);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode next() {
        return parse(nextRaw());
    }

    /** The next frame that matches, skipping others (e.g. {@code updated}); fails after ten seconds. */
    public JsonNode next(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame != null && wanted.test(parse(frame))) {
                    return parse(frame);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return fail("No matching frame within " + WAIT);
    }

    /** The next {@code changed} frame (a stream event), raw. */
    public String nextEvent() {
        while (true) {
            String frame = nextRaw();
            if (frame.startsWith("{\"msg\":\"changed\"")) {
                return frame;
            }
        }
    }

    /** Asserts that no frame arrives for {@code quiet}. */
    public void assertSilentFor(Duration quiet) {
        try {
            assertNull(frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS), "expected no frame");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Frames received and not yet taken. */
    public int pending() {
        return frames.size();
    }

    /** From the next frame on, this client stops reading its socket, as a stalled browser tab would. */
    public void stopReading() {
        reading = false;
    }

    /** Resumes reading after {@link #stopReading}. */
    public void startReading() {
        reading = true;
        socket.request(Long.MAX_VALUE / 2);
    }

    /** The close code the server sent; fails when the socket is still open after ten seconds. */
    public int awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("The server did not close the socket: " + e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
