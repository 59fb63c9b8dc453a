package dev.switchboard.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The host jar ({@code switchboard.jar} system property) as a child process on SQLite, for tests that kill it with
 * {@code kill -9} ({@link #kill()}) and start it again on the same data. Its output goes to a log file.
 */
public final class HostProcess implements AutoCloseable {
    private final Process process;
    private final ApiClient client;
    private final Path log;

    private HostProcess(Process process, ApiClient client, Path log) {
        this.process = process;
        this.client = client;
        this.log = log;
    }

    /** Starts the jar on {@code dataDir} with {@code pluginsDir} and waits until it answers {@code /health}. */
    public static HostProcess start(Path dataDir, Path pluginsDir, String adminToken, Path log) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", System.getProperty("switchboard.jar",
                "target/switchboard.jar"), "--port", String.valueOf(port), "--host", "127.0.0.1", "--data-dir",
                dataDir.toString(), "--plugins-dir", pluginsDir.toString(), "--admin-token", adminToken,
                "--rate-limit=off").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HostProcess host = new HostProcess(process, new ApiClient("http://127.0.0.1:" + port), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!host.healthy()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the host did not come up: " + host.output());
            }
            Thread.sleep(100);
        }
        return host;
    }

    private boolean healthy() {
        try {
            return client.get("/health").status() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public ApiClient client() {
        return client;
    }

    /** {@code kill -9}: the process ends at once, without its shutdown hooks. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the host did not end after kill -9");
        }
    }

    /** What the process wrote so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
