package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorRegistrationIT.ok;
import static dev.switchboard.core.http.VisitorRegistrationIT.register;
import static dev.switchboard.core.http.VisitorRegistrationIT.token;
import static dev.switchboard.core.http.VisitorRegistrationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.config.VisitorMatching;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Simultaneous registrations under Rocket.Chat's matching rules: uniqueness lives in the database. */
class VisitorRaceIT {
    private static TestHost host;
    private static Sql sql;

    @BeforeAll
    static void start() throws Exception {
        host = TestHost.start(builder -> builder.visitorMatching(VisitorMatching.ROCKETCHAT));
        sql = new Sql(host);
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    /** Runs {@code count} registrations released together by a start gate; each with its own client. */
    static List<JsonNode> simultaneously(int count, IntFunction<Callable<JsonNode>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<JsonNode> task = call.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    gate.await();
                    return task.call();
                }));
            }
            ready.await();
            gate.countDown();
            List<JsonNode> results = new ArrayList<>();
            for (Future<JsonNode> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixtyFourRegistrationsOfOneNewTokenMakeOneVisitor() throws Exception {
        String token = token();
        List<JsonNode> results = simultaneously(64, i -> {
            ApiClient api = new ApiClient(host.client().base());
            return () -> ok(register(api, visitor("token", token, "name", "racer-" + i)));
        });
        Set<String> ids = new HashSet<>();
        results.forEach(visitor -> ids.add(visitor.get("_id").asText()));
        assertEquals(1, ids.size(), ids::toString);
        assertEquals(1, sql.count("SELECT COUNT(*) FROM visitors WHERE token = ?", token));
        Set<String> usernames = new HashSet<>();
        results.forEach(visitor -> usernames.add(visitor.get("username").asText()));
        assertEquals(1, usernames.size(), "username never changes after creation: " + usernames);
    }

    @Test
    void sixtyFourRegistrationsOfOneNewPhoneMakeOneVisitor() throws Exception {
        String digits = String.valueOf(100_000_000_000L + (long) (Math.random() * 800_000_000_000L));
        List<JsonNode> results = simultaneously(64, i -> {
            ApiClient api = new ApiClient(host.client().base());
            String phone = i % 2 == 0 ? digits : "+" + digits.substring(0, 2) + " " + digits.substring(2);
            return () -> ok(register(api, visitor("token", token(), "phone", phone)));
        });
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        results.forEach(visitor -> {
            ids.add(visitor.get("_id").asText());
            tokens.add(visitor.get("token").asText());
        });
        assertEquals(1, ids.size(), ids::toString);
        assertEquals(1, tokens.size(), tokens::toString);
        assertEquals(1, sql.count("SELECT COUNT(*) FROM visitors WHERE phone_digits = ?", digits));
    }

    @Test
    void hundredNewVisitorsGetHundredDistinctGuestNames() throws Exception {
        List<JsonNode> results = simultaneously(100, i -> {
            ApiClient api = new ApiClient(host.client().base());
            return () -> ok(register(api, visitor("token", token())));
        });
        Set<String> usernames = new HashSet<>();
        Set<String> ids = new HashSet<>();
        results.forEach(visitor -> {
            usernames.add(visitor.get("username").asText());
            ids.add(visitor.get("_id").asText());
        });
        assertEquals(100, usernames.size());
        assertEquals(100, ids.size());
        usernames.forEach(name -> assertEquals(true, name.matches("guest-\\d+"), name));
    }

    @Test
    void sixtyFourRegistrationsOfOneNewEmailMakeOneVisitorHoldingOneOfTheTokens() throws Exception {
        String email = "race-" + token() + "@example.com";
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tokens.add(token());
        }
        simultaneously(64, i -> {
            ApiClient api = new ApiClient(host.client().base());
            return () -> ok(register(api, visitor("token", tokens.get(i), "email", email)));
        });
        // Email is not unique (as in Rocket.Chat), so racing creates may make several visitors; each live token
        // must still belong to exactly one visitor.
        long live = sql.count("SELECT COUNT(DISTINCT token) FROM visitors WHERE email = ?", email);
        long rows = sql.count("SELECT COUNT(*) FROM visitors WHERE email = ?", email);
        assertEquals(rows, live);
    }
}
