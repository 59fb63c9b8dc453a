package dev.switchboard.core.conversation;

import static dev.switchboard.core.conversation.ConversationIT.BASE;
import static dev.switchboard.core.conversation.ConversationIT.ok;
import static dev.switchboard.core.conversation.ConversationIT.openRoom;
import static dev.switchboard.core.conversation.ConversationIT.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.Json;
import dev.switchboard.core.testing.Operators;
import dev.switchboard.core.testing.Sql;
import dev.switchboard.core.testing.TestHost;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The visitor's {@code lastChat} in every visitor answer, and {@code visitors.search} sorted by it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisitorLastChatIT {
    private TestHost host;
    private ApiClient api;
    private ApiClient agent;

    @BeforeAll
    void start() throws Exception {
        host = Operators.startHost();
        api = host.client();
        agent = new Operators(host).userWithRoles("agent", List.of("agent"));
    }

    @AfterAll
    void stop() {
        host.close();
    }

    @Test
    void everyVisitorAnswerCarriesTheLastChatUntilErasure() {
        String token = visitor(api, "Ann LastChat");
        JsonNode cached = ok(api.get(BASE + "/visitor/" + token)).get("visitor");
        assertFalse(cached.has("lastChat"), "no chat yet; the visitor is now cached");
        String id = cached.get("_id").asText();

        JsonNode room = openRoom(api, token);
        JsonNode lastChat = ok(api.get(BASE + "/visitor/" + token)).get("visitor").get("lastChat");
        assertEquals(room.get("_id").asText(), lastChat.get("_id").asText(), "the cached visitor was forgotten");
        assertEquals(room.get("ts").asText(), lastChat.get("ts").asText());
        assertEquals(2, lastChat.size(), "{_id, ts}, as Rocket.Chat");

        JsonNode info = ok(agent.get(BASE + "/visitors.info?visitorId=" + id)).get("visitor");
        assertEquals(lastChat, info.get("lastChat"));
        JsonNode found = ok(agent.get(BASE + "/visitors.search?term=Ann%20LastChat")).get("visitors").get(0);
        assertEquals(lastChat, found.get("lastChat"));
        JsonNode again = ok(api.post(BASE + "/visitor", Json.of(Map.of("visitor",
                Map.of("token", token, "name", "Ann Again"))))).get("visitor");
        assertEquals(lastChat, again.get("lastChat"), "registering again keeps it");

        ok(api.delete(BASE + "/visitor/" + token));
        assertEquals(400, agent.get(BASE + "/visitors.info?visitorId=" + id).status());
        assertEquals(0, new Sql(host).count(
                "SELECT count(*) FROM visitors WHERE id = ? AND last_chat_id IS NOT NULL", id));
    }

    private List<String> names(String sortJson) {
        JsonNode page = ok(agent.get(BASE + "/visitors.search?term=sortcase&sort="
                + URLEncoder.encode(sortJson, StandardCharsets.UTF_8)));
        List<String> names = new ArrayList<>();
        page.get("visitors").forEach(visitor -> names.add(visitor.get("name").asText()));
        return names;
    }

    @Test
    void searchSortsByLastChatWithVisitorsWithoutAChatWhereRocketChatPutsThem() throws Exception {
        visitor(api, "sortcase never");
        String first = visitor(api, "sortcase first");
        String second = visitor(api, "sortcase second");
        openRoom(api, first);
        Thread.sleep(5);
        openRoom(api, second);
        assertEquals(List.of("sortcase second", "sortcase first", "sortcase never"), names("{\"lastChat.ts\":-1}"));
        assertEquals(List.of("sortcase never", "sortcase first", "sortcase second"), names("{\"lastChat.ts\":1}"));

        ApiClient.Response page = agent.get(BASE + "/visitors.search?term=sortcase&count=1&offset=2&sort="
                + URLEncoder.encode("{\"lastChat.ts\":-1}", StandardCharsets.UTF_8));
        assertEquals(1, ok(page).get("count").asInt());
        assertEquals(3, page.json().get("total").asInt());
        assertEquals("sortcase never", page.json().get("visitors").get(0).get("name").asText());
        assertNull(page.json().get("visitors").get(0).get("lastChat"));

        ApiClient.Response unknown = agent.get(BASE + "/visitors.search?term=&sort="
                + URLEncoder.encode("{\"lastChat._id\":1}", StandardCharsets.UTF_8));
        assertEquals(400, unknown.status(), unknown.toString());
    }
}
