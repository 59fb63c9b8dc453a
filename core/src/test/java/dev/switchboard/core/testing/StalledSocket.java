package dev.switchboard.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain TCP socket with a small receive buffer, which reads only when told to: a stalled
 * (or dead) client, whose unread frames pile up on the server's side.
 */
public final class StalledSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final StringBuilder seen = new StringBuilder();

    public StalledSocket(int port) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        out.write(("GET /websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readUntil("\r\n\r\n");
    }

    /** Sends one masked text frame, as a client must. */
    public void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** Reads (frames and all, as Latin-1 text) until {@code marker} has been seen; returns what came before it. */
    public String readUntil(String marker) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int searched = 0;
        int found;
        while ((found = seen.indexOf(marker, searched)) < 0) {
            searched = Math.max(0, seen.length() - marker.length());
            int read = in.read(chunk);
            if (read < 0) {
                throw new IOException("closed before " + marker);
            }
            seen.append(new String(chunk, 0, read, StandardCharsets.ISO_8859_1));
        }
        String before = seen.substring(0, found);
        seen.delete(0, found + marker.length());
        return before;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
