package dev.switchboard.core;

import dev.switchboard.core.config.HostCommandLine;
import dev.switchboard.core.config.HostConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run behind {@code core/target/switchboard.jsa}, the class data archive that makes the host start
 * about a third faster (docs/operations.md). The build runs it once with
 * {@code java -XX:ArchiveClassesAtExit=switchboard.jsa -cp switchboard.jar} right after packaging: it starts a
 * host on a throw-away SQLite directory and a loopback port, sends the requests a fresh host first serves
 * (health, a registration, a lookup, an unknown token), stops it and exits; the JVM then writes every class it
 * loaded, already parsed and verified, into the archive.
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() { }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("switchboard-cds-");
        try {
            // Through the command line as a real launch goes; the environment is ignored (no PostgreSQL URL).
            String[] flags = {"--host", "127.0.0.1", "--port", "0", "--data-dir", dir.resolve("data").toString(),
                    "--plugins-dir", Files.createDirectories(dir.resolve("plugins")).toString(), "--rate-limit", "off"};
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            HostConfig config = HostCommandLine.parse(flags, name -> null, err, err).config()
                    .orElseThrow(() -> new IllegalStateException("training flags refused"));
            try (SwitchboardHost host = SwitchboardHost.start(config)) {
                String base = "http://127.0.0.1:" + host.port();
                expect(200, request("GET", base + "/health", null));
                expect(200, request("POST", base + "/api/v1/livechat/visitor",
                        "{\"visitor\":{\"token\":\"cds-training\",\"name\":\"Training\",\"email\":\"t@example.com\"}}"));
                expect(200, request("GET", base + "/api/v1/livechat/visitor/cds-training", null));
                expect(400, request("GET", base + "/api/v1/livechat/visitor/cds-unknown", null));
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static int request(String method, String url, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod(method);
        if (json != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream body = connection.getOutputStream()) {
                body.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (answer != null) {
                answer.readAllBytes();
            }
        }
        return status;
    }

    /** A request the host answers differently is a broken build, not a smaller archive. */
    private static void expect(int expected, int actual) {
        if (actual != expected) {
            throw new IllegalStateException("training request answered " + actual + ", expected " + expected);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
