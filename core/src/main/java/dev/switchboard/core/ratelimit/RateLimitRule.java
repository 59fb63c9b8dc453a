package dev.switchboard.core.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How many requests one client may make to one route per window. Written {@code "METHOD PATH=N/SECONDS"} (or
 * {@code "METHOD PATH=off"}), where PATH is the route as mounted, e.g. {@code GET /api/v1/livechat/visitor/:token}.
 */
public record RateLimitRule(String method, String path, int limit, Duration window) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    /**
     * Rocket.Chat's limits for the public routes: the visitor routes' own, and its REST default (10 calls per 60 s,
     * {@code API_Enable_Rate_Limiter_Limit_Calls_Default}) for {@code custom.field(s)}, the conversation routes and
     * login, which have none of their own there.
     */
    public static final List<RateLimitRule> DEFAULTS = List.of(
            new RateLimitRule("POST", "/api/v1/livechat/visitor", 5, Duration.ofSeconds(60)),
            new RateLimitRule("GET", "/api/v1/livechat/visitor/:token", 10, Duration.ofSeconds(60)),
            new RateLimitRule("DELETE", "/api/v1/livechat/visitor/:token", 5, Duration.ofSeconds(60)),
restDefault("POST", "/api/v1/livechat/custom.field"),
            restDefault("POST", "/api/v1/livechat/custom.fields"),
            restDefault("GET", "/api/v1/livechat/config"),
            restDefault("GET", "/api/v1/livechat/room"),
            restDefault("POST", "/api/v1/livechat/message"),
            restDefault("PUT", "/api/v1/livechat/message/:_id"),
            restDefault("DELETE", "/api/v1/livechat/message/:_id"),
            restDefault("GET", "/api/v1/livechat/messages.history/:rid"),
            restDefault("POST", "/api/v1/livechat/room.close"),
            restDefault("POST", "/api/v1/livechat/visitor.status"),
            restDefault("GET", "/api/v1/livechat/agent.info/:rid/:token"),
            restDefault("POST", "/api/v1/livechat/offline.message"),
            restDefault("POST", "/api/v1/livechat/page.visited"),
            restDefault("POST", "/api/v1/login"));

    public RateLimitRule {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    private static RateLimitRule restDefault(String method, String path) {
        return new RateLimitRule(method, path, 10, Duration.ofSeconds(60));
    }

    /** {@code "POST /api/v1/livechat/visitor"}. */
    public String key() {
        return method + " " + path;
    }

    /** False for a rule written {@code =off}. */
    public boolean enabled() {
        return limit > 0;
    }

    /** Parses one {@code "METHOD PATH=N/SECONDS"} or {@code "METHOD PATH=off"}. */
    public static RateLimitRule parse(String spec) {
        String text = spec.trim();
        int equals = text.lastIndexOf('=');
        int space = text.indexOf(' ');
        if (equals < 0 || space < 0 || space > equals) {
            throw invalid(spec, "expected \"METHOD /path=N/SECONDS\"");
        }
        String method = text.substring(0, space).trim().toUpperCase(Locale.ROOT);
        String path = text.substring(space + 1, equals).trim();
        String value = text.substring(equals + 1).trim();
        if (!METHODS.contains(method)) {
            throw invalid(spec, "unknown method " + method);
        }
        if (!path.startsWith("/") || path.contains(" ")) {
            throw invalid(spec, "the path must start with /");
        }
        if (value.equalsIgnoreCase("off")) {
            return new RateLimitRule(method, path, 0, Duration.ofSeconds(1));
        }
        int slash = value.indexOf('/');
        try {
            int limit = Integer.parseInt(value.substring(0, slash < 0 ? value.length() : slash).trim());
            int seconds = slash < 0 ? 60 : Integer.parseInt(value.substring(slash + 1).trim());
            if (limit < 1 || seconds < 1) {
                throw invalid(spec, "N and SECONDS must be positive (use =off to disable a route's limit)");
            }
            return new RateLimitRule(method, path, limit, Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            throw invalid(spec, "N and SECONDS must be whole numbers");
        }
    }

    /** The defaults with {@code specs} applied on top (a spec for the same route replaces the default). */
    public static List<RateLimitRule> withOverrides(List<String> specs) {
        Map<String, RateLimitRule> rules = new LinkedHashMap<>();
        DEFAULTS.forEach(rule -> rules.put(rule.key(), rule));
        for (String spec : specs) {
            RateLimitRule rule = parse(spec);
            rules.put(rule.key(), rule);
        }
        return List.copyOf(rules.values());
    }

    private static IllegalArgumentException invalid(String spec, String why) {
        return new IllegalArgumentException("Invalid value for option '--rate-limit-route': '" + spec + "': " + why);
    }
}
