package dev.switchboard.core.http;

import static dev.switchboard.core.http.VisitorRegistrationIT.PATH;
import static dev.switchboard.core.http.VisitorRegistrationIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.core.testing.LogCapture;
import dev.switchboard.core.testing.PostgresTestSupport;
import dev.switchboard.core.testing.PostgresTestSupport.PgDatabase;
import dev.switchboard.core.testing.RawHttp;
import dev.switchboard.core.testing.TestHost;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text the API refuses (issue 26, findings 4, 5 and 7): invalid UTF-8, lone surrogates and NUL anywhere, on both
 * databases; transport errors in the envelope, and none of it logged with a stack trace.
 */
class InputRulesIT {
    private static final String TEXT_ERROR = "error-invalid-text";
    private static TestHost sqlite;
    private static PgDatabase pg;
    private static TestHost postgres;

    @BeforeAll
    static void start() throws Exception {
        sqlite = TestHost.start();
        pg = PostgresTestSupport.createDatabase();
        postgres = TestHost.start(builder -> builder.dbUrl(pg.url()));
    }

    @AfterAll
    static void stop() {
        sqlite.close();
        if (postgres != null) {
            postgres.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static List<TestHost> hosts() {
        return List.of(sqlite, postgres);
    }

    private static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static ApiClient.Response postRaw(ApiClient api, String path, byte[] body) {
        return api.send("POST", path, body, Map.of("content-type", "application/json"));
    }

    @Test
    void overlongSurrogateAndOutOfRangeUtf8AreRefusedOnEveryJsonRoute() {
        List<int[]> invalid = List.of(new int[] {0xC0, 0xAF}, new int[] {0xED, 0xA0, 0x80},
                new int[] {0xF4, 0x90, 0x80, 0x80}, new int[] {0xE0, 0x80, 0xAF}, new int[] {0x80});
        try (LogCapture log = new LogCapture()) {
            for (int[] sequence : invalid) {
                for (String path : List.of(PATH, "/api/v1/livechat/custom.field", "/api/v1/livechat/custom.fields")) {
                    ApiClient.Response response = postRaw(sqlite.client(), path,
                            bytes("{\"visitor\":{\"token\":\"t-", sequence, "\"}}"));
                    assertError(response, 400, "The request body is not valid UTF-8 JSON [error-invalid-json]",
                            "error-invalid-json");
                }
            }
            assertEquals(List.of(), log.problems());
        }
        // Well-formed multi-byte text still passes: 2, 3 and 4 bytes.
        ApiClient.Response ok = postRaw(sqlite.client(), PATH,
                "{\"visitor\":{\"token\":\"utf8-ok\",\"name\":\"\u00e9\u20ac\ud83d\ude00\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("\u00e9\u20ac\ud83d\ude00", ok.json().at("/visitor/name").asText());
    }

    @Test
    void loneSurrogateEscapesAreRefusedAndPairsAreKept() {
        for (TestHost host : hosts()) {
            for (String escaped : List.of("A\\ud83d", "A\\ude00", "\\ude00\\ud83d", "A\\ud83dB")) {
                ApiClient.Response token = host.client().post(PATH, "{\"visitor\":{\"token\":\"" + escaped + "\"}}");
                assertEquals(400, token.status(), token.toString());
                assertEquals(TEXT_ERROR, token.json().get("errorType").asText());
                ApiClient.Response key = host.client().post(PATH,
                        "{\"visitor\":{\"token\":\"k-1\",\"" + escaped + "\":1}}");
                assertEquals(400, key.status(), "keys too: " + key);
            }
            assertEquals(400, host.client().get(PATH + "/A%3F").status(), "A\\ud83d was not stored as A?");
            ApiClient.Response pair = host.client().post(PATH, "{\"visitor\":{\"token\":\"pair-\\ud83d\\ude00\"}}");
            assertEquals(200, pair.status(), pair.toString());
            assertEquals("pair-\ud83d\ude00", pair.json().at("/visitor/token").asText());
        }
    }

    @Test
    void nulIsA400OnBothDatabasesInBodiesPathsAndQueries() {
        for (TestHost host : hosts()) {
            try (LogCapture log = new LogCapture()) {
                for (String body : List.of("{\"visitor\":{\"token\":\"a\\u0000b\"}}",
                        "{\"visitor\":{\"token\":\"nul-1\",\"name\":\"x\\u0000\"}}",
                        "{\"visitor\":{\"token\":\"nul-1\",\"customFields\":[{\"key\":\"k\",\"value\":\"\\u0000\"}]}}")) {
                    ApiClient.Response response = host.client().post(PATH, body);
                    assertEquals(400, response.status(), response.toString());
                    assertEquals(TEXT_ERROR, response.json().get("errorType").asText());
                }
                ApiClient.Response custom = host.client().post("/api/v1/livechat/custom.field",
                        "{\"token\":\"\\u0000\",\"key\":\"k\",\"value\":\"v\",\"overwrite\":true}");
                assertEquals(400, custom.status(), custom.toString());
                for (String target : List.of(PATH + "/a%00b", "/health?x=%00", PATH + "/%C0%AF", PATH + "/%ED%A0%80")) {
                    assertError(host.client().get(target), 400, "The request path and query must be valid UTF-8 "
                            + "text without NUL characters [error-invalid-text]", TEXT_ERROR);
                }
                assertError(host.client().delete(PATH + "/a%00b"), 400, "The request path and query must be valid "
                        + "UTF-8 text without NUL characters [error-invalid-text]", TEXT_ERROR);
                assertEquals(List.of(), log.problems());
            }
        }
    }

    @Test
    void badPercentEscapesAnswerTheEnvelopeAndLogNothing() {
        try (LogCapture log = new LogCapture()) {
            for (String target : List.of(PATH + "/%zz", PATH + "/abc?x=%e", PATH + "/abc%", "/health?%g1=2")) {
                RawHttp.Answer answer = RawHttp.exchange(sqlite.port(),
                        "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals(400, answer.status(), answer.text());
                assertTrue(answer.body().contains("\"errorType\":\"error-invalid-text\""), answer.text());
            }
            assertEquals(List.of(), log.problems());
        }
    }

    @Test
    void transportErrorsAnswerTheEnvelopeAndLogNothing() {
        try (LogCapture log = new LogCapture()) {
            RawHttp.Answer longLine = RawHttp.exchange(sqlite.port(),
                    "GET /" + "a".repeat(TransportLimits.REQUEST_LINE_BYTES + 10) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(414, longLine.status(), longLine.text());
            assertTrue(longLine.body().contains("\"errorType\":\"error-uri-too-long\""), longLine.text());

            StringBuilder headers = new StringBuilder();
            for (int i = 0; i * 1000 < TransportLimits.HEADER_BYTES + 1000; i++) {
                headers.append("X-Filler-").append(i).append(": ").append("b".repeat(990)).append("\r\n");
            }
            RawHttp.Answer bigHeaders = RawHttp.exchange(sqlite.port(),
                    "GET /health HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
            assertEquals(431, bigHeaders.status(), bigHeaders.text());
            assertTrue(bigHeaders.body().contains("\"errorType\":\"error-headers-too-large\""), bigHeaders.text());

            RawHttp.Answer nulHeader = RawHttp.exchange(sqlite.port(),
                    "GET /health HTTP/1.1\r\nHost: x\r\nX-Auth-Token: a\u0000b\r\n\r\n");
            assertEquals(400, nulHeader.status(), nulHeader.text());
            assertTrue(nulHeader.body().contains("\"errorType\":\"error-bad-request\""), nulHeader.text());

            // Broken chunking loses the framing: the connection is closed; nothing is logged above debug.
            RawHttp.Answer badChunks = RawHttp.exchange(sqlite.port(), "POST " + PATH + " HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
            assertTrue(badChunks.closed(), badChunks.text());
            assertEquals(List.of(), log.problems());
        }
        assertEquals(200, sqlite.client().get("/health").status());
    }
}
