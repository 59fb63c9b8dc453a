import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Realtime fan-out (bench/run scenario 8): N websockets subscribe to one room's messages
 * ({@code stream-room-messages}) as its visitor, as the widget does; each round sends one real message into the room
 * ({@code POST /api/v1/livechat/message}, durable before its 200) and measures, for every subscriber, the time from
 * sending the request to receiving the message. Warm-up rounds first, then measured rounds; every socket runs in this
 * JVM, so the figures include the clients' own share of the machine's CPU.
 *
 *   java bench/FanoutBench.java --url http://127.0.0.1:3000 --room ROOM_ID --token VISITOR_TOKEN
 *                               [--sockets 2000] [--warmup-rounds 30] [--rounds 30] [--interval-ms 500]
 *                               [--socket-urls URL,URL]
 *
 * {@code --socket-urls}: the nodes the sockets connect to, alternating (default: {@code --url}); the messages are
 * always sent to {@code --url}, so with two nodes half the sockets hear them through the database.
 *
 * Prints one line per measured round and a last line for bench/run: {@code FANOUT_RESULT sockets= rounds= expected=
 * delivered= p50_us= p99_us= max_us= worst_round_p99_us= subscribe_ms=} (quantiles over every delivery of the measured
 * rounds). Exits 1 when the subscriptions do not all become ready or a send is not answered 200.
 */
public final class FanoutBench {
    private static final long UNDELIVERED = -1;
    /** How long a round waits for its last subscriber. */
    private static final long ROUND_TIMEOUT_MS = 10_000;

    private static final AtomicLong roundStart = new AtomicLong();
    private static final AtomicReference<String> roundMessageId = new AtomicReference<>("");

    public static void main(String[] args) throws Exception {
        String base = option(args, "--url", "http://127.0.0.1:3000");
        String room = required(args, "--room");
        String token = required(args, "--token");
        int sockets = Integer.parseInt(option(args, "--sockets", "2000"));
        int warmupRounds = Integer.parseInt(option(args, "--warmup-rounds", "30"));
        int rounds = Integer.parseInt(option(args, "--rounds", "30"));
        long interval = Long.parseLong(option(args, "--interval-ms", "500"));
        List<URI> websockets = Arrays.stream(option(args, "--socket-urls", base).split(","))
                .map(url -> URI.create(url.trim().replaceFirst("^http", "ws") + "/websocket")).toList();
        String subscribe = "{\"msg\":\"sub\",\"id\":\"s\",\"name\":\"stream-room-messages\",\"params\":[\"" + room
                + "\",{\"useCollection\":false,\"args\":[{\"token\":\"" + token + "\",\"visitorToken\":\"" + token
                + "\"}]}]}";

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
                batch.add(clients.get(j % clients.size()).newWebSocketBuilder().buildAsync(
                        websockets.get(j % websockets.size()),
                        new Receiver(frame -> {
                            if (frame.startsWith("{\"msg\":\"ready\"")) {
                                ready.countDown();
                            } else if (frame.startsWith("{\"msg\":\"changed\"")
                                    && frame.contains("\"_id\":\"" + roundMessageId.get() + "\"")
                                    && latencies[index] == UNDELIVERED) {
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
            System.err.println("only " + (sockets - ready.getCount()) + " of " + sockets
                    + " subscriptions became ready");
            System.exit(1);
        }
        long subscribeMillis = (System.nanoTime() - opening) / 1_000_000;
        System.out.printf("%d sockets subscribed to room %s in %d ms%n", sockets, room, subscribeMillis);

        HttpClient sender = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<long[]> measured = new ArrayList<>();
        long worstRoundP99 = 0;
        System.out.println("round  received  p50 ms  p99 ms  max ms   (w: warm-up)");
        for (int round = 1; round <= warmupRounds + rounds; round++) {
            received[0] = new CountDownLatch(sockets);
            Arrays.fill(latencies, UNDELIVERED);
            String id = "fanout-" + run + "-" + round;
            roundMessageId.set(id);
            String body = "{\"token\":\"" + token + "\",\"rid\":\"" + room + "\",\"_id\":\"" + id
                    + "\",\"msg\":\"Fan-out message " + round + "\"}";
            roundStart.set(System.nanoTime());
            HttpResponse<String> answer = sender.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/livechat/message"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                System.err.println("POST livechat/message answered " + answer.statusCode() + ": " + answer.body());
                System.exit(1);
            }
            received[0].await(ROUND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long[] got = Arrays.stream(latencies).filter(latency -> latency != UNDELIVERED).sorted().toArray();
            boolean warm = round <= warmupRounds;
            if (!warm) {
                measured.add(got);
                worstRoundP99 = Math.max(worstRoundP99, quantile(got, 0.99));
            }
            System.out.printf("%5s  %8d  %6.1f  %6.1f  %6.1f%n", warm ? "w" + round : round - warmupRounds,
                    got.length, quantile(got, 0.50) / 1e6, quantile(got, 0.99) / 1e6, quantile(got, 1.0) / 1e6);
            Thread.sleep(interval);
        }
        long[] all = measured.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("FANOUT_RESULT sockets=%d rounds=%d expected=%d delivered=%d p50_us=%d p99_us=%d max_us=%d "
                        + "worst_round_p99_us=%d subscribe_ms=%d%n", sockets, rounds, (long) sockets * rounds,
                all.length, quantile(all, 0.50) / 1000, quantile(all, 0.99) / 1000, quantile(all, 1.0) / 1000,
                worstRoundP99 / 1000, subscribeMillis);
        for (WebSocket socket : subscribers) {
            socket.abort();
        }
        System.exit(0);
    }

    /** The {@code share} quantile of sorted nanoseconds (0 when there are none). */
    private static long quantile(long[] sorted, double share) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static String required(String[] args, String name) {
        String value = option(args, name, null);
        if (value == null) {
            System.err.println("FanoutBench: " + name + " is required");
            System.exit(2);
        }
        return value;
    }

    /** Connects (DDP), then sends {@code afterConnect}, and hands every whole text frame on. */
    private static final class Receiver implements WebSocket.Listener {
        private final Consumer<String> frames;
        private final String afterConnect;
        private final StringBuilder partial = new StringBuilder();
        /** One send at a time: java.net.http refuses a send while the previous one is still going out. */
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

        Receiver(Consumer<String> frames, String afterConnect) {
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
                if (frame.startsWith("{\"msg\":\"connected\"")) {
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
