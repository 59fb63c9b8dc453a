package dev.switchboard.core.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.config.HostCommandLine;
import dev.switchboard.core.config.HostConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {
    private static HostCommandLine.Parsed parse(Map<String, String> env, String... args) {
        return HostCommandLine.parse(args, env::get, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
    }

    @Test
    void flagsAndEnvironmentTwins() {
        HostConfig fromFlags = parse(Map.of(), "--rate-limit-route", "POST /api/v1/livechat/visitor=2/30",
                "--rate-limit-route", "GET /api/v1/livechat/visitor/:token=off,DELETE /api/v1/livechat/visitor/:token=1/5",
                "--trusted-proxies", "10.0.0.0/8,::1").config().orElseThrow();
        assertEquals(3, fromFlags.rateLimitRoutes().size());
        assertEquals(List.of("10.0.0.0/8", "::1"), fromFlags.trustedProxies());
        HostConfig fromEnv = parse(Map.of("SWITCHBOARD_RATE_LIMIT_ROUTE", "POST /api/v1/livechat/visitor=9/9",
                "SWITCHBOARD_TRUSTED_PROXIES", "192.168.0.0/16")).config().orElseThrow();
        assertEquals(List.of("POST /api/v1/livechat/visitor=9/9"), fromEnv.rateLimitRoutes());
        assertEquals(List.of("192.168.0.0/16"), fromEnv.trustedProxies());
        assertTrue(parse(Map.of()).config().orElseThrow().rateLimitRoutes().isEmpty());
    }

    @Test
    void badValuesExitWithUsageError() {
        assertEquals(HostCommandLine.USAGE_ERROR, parse(Map.of(), "--rate-limit-route", "POST visitor").exitCode());
        assertEquals(HostCommandLine.USAGE_ERROR,
                parse(Map.of(), "--rate-limit-route", "FETCH /x=1/1").exitCode());
        assertEquals(HostCommandLine.USAGE_ERROR, parse(Map.of(), "--trusted-proxies", "proxy.local").exitCode());
        assertEquals(HostCommandLine.USAGE_ERROR, parse(Map.of(), "--trusted-proxies", "10.0.0.0/33").exitCode());
    }

    @Test
    void rulesOverrideDefaults() {
        List<RateLimitRule> rules = RateLimitRule.withOverrides(List.of("post /api/v1/livechat/visitor = 7 / 10",
                "GET /api/v1/livechat/visitor/:token=off", "POST /api/v1/livechat/custom.field=3"));
        assertEquals(RateLimitRule.DEFAULTS.size(), rules.size());
        assertEquals(new RateLimitRule("POST", "/api/v1/livechat/visitor", 7, Duration.ofSeconds(10)), rules.get(0));
        assertFalse(rules.get(1).enabled());
        assertEquals(new RateLimitRule("POST", "/api/v1/livechat/custom.field", 3, Duration.ofSeconds(60)),
                rules.get(3));
        assertEquals(new RateLimitRule("POST", "/api/v1/livechat/custom.fields", 10, Duration.ofSeconds(60)),
                rules.get(4));
        assertEquals(new RateLimitRule("POST", "/api/v1/livechat/message", 10, Duration.ofSeconds(60)),
                rules.stream().filter(rule -> rule.key().equals("POST /api/v1/livechat/message")).findFirst()
                        .orElseThrow(), "a conversation route keeps Rocket.Chat's REST default");
        assertThrows(IllegalArgumentException.class, () -> RateLimitRule.parse("POST /x=0/10"));
    }

    @Test
    void clientAddressWalksForwardedForFromTheRight() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "::1"));
        assertEquals("203.0.113.5", proxies.clientAddress("10.1.2.3", "203.0.113.5"));
        assertEquals("203.0.113.5", proxies.clientAddress("10.1.2.3", "1.1.1.1, 203.0.113.5, 10.9.9.9"));
        assertEquals("192.0.2.1", proxies.clientAddress("192.0.2.1", "203.0.113.5"));
        assertEquals("10.1.2.3", proxies.clientAddress("10.1.2.3", "not-an-ip"));
        assertEquals("203.0.113.5", proxies.clientAddress("0:0:0:0:0:0:0:1", "203.0.113.5"));
        assertEquals("192.0.2.1", TrustedProxies.NONE.clientAddress("192.0.2.1", "203.0.113.5"));
    }

    @Test
    void limiterCountsFixedWindows() {
        RateLimitRule rule = new RateLimitRule("POST", "/x", 2, Duration.ofSeconds(10));
        RateLimiter limiter = new RateLimiter(List.of(rule));
        assertTrue(limiter.acquire(rule, "a", 1_000).allowed());
        assertTrue(limiter.acquire(rule, "a", 2_000).allowed());
        RateLimiter.Decision third = limiter.acquire(rule, "a", 3_000);
        assertFalse(third.allowed());
        assertEquals(11_000, third.resetAt());
        assertEquals(8, third.secondsToWait(3_000));
        assertTrue(limiter.acquire(rule, "b", 3_000).allowed());
        assertTrue(limiter.acquire(rule, "a", 11_000).allowed());
    }

    @Test
    void addressLiteralsAreParsedWithoutAskingDns() {
        assertEquals(null, TrustedProxies.literal("999.1.1.1"));
        assertEquals(null, TrustedProxies.literal("zz:1"));
        assertEquals(null, TrustedProxies.literal("example.com"));
        assertEquals(4, TrustedProxies.literal("10.1.2.3").length);
        assertEquals(4, TrustedProxies.literal("::ffff:10.1.2.3").length);
        assertEquals(16, TrustedProxies.literal("[::1]").length);
    }

    @Test
    void theClientIsFoundAcrossSeveralForwardedForLines() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8"));
        // What the handler passes when a proxy appended its own line after the client's forged one.
        assertEquals("198.51.100.7", proxies.clientAddress("10.0.0.1", String.join(",", "1.2.3.4", "198.51.100.7")));
    }
}
