package dev.switchboard.core.plugin.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Meta's Graph API as the WhatsApp bridge calls it, on loopback: records every request and accepts each message
 * for {@code recipient} with the id {@code wamid.GRAPH-<n>} (n counting from 1), so tests can send receipts for it.
 * Point the bridge's {@code graphBaseUrl} setting at {@link #baseUrl()}.
 */
public final class FakeGraphApi implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A request the fake Graph API received. */
    public record Call(String method, String path, String authorization, JsonNode body) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public FakeGraphApi(String recipient) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), parse(body)));
            byte[] answer = ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + recipient
                    + "\",\"user_id\":\"" + recipient + "\"}],\"messages\":[{\"id\":\"wamid.GRAPH-" + calls.size()
                    + "\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What was received so far, in arrival order. */
    public List<Call> calls() {
        return calls;
    }

    static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
