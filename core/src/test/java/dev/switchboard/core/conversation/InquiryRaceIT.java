package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.core.conversation.DeskIT.Desk;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.ApiClient.Response;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.ManualSelectionHost;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.PostgresTestSupport;
import dev.switchboard.core.testing.PostgresTestSupport.PgDatabase;
import dev.switchboard.core.testing.TestHost;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 32 agents race through HTTP for one inquiry: exactly one takes it, the others get Rocket.Chat's
 * {@code error-inquiry-taken}; on one SQLite host, and on two hosts sharing one PostgreSQL database.
 */
class InquiryRaceIT {
    private static final int AGENTS = 32;

    @Test
    void oneOf32AgentsTakesTheInquiryOnSqlite() throws Exception {
        try (TestHost host = Operators.startHost()) {
            race(List.of(host));
        }
    }

    @Test
    void oneOf32AgentsOnTwoNodesTakesTheInquiryOnPostgresql() throws Exception {
        // Nodes of one deployment share the key that encrypts app settings at rest.
        String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        try (PgDatabase pg = PostgresTestSupport.createDatabase();
             TestHost a = TestHost.start(builder -> builder.dbUrl(pg.url()).secretKey(key)
                     .adminToken(Operators.ADMIN_TOKEN));
             TestHost b = TestHost.start(builder -> builder.dbUrl(pg.url()).secretKey(key)
                     .adminToken(Operators.ADMIN_TOKEN))) {
            race(List.of(a, b));
        }
    }

    /** Agents log in round-robin on {@code hosts} and all try to take one inquiry at once. */
    private static void race(List<TestHost> hosts) throws Exception {
        for (TestHost host : hosts) {
            ManualSelectionHost.routing(new Operators(host).admin(), "Manual_Selection");
        }
        List<Desk> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            TestHost host = hosts.get(i % hosts.size());
            agents.add(DeskIT.user(new Operators(host).admin(), host.client(), List.of("agent")));
        }
        ApiClient visitor = hosts.get(0).client();
        String rid = DeskIT.room(visitor, null);
        String inquiryId = DeskIT.inquiryOf(agents.get(0).client(), rid).get("_id").asText();

        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        List<Future<Response>> takes = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (Desk agent : agents) {
                takes.add(pool.submit(() -> {
                    start.await();
                    return agent.client().post(BASE + "/inquiries.take", Json.of(Map.of("inquiryId", inquiryId)));
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Response> take : takes) {
                Response response = take.get();
                if (response.status() == 200) {
                    won++;
                } else {
                    assertEquals(400, response.status(), response::toString);
                    assertEquals("error-inquiry-taken", response.json().get("errorType").asText(), response::toString);
                }
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
        // One agent serves the room, joined once.
        ApiClient admin = new Operators(hosts.get(0)).admin();
        var rooms = ok(admin.get(BASE + "/rooms?open=true&count=100")).get("rooms");
        int served = 0;
        for (var room : rooms) {
            if (room.get("_id").asText().equals(rid)) {
                served++;
                assertEquals(2, room.get("usersCount").asInt());
                assertEquals(3, room.get("msgs").asInt(), "livechat-started, command, uj");
            }
        }
        assertEquals(1, served);
    }
}
