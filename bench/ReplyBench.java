import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Agent reply to Graph API call (bench/run scenario 10). Starts a fake Graph API on loopback and points the WhatsApp
 * bridge at it (settings {@code graphBaseUrl}, {@code accessToken}), opens WhatsApp rooms with signed deliveries from
 * new BSUID-only users (so each room's 24-hour window is open), then has the admin (a livechat manager) answer them
 * with {@code POST /api/v1/chat.sendMessage} at a fixed rate, and measures for each reply the time from sending the
 * request to the fake Graph API receiving the bridge's call for it.
 *
 *   java -cp core/target/switchboard.jar bench/ReplyBench.java --url http://127.0.0.1:3000 --admin-token T
 *        --app-secret S [--rooms 100] [--rate 50] [--warmup 15] [--duration 15]
 *
 * Last line, for bench/run: {@code REPLY_RESULT sent= received= p50_us= p99_us= max_us=} over the measured replies
 * (warm-up replies are sent at the same rate and not counted). Exits 1 when the rooms do not open or a reply is not
 * answered 200.
 */
public final class ReplyBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SEQUENCE = Pattern.compile("bench reply (\\d+)");
    private static final long NOT_YET = -1;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String base = options.getOrDefault("--url", "http://127.0.0.1:3000");
        String adminToken = options.get("--admin-token");
        String appSecret = options.get("--app-secret");
        if (adminToken == null || appSecret == null) {
            System.err.println("--admin-token and --app-secret are required");
            System.exit(2);
        }
        int roomCount = Integer.parseInt(options.getOrDefault("--rooms", "100"));
        int rate = Integer.parseInt(options.getOrDefault("--rate", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "15"));
        int duration = Integer.parseInt(options.getOrDefault("--duration", "15"));
        int total = rate * (warmup + duration);
        long[] sentAt = new long[total];
        long[] receivedAt = new long[total];
        Arrays.fill(receivedAt, NOT_YET);

        HttpServer graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        graph.setExecutor(Executors.newFixedThreadPool(2));
        AtomicInteger graphCalls = new AtomicInteger();
        graph.createContext("/", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = SEQUENCE.matcher(body);
            if (m.find()) {
                int seq = Integer.parseInt(m.group(1));
                if (seq < total) {
                    receivedAt[seq] = now;
                }
            }
            byte[] answer = ("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.REPLY"
                    + graphCalls.incrementAndGet() + "\"}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        graph.start();

        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> admin = Map.of("X-User-Id", "admin", "X-Auth-Token", adminToken);
        expect200(http, "POST", base + "/api/apps/whatsapp-bridge/settings", admin, "{\"settings\":{"
                + "\"accessToken\":\"bench-graph-token\",\"graphBaseUrl\":\"http://127.0.0.1:"
                + graph.getAddress().getPort() + "\",\"graphApiVersion\":\"v24.0\",\"messagesPerSecond\":\""
                + Math.max(80, rate * 2) + "\"}}");

        String since = Instant.now().minusSeconds(1).toString();
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < roomCount; i++) {
            String bsuid = "BR.8" + now + String.format("%04d", i);
            byte[] delivery = ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                    + "\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                    + "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                    + "\"contacts\":[{\"profile\":{\"name\":\"Reply Bench " + i + "\"},\"user_id\":\"" + bsuid + "\"}],"
                    + "\"messages\":[{\"from_user_id\":\"" + bsuid + "\",\"id\":\"wamid.REPLYBENCH" + now + "-" + i
                    + "\",\"timestamp\":\"" + now + "\",\"type\":\"text\",\"text\":{\"body\":\"Hello\"}}]}}]}]}")
                    .getBytes(StandardCharsets.UTF_8);
            expect200(http, "POST", base + "/api/apps/public/whatsapp-bridge/webhook",
                    Map.of("X-Hub-Signature-256", sign(appSecret, delivery)), delivery);
        }
        List<String> rooms = awaitRooms(http, base, admin, since, roomCount);
        System.out.println("rooms open: " + rooms.size());

        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        AtomicInteger failures = new AtomicInteger();
        for (int seq = 0; seq < total; seq++) {
            long due = start + seq * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String body = "{\"message\":{\"rid\":\"" + rooms.get(seq % rooms.size()) + "\",\"msg\":\"bench reply "
                    + seq + "\"}}";
            sentAt[seq] = System.nanoTime();
            http.sendAsync(request("POST", base + "/api/v1/chat.sendMessage", admin, body.getBytes(StandardCharsets.UTF_8)),
                    HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    });
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        int first = rate * warmup;
        while (System.nanoTime() < deadline && missing(receivedAt, first) > 0) {
            Thread.sleep(50);
        }
        graph.stop(0);
        List<Long> latencies = new ArrayList<>();
        for (int seq = first; seq < total; seq++) {
            if (receivedAt[seq] != NOT_YET) {
                latencies.add(Math.max(0, (receivedAt[seq] - sentAt[seq]) / 1000));
            }
        }
        latencies.sort(null);
        if (failures.get() > 0) {
            System.out.println(failures.get() + " replies were not answered 200");
        }
        System.out.printf("REPLY_RESULT sent=%d received=%d p50_us=%d p99_us=%d max_us=%d%n", total - first,
                latencies.size(), quantile(latencies, 0.5), quantile(latencies, 0.99),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1));
        System.exit(failures.get() > 0 ? 1 : 0);
    }

    /** The ids of the rooms created since {@code since} (the ones the deliveries opened), once there are enough. */
    private static List<String> awaitRooms(HttpClient http, String base, Map<String, String> admin, String since,
                                           int count) throws Exception {
        String query = "?open=true&count=" + count + "&createdAt="
                + URLEncoder.encode("{\"start\":\"" + since + "\"}", StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<String> ids = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> r = http.send(request("GET", base + "/api/v1/livechat/rooms" + query, admin, null),
                    HttpResponse.BodyHandlers.ofByteArray());
            ids.clear();
            for (JsonNode room : MAPPER.readTree(r.body()).path("rooms")) {
                if ("whatsapp-bridge".equals(room.path("source").path("id").asText())) {
                    ids.add(room.get("_id").asText());
                }
            }
            if (ids.size() >= count) {
                return ids;
            }
            Thread.sleep(200);
        }
        System.err.println("only " + ids.size() + " of " + count + " WhatsApp rooms opened within 60 s");
        System.exit(1);
        return ids;
    }

    private static int missing(long[] receivedAt, int from) {
        int missing = 0;
        for (int i = from; i < receivedAt.length; i++) {
            if (receivedAt[i] == NOT_YET) {
                missing++;
            }
        }
        return missing;
    }

    private static long quantile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void expect200(HttpClient http, String method, String url, Map<String, String> headers, Object body)
            throws Exception {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) body;
        HttpResponse<String> r = http.send(request(method, url, headers, bytes), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.println(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
            System.exit(1);
        }
    }

    private static HttpRequest request(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        headers.forEach(b::header);
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** The command line as {@code --name value} pairs; exits 2 on a name without a value. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 == args.length || !args[i].startsWith("--")) {
                System.err.println("usage: --name value pairs; got " + String.join(" ", args));
                System.exit(2);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

}
