package dev.switchboard.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.ConnectionLimits;
import dev.switchboard.core.testing.LogCapture;
import dev.switchboard.core.testing.RawHttp;
import dev.switchboard.core.testing.TestHost;
import java.net.Socket;
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
        try (LogCapture log = new LogCapture(); RawHttp http = new RawHttp(host.port())) {
            http.write("GET /livechat/big.js HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(TimeUnit.SECONDS.toMillis(IDLE_SECONDS + 3)); // reads nothing, sends nothing
            long received = http.bytesUntilClosed(10_000);
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
    void aClientThatReadsGetsTheWholeFile() {
        try (RawHttp http = new RawHttp(host.port())) {
            http.write("GET /livechat/big.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            long received = http.bytesUntilClosed(30_000);
            assertTrue(received > FILE_BYTES, "received " + received + " bytes of a " + FILE_BYTES + "-byte file");
        }
    }
}
