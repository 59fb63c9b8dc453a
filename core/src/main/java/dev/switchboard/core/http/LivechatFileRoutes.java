package dev.switchboard.core.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rocket.Chat's livechat widget, served from {@code --livechat-dir} at {@code /livechat} as Rocket.Chat serves it:
 * the page at {@code /livechat} (its scripts are {@code livechat/…} relative to it), the files below it, and
 * {@code SERVER_URL} set in the page so the widget calls the API on the origin it was loaded from. No directory
 * listing, no hidden files, nothing outside the directory; files may be cached for an hour and revalidated by
 * date or ETag, the page is always revalidated.
 */
final class LivechatFileRoutes {
    static final String PATH = "/livechat";
    static final int MAX_AGE_SECONDS = 3600;
    /** Where the widget reads its server from ({@code window.SERVER_URL}, else localhost:3000). */
    private static final String SERVER_URL_SCRIPT = "<script>SERVER_URL=window.location.origin;</script>";

    private final Path dir;
    private final byte[] page;

    private LivechatFileRoutes(Path dir, byte[] page) {
        this.dir = dir;
        this.page = page;
    }

    /** Reads the widget's page once (blocking: start-up only). */
    static LivechatFileRoutes load(Path dir) throws IOException {
        String html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
        int head = html.indexOf("</head>");
        String withServer = head < 0 ? SERVER_URL_SCRIPT + html
                : html.substring(0, head) + SERVER_URL_SCRIPT + html.substring(head);
        return new LivechatFileRoutes(dir.toAbsolutePath().normalize(), withServer.getBytes(StandardCharsets.UTF_8));
    }

    void mount(Router router) {
        // One route per path for both methods: a missing file then falls through to 404, not 405.
        router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::page);
        router.route(PATH + "/index.html").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::page);
        StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, dir.toString())
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(MAX_AGE_SECONDS)
                .setDefaultContentEncoding("UTF-8");
        router.route(PATH + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files);
    }

    private void page(RoutingContext ctx) {
        if (ctx.request().path().endsWith("/")) {
            // Vert.x matches "/livechat/" here too, where the page's relative script paths would point under
            // /livechat/livechat/.
            toPage(ctx);
            return;
        }
        HttpServerResponse response = ctx.response()
                .putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-cache");
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("content-length", Integer.toString(page.length)).end();
        } else {
            response.end(Buffer.buffer(page));
        }
    }

    private static void toPage(RoutingContext ctx) {
        String query = ctx.request().query();
        ctx.response().setStatusCode(301)
                .putHeader("location", query == null ? PATH : PATH + "?" + query)
                .end();
    }
}
