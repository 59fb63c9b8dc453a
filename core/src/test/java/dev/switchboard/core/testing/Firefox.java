package dev.switchboard.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Firefox ESR driven over WebDriver BiDi, which Firefox speaks itself (no geckodriver): a fresh
 * profile, one session on its WebSocket, the commands the browser tests need, and every log entry the page raised
 * (console calls; uncaught errors and Content-Security-Policy violations arrive as entries of type "javascript").
 * Skips a test without firefox-esr (fails instead with {@code CI=true}); screenshots go where {@link Chromium}'s do.
 */
public final class Firefox implements AutoCloseable {
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path profile;
    private final Process process;
    private final WebSocket socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> logEntries = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private String context;

    private Firefox(Path profile, Process process, URI endpoint) throws IOException {
        this.profile = profile;
        this.process = process;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Chromium.WAIT)
                .buildAsync(endpoint.resolve("/session"), new Listener()).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Skips (or with {@code CI=true} fails) the calling test unless firefox-esr is installed. */
    public static void requireInstalled(String test) {
        Chromium.requirePresent(test, Files.isExecutable(FIREFOX), FIREFOX + " (apt-get install firefox-esr)");
    }

    /** Starts headless Firefox with a fresh profile, opens a BiDi session and subscribes to the page's log. */
    public static Firefox start() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("switchboard-firefox");
        Files.writeString(profile.resolve("user.js"), "user_pref(\"remote.active-protocols\", 1);\n");
        Path output = profile.resolve("firefox.log");
        Process process = new ProcessBuilder(FIREFOX.toString(), "--headless", "--remote-debugging-port=0",
                "--profile", profile.toString(), "--no-remote", "about:blank")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Firefox firefox = new Firefox(profile, process, awaitEndpoint(process, output));
        firefox.command("session.new", Map.of("capabilities", Map.of()));
        firefox.command("session.subscribe", Map.of("events", List.of("log.entryAdded")));
        firefox.context = firefox.command("browsingContext.getTree", Map.of())
                .get("contexts").get(0).get("context").asText();
        return firefox;
    }

    /** Firefox prints its BiDi address once it listens (port 0: a free one). */
    private static URI awaitEndpoint(Process process, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Chromium.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(Files.readString(output));
            if (listening.find()) {
                return URI.create(listening.group(1));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("Firefox never listened for WebDriver BiDi:\n" + Files.readString(output));
    }

    /** Sends one BiDi command and answers its result; an error answer or no answer in 30 s fails the test. */
    public JsonNode command(String method, Object params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", MAPPER.valueToTree(params));
        try {
            socket.sendText(MAPPER.writeValueAsString(message), true).join();
            JsonNode reply = answer.get(Chromium.WAIT.toSeconds(), TimeUnit.SECONDS);
            if ("error".equals(reply.path("type").asText())) {
                throw new AssertionError(method + " failed: " + reply);
            }
            return reply.get("result");
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError(method + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Opens {@code url} in the tab and waits until its document has loaded. */
    public void navigate(String url) {
        command("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    /** Sizes the tab's viewport in CSS pixels. */
    public void viewport(int width, int height) {
        command("browsingContext.setViewport", Map.of("context", context,
                "viewport", Map.of("width", width, "height", height)));
    }

    /** Evaluates {@code expression} in the page (awaiting a promise) and answers its value as JSON. */
    public JsonNode evaluate(String expression) {
        JsonNode result = command("script.evaluate", Map.of("expression", expression,
                "target", Map.of("context", context), "awaitPromise", true, "resultOwnership", "none"));
        if (!"success".equals(result.path("type").asText())) {
            throw new AssertionError("the page threw on " + expression + ": " + result);
        }
        return result.get("result").path("value");
    }

    /** Waits until {@code expression} evaluates to true in the page, re-evaluating as the page renders. */
    public void waitUntil(String expression) throws InterruptedException {
        long deadline = System.nanoTime() + Chromium.WAIT.toNanos();
        while (!evaluate(expression).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never true in Firefox: " + expression);
            }
            Thread.sleep(100);
        }
    }

    /** The page's log entries of level error so far (type, text, source), in the order they were raised. */
    public List<JsonNode> errors() {
        List<JsonNode> errors = new ArrayList<>();
        for (JsonNode entry : logEntries) {
            if ("error".equals(entry.path("level").asText())) {
                errors.add(entry);
            }
        }
        return errors;
    }

    /** Saves the viewport as a PNG into docs/images/ when -Dswitchboard.screenshots=true. */
    public void screenshot(String name) throws IOException {
        if (Chromium.screenshotsWanted()) {
            String png = command("browsingContext.captureScreenshot", Map.of("context", context)).get("data").asText();
            Chromium.saveScreenshot(name, Base64.getDecoder().decode(png));
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Joins a message's fragments; hands answers to their command and keeps log events. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = Chromium.parse(text.toString());
                text.setLength(0);
                if (message.has("id") && !message.get("id").isNull()) {
                    CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
                    if (answer != null) {
                        answer.complete(message);
                    }
                } else if ("log.entryAdded".equals(message.path("method").asText())) {
                    logEntries.add(message.get("params"));
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
