package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpCallException;
import dev.switchboard.spi.HttpResult;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FakeAppHttpTest {
    private static final String SEND = "https://graph.example/v24.0/123/messages";
    private final FakeAppHttp http = FakeAppContext.of("bridge").http();

    private static HttpCall post(String url, String body) {
        return HttpCall.post(URI.create(url), "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .withHeader("Authorization", "Bearer t-1");
    }

    private HttpResult send(HttpCall call) {
        return http.send(call).toCompletableFuture().join();
    }

    private HttpCallException.Reason failure(HttpCall call) {
        CompletionException e = assertThrows(CompletionException.class, () -> send(call));
        return assertInstanceOf(HttpCallException.class, e.getCause()).reason();
    }

    @Test
    void answersAreScriptedPerUrlOnceAnswersFirstAndEveryCallIsRecorded() {
        http.answer(SEND, 200, "{\"messages\":[{\"id\":\"wamid.OUT\"}]}")
                .answerOnce(SEND, 429, "{\"error\":{\"code\":130429}}")
                .failOnce(SEND, HttpCallException.Reason.TIMEOUT);
        assertEquals(429, send(post(SEND, "1")).status());
        assertEquals(HttpCallException.Reason.TIMEOUT, failure(post(SEND, "2")));
        HttpResult ok = send(post(SEND + "?debug=1", "3"));
        assertEquals(200, ok.status(), "the query string does not change the URL");
        assertEquals("{\"messages\":[{\"id\":\"wamid.OUT\"}]}", ok.bodyAsString());
        assertEquals(200, send(post(SEND, "4")).status(), "the standing answer stays");

        assertEquals(4, http.calls(SEND).size());
        HttpCall first = http.calls().get(0);
        assertEquals("POST", first.method());
        assertEquals("Bearer t-1", first.headers().get("authorization").get(0));
        assertEquals("1", first.bodyAsString());
    }

    @Test
    void unscriptedUrlsFailAsARefusedConnectionAndScriptedFailuresCarryTheHostsReasons() {
        assertEquals(HttpCallException.Reason.CONNECTION, failure(HttpCall.get(URI.create("http://127.0.0.1:9/x"))));
        http.fail(SEND, HttpCallException.Reason.TOO_MANY_CALLS);
        assertEquals(HttpCallException.Reason.TOO_MANY_CALLS, failure(post(SEND, "1")));
        assertEquals(HttpCallException.Reason.TOO_MANY_CALLS, failure(post(SEND, "2")));
        http.disable();
        http.answer(SEND, 200, null);
        assertEquals(HttpCallException.Reason.APP_DISABLED, failure(post(SEND, "3")));
        assertEquals(4, http.calls().size());
    }

    @Test
    void aStandingAnswerMayHoldTheCallUntilTheTestCompletesIt() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        http.answer(SEND, call -> held);
        CompletableFuture<HttpResult> stage = http.send(post(SEND, "1")).toCompletableFuture();
        assertFalse(stage.isDone());
        held.complete(new HttpResult(201, null, null));
        assertEquals(201, stage.join().status());
    }
}
