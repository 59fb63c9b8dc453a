import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realtime fan-out: N websockets subscribe to one room's typing stream as its visitor, one more socket sends a typing
 * notice ({@code stream-notify-room}), and the time from sending it to each subscriber's receipt is measured, per
 * round. Every socket runs in this JVM, so the figures include the clients' own share of the machine's CPU.
 *
 *   java bench/FanoutBench.java [--url ws://127.0.0.1:3000/websocket] [--sockets 2000] [--rounds 10]
 *                               [--room ROOM_ID] [--token VISITOR_TOKEN]
 *
 * The room must be the token's (a host with the conversations domain: a visitor's open room; without it,
 * bench/FanoutHost.java starts a host whose one room is {@code bench-room} of token {@code bench-token}).
 */
public final class FanoutBench {
    private static final AtomicLong roundStart = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String url = option(args, "--url", "ws://127.0.0.1:3000/websocket");
        int sockets = Integer.parseInt(option(args, "--sockets", "2000"));
        int rounds = Integer.parseInt(option(args, "--rounds", "10"));
        String room = option(args, "--room", "bench-room");
        String token = option(args, "--token", "bench-token");
        String subscribe = "{\"msg\":\"sub\",\"id\":\"s\",\"name\":\"stream-notify-room\",\"params\":[\"" + room
                + "/typing\",{\"useCollection\":false,\"args\":[{\"token\":\"" + token + "\",\"visitorToken\":\""
                + token + "\"}]}]}";

        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(HttpClient.newHttpClient());
        }
        long[] latencies = new long[sockets];
        CountDownLatch[] received = {new CountDownLatch(sockets)};
        CountDownLatch ready = new CountDownLatch(sockets);
        List<WebSocket> subscribers = new ArrayList<>();
        long opening = System.nanoTime();
        for (int i = 0; i < sockets; i += 100) {
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(sockets, i + 100); j++) {
                int index = j;
                batch.add(clients.get(j % clients.size()).newWebSocketBuilder().buildAsync(URI.create(url),
                        new Receiver(frame -> {
                            if (frame.startsWith("{\"msg\":\"ready\"")) {
                                ready.countDown();
                            } else if (frame.startsWith("{\"msg\":\"changed\"")) {
                                latencies[index] = System.nanoTime() - roundStart.get();
                                received[0].countDown();
                            }
                        }, subscribe)));
            }
            for (CompletableFuture<WebSocket> socket : batch) {
                subscribers.add(socket.join());
            }
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (sockets - ready.getCount()) + " subscriptions became ready");
        }
        System.out.printf("%d sockets subscribed in %d ms%n", sockets, (System.nanoTime() - opening) / 1_000_000);

        CountDownLatch publisherReady = new CountDownLatch(1);
        WebSocket publisher = clients.get(0).newWebSocketBuilder().buildAsync(URI.create(url),
                new Receiver(frame -> {
                    if (frame.startsWith("{\"msg\":\"connected\"")) {
                        publisherReady.countDown();
                    }
                }, null)).join();
        publisherReady.await(10, TimeUnit.SECONDS);

        System.out.println("round  received  p50 ms  p99 ms  max ms");
        for (int round = 1; round <= rounds; round++) {
            received[0] = new CountDownLatch(sockets);
            Arrays.fill(latencies, -1);
            roundStart.set(System.nanoTime());
            publisher.sendText("{\"msg\":\"method\",\"id\":\"m" + round + "\",\"method\":\"stream-notify-room\","
                    + "\"params\":[\"" + room + "/typing\",\"bench\"," + (round % 2 == 0) + ",{\"token\":\"" + token
                    + "\"}]}", true).join();
            received[0].await(30, TimeUnit.SECONDS);
            long[] got = Arrays.stream(latencies).filter(latency -> latency >= 0).sorted().toArray();
            System.out.printf("%5d  %8d  %6.1f  %6.1f  %6.1f%n", round, got.length, millis(got, 0.50),
                    millis(got, 0.99), millis(got, 1.0));
            Thread.sleep(500);
        }
        for (WebSocket socket : subscribers) {
            socket.abort();
        }
        publisher.abort();
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Connects (DDP), then sends {@code afterConnect} if any, and hands every whole text frame on. */
    private static final class Receiver implements WebSocket.Listener {
        private final java.util.function.Consumer<String> frames;
        private final String afterConnect;
        private final StringBuilder partial = new StringBuilder();
        /** One send at a time: java.net.http refuses a send while the previous one is still going out. */
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

        Receiver(java.util.function.Consumer<String> frames, String afterConnect) {
            this.frames = frames;
            this.afterConnect = afterConnect;
        }

        @Override
        public void onOpen(WebSocket socket) {
            send(socket, "{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.startsWith("{\"msg\":\"connected\"") && afterConnect != null) {
                    send(socket, afterConnect);
                } else if (frame.equals("{\"msg\":\"ping\"}")) {
                    send(socket, "{\"msg\":\"pong\"}");
                }
                frames.accept(frame);
            }
            socket.request(1);
            return null;
        }

        private synchronized void send(WebSocket socket, String text) {
            sending = sending.thenCompose(ignored -> socket.sendText(text, true));
        }
    }
}
