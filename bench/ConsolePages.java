import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each console page takes to load against a running host (docs/console.md, "How fast"): for every page,
 * the API requests the page makes when it opens, sent at once as the browser sends them, timed from the first
 * request to the last answer; the page's own files are one more "page" (they are revalidated, 304, after the first
 * load). Run it against a host whose store was seeded (bench/SeedVisitors.java), on an idle machine:
 *
 *   java bench/ConsolePages.java --url http://127.0.0.1:3000 --user admin --token ADMIN_TOKEN [--rounds 50]
 *                                [--term "Seed Visitor 999999"]
 *
 * Prints one line per page: {@code PAGE name p50_ms= p95_ms= max_ms=} over the rounds (after 5 warm-up rounds).
 * The visitor search is timed for several terms (the console's request, "search …") and, for the terms that match
 * many visitors, as a plain API client asks it, with the exact total ("exact …").
 * Exits 1 when an answer is not 200 or 304.
 */
public class ConsolePages {
    private static final int WARMUP = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.getOrDefault("--url", "http://127.0.0.1:3000");
        String user = options.getOrDefault("--user", "admin");
        String token = options.get("--token");
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "50"));
        String term = options.getOrDefault("--term", "Seed Visitor 999999");
        if (token == null) {
            System.err.println("usage: ConsolePages --url URL --user USER_ID --token TOKEN [--rounds N] [--term T]");
            System.exit(2);
        }
        Client client = new Client(url, user, token);
        String visitor = first(client.get("/api/v1/livechat/visitors.search?term=&count=1"), "_id");
        String room = first(client.get("/api/v1/livechat/rooms?count=1"), "_id");
        String sort = enc("{\"lastChat.ts\":-1}");
        Map<String, List<String>> pages = new java.util.LinkedHashMap<>();
        pages.put("files", List.of("/console", "/console/js/main.js", "/console/console.css"));
        pages.put("sign-in", List.of("/api/v1/me"));
        pages.put("conversations", List.of("/api/v1/me", "/api/v1/livechat/inquiries.queuedForUser?count=50",
                "/api/v1/livechat/rooms?open=true&agents%5B%5D=" + enc(user) + "&count=50",
                "/api/v1/livechat/department?count=100"));
        pages.put("room", List.of("/api/v1/rooms.info?roomId=" + enc(room),
                "/api/v1/chat.syncMessages?roomId=" + enc(room) + "&lastUpdate="
                + enc("1970-01-01T00:00:00.000Z"), "/api/v1/livechat/department?count=100",
                "/api/v1/livechat/users/agent?onlyAvailable=true&count=100"));
        // The console's search (its first page, the total counted up to 1,000), for a name, a username, terms
        // matching 111,112 visitors, every visitor and (two characters, no trigram) a twentieth of them; then the
        // plain API's exact total for the same large sets.
        for (String searched : List.of(term, "guest-123456", "Seed Visitor 1", "seed", "77")) {
            pages.put("search " + searched, List.of("/api/v1/livechat/visitors.search?term=" + enc(searched)
                    + "&count=25&offset=0&sort=" + sort + "&totalUpTo=1000"));
        }
        for (String searched : List.of("Seed Visitor 1", "seed", "77")) {
            pages.put("exact " + searched, List.of("/api/v1/livechat/visitors.search?term=" + enc(searched)
                    + "&count=25&offset=0&sort=" + sort));
        }
        pages.put("visitor", List.of("/api/v1/livechat/visitors.info?visitorId=" + enc(visitor),
                "/api/v1/livechat/rooms?visitorId=" + enc(visitor) + "&count=50"));
        pages.put("apps", List.of("/api/apps"));
        List<String> desks = new ArrayList<>();
        for (String id : List.of("webhookUrl", "secret_token", "http_timeout", "webhook_on_start",
                "webhook_on_close", "webhook_on_chat_taken", "webhook_on_chat_queued", "webhook_on_forward",
                "webhook_on_offline_msg", "webhook_on_visitor_message", "webhook_on_agent_message")) {
            desks.add("/api/v1/settings/Livechat_" + id);
        }
        desks.add("/api/v1/livechat/webhooks.backlog");
        desks.add("/api/v1/livechat/webhooks.deadLetters?count=50");
        pages.put("desks", desks);
        for (Map.Entry<String, List<String>> page : pages.entrySet()) {
            long[] millis = new long[rounds];
            for (int round = -WARMUP; round < rounds; round++) {
                long took = client.load(page.getValue());
                if (round >= 0) {
                    millis[round] = took;
                }
            }
            Arrays.sort(millis);
            System.out.printf("PAGE %-27s p50_ms=%d p95_ms=%d max_ms=%d%n", page.getKey(),
                    millis[rounds / 2], millis[Math.min(rounds - 1, rounds * 95 / 100)], millis[rounds - 1]);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The first {@code "key":"value"} of an answer: enough to pick a visitor and a room to open. */
    private static String first(String json, String key) {
        Matcher found = Pattern.compile("\"" + key + "\":\"([^\"]+)\"").matcher(json);
        if (!found.find()) {
            throw new IllegalStateException("no " + key + " in " + json + ": seed the store first");
        }
        return found.group(1);
    }

    private record Client(String url, String user, String token) {
        HttpRequest request(String path) {
            return HttpRequest.newBuilder(URI.create(url + path)).header("X-User-Id", user)
                    .header("X-Auth-Token", token).timeout(Duration.ofSeconds(30)).build();
        }

        String get(String path) throws Exception {
            HttpResponse<String> answer = HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
            check(path, answer.statusCode());
            return answer.body();
        }

        /** Milliseconds from sending every request of a page at once to the last answer. */
        long load(List<String> paths) {
            long started = System.nanoTime();
            CompletableFuture.allOf(paths.stream().map(path -> HTTP.sendAsync(request(path),
                    HttpResponse.BodyHandlers.discarding()).thenAccept(answer -> check(path, answer.statusCode())))
                    .toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - started) / 1_000_000;
        }

        static void check(String path, int status) {
            if (status != 200 && status != 304) {
                System.err.println(path + " answered " + status);
                System.exit(1);
            }
        }
    }
}
