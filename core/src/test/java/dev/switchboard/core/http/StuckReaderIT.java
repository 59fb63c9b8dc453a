package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.ConnectionLimits;
import dev.switchboard.core.testing.LogCapture;
import dev.switchboard.core.testing.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle timeout watches only what arrives (docs/operations.md, "Connections and limits"), so a client that asks
 * for a large file and then reads nothing, sending nothing either, must still lose its connection once the idle
 * timeout has passed, instead of holding it and the unsent rest of the file for as long as it likes. Neither that
 * nor a client that resets its connection mid-download (a closed tab) is logged as the host's error.
 */
class StuckReaderIT {
    private static final int IDLE_SECONDS = 2;
    private static final int FILE_BYTES = 64 << 20; // far more than the socket buffers on both sides hold

    @TempDir
    static Path widget;
    private static TestHost host;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(widget.resolve("index.html"), "<html><head></head><body></body></html>");
        Files.write(widget.resolve("big.js"), new byte[FILE_BYTES]);
        host = TestHost.start(builder -> builder.livechatDir(widget).connectionLimits(new ConnectionLimits(
                Duration.ofSeconds(IDLE_SECONDS), Duration.ofSeconds(10), Duration.ofSeconds(10), 40, 64L << 20)));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void aClientThatStopsReadingADownloadIsClosedAfterTheIdleTimeout() throws Exception {
        try (LogCapture log = new LogCapture(); Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.getOutputStream().write("GET /livechat/big.js HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS + 3)); // reads nothing, sends nothing
            long received = readUntilClosed(socket, 10_000);
            assertTrue(received >= 0, "the connection was still open 10 s after the reader woke up");
            assertTrue(received < FILE_BYTES, "the whole file arrived (" + received + " bytes): nothing was cut off");
            assertEquals(List.of(), log.problems(), "a client that went away is not the host's error");
        }
    }

    @Test
    void aClientThatLeavesMidDownloadIsNotTheHostsError() throws Exception {
        try (LogCapture log = new LogCapture()) {
            try (Socket socket = new Socket("127.0.0.1", host.port())) {
                socket.getOutputStream().write("GET /livechat/big.js HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().readNBytes(1 << 20);
                socket.setSoLinger(true, 0); // the tab closes: a reset, the rest of the file unsent
            }
            Thread.sleep(500);
            assertEquals(200, host.client().get("/health").status(), "the host goes on answering");
            assertEquals(List.of(), log.problems(), "a client that left is not the host's error");
        }
    }

    @Test
    void aClientThatReadsGetsTheWholeFile() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", host.port())) {
            socket.getOutputStream().write("GET /livechat/big.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long received = readUntilClosed(socket, 30_000);
            assertTrue(received > FILE_BYTES, "received " + received + " bytes of a " + FILE_BYTES + "-byte file");
        }
    }

    /** Bytes read until the server closed or reset the connection; -1 if it was still open after {@code millis}. */
    private static long readUntilClosed(Socket socket, int millis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1 << 16];
        long received = 0;
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException timeout) {
                return -1;
            } catch (IOException reset) {
                return received;
            }
            if (n < 0) {
                return received;
            }
            received += n;
        }
        return -1;
    }
}
