package dev.switchboard.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a bare socket, for what a well-behaved client cannot send: malformed heads, broken chunking, bytes
 * dribbled slowly, connections left open.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;

    public RawHttp(int port) {
        this(port, "127.0.0.1");
    }

    /** A connection from {@code localAddress} (any of 127.0.0.0/8 on Linux), to be another client by address. */
    public RawHttp(int port, String localAddress) {
        try {
            socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localAddress), 0);
            socket.setSoTimeout(30_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request from {@code localAddress}, its answer read until the server closes or 10 s pass. */
    public static Answer exchangeFrom(String localAddress, int port, String request) {
        try (RawHttp http = new RawHttp(port, localAddress)) {
            http.write(request);
            return http.read(10_000);
        }
    }

    /** Sends one request as raw bytes and reads the answer until the server closes or {@code readMillis} pass. */
    public static Answer exchange(int port, byte[] request, int readMillis) {
        try (RawHttp http = new RawHttp(port)) {
            http.write(request);
            return http.read(readMillis);
        }
    }

    public static Answer exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), 5_000);
    }

    public void write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String text) {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether the server has closed this connection (a read sees the end of the stream within {@code millis}). */
    public boolean closedWithin(int millis) {
        return read(millis).closed();
    }

    /** Everything the server sends within {@code millis}, and whether it closed the connection. */
    public Answer read(int millis) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed = readInto(received, millis);
        return new Answer(received.toString(StandardCharsets.UTF_8), closed);
    }

    /**
     * How many bytes the server sends until it closes the connection, without keeping them (for large answers);
     * -1 if it is still open after {@code millis}.
     */
    public long bytesUntilClosed(int millis) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                count[0] += length;
            }
        };
        return readInto(counter, millis) ? count[0] : -1;
    }

    /** Copies what the server sends into {@code sink} for up to {@code millis}; true when it closed (or reset). */
    private boolean readInto(OutputStream sink, int millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout(left);
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException timeout) {
                    return false;
                }
                if (n < 0) {
                    return true;
                }
                sink.write(buffer, 0, n);
            }
        } catch (IOException e) {
            return true; // a reset is a close too
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server may already have reset
        }
    }

    /** What came back: the raw text, and whether the server closed the connection. */
    public record Answer(String text, boolean closed) {
        /** The status code of the first response, or -1 when nothing came. */
        public int status() {
            // HTTP/1.0 when the request line itself could not be read
            return text.matches("(?s)HTTP/1\\.[01] \\d{3}.*") ? Integer.parseInt(text.substring(9, 12)) : -1;
        }

        /** The first response's body. */
        public String body() {
            int start = text.indexOf("\r\n\r\n");
            return start < 0 ? "" : text.substring(start + 4);
        }
    }
}
