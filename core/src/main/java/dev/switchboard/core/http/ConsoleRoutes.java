package dev.switchboard.core.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The console (docs/console.md): the operators' and agents' web page at {@code /console}, plain ES modules and
 * a stylesheet read once from the jar's {@code console/} resources and held in memory. It speaks only the public
 * REST API and {@code /websocket}, so the page itself holds nothing secret. Every answer carries a strict
 * Content-Security-Policy (no inline script or style, nothing from another origin, no framing) and an ETag;
 * the files are not fingerprinted, so browsers revalidate each one ({@code no-cache}) and get 304 when unchanged.
 */
final class ConsoleRoutes {
    static final String PATH = "/console";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final String RESOURCES = "/console";
    private static final String PAGE = "index.html";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private record Asset(Buffer body, String contentType, String etag) { }

    private final Map<String, Asset> assets;

    private ConsoleRoutes(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every file under the jar's {@code console/} resources (blocking: start-up only). */
    static ConsoleRoutes load() {
        URL page = ConsoleRoutes.class.getResource(RESOURCES + "/" + PAGE);
        if (page == null) {
            throw new IllegalStateException("console/" + PAGE + " is missing from the jar");
        }
        try {
            URI uri = page.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return new ConsoleRoutes(read(Path.of(uri).getParent()));
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return new ConsoleRoutes(read(jar.getPath(RESOURCES)));
            } catch (FileSystemAlreadyExistsException open) {
                return new ConsoleRoutes(read(FileSystems.getFileSystem(uri).getPath(RESOURCES)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Asset> read(Path root) throws IOException {
        Map<String, Asset> assets = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = root.relativize(file).toString().replace('\\', '/');
                String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
                if (type != null) {
                    byte[] bytes = Files.readAllBytes(file);
                    assets.put(name, new Asset(Buffer.buffer(bytes), type, etag(bytes)));
                }
            }
        }
        return Map.copyOf(assets);
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void mount(Router router) {
        // One route per path for both methods: a missing file then falls through to 404, not 405.
        router.route(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::page);
        router.route(PATH + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::file);
    }

    private void page(RoutingContext ctx) {
        if (ctx.request().path().endsWith("/")) {
            // Vert.x matches "/console/" here too; one address for the page keeps its links simple.
            ctx.response().setStatusCode(301).putHeader("location", PATH).end();
            return;
        }
        send(ctx, assets.get(PAGE));
    }

    private void file(RoutingContext ctx) {
        String name = ctx.request().path().substring(PATH.length() + 1);
        Asset asset = assets.get(name);
        if (asset == null) {
            ctx.next(); // the 404 envelope
            return;
        }
        send(ctx, asset);
    }

    private static void send(RoutingContext ctx, Asset asset) {
        HttpServerResponse response = ctx.response()
                .putHeader("content-type", asset.contentType())
                .putHeader("cache-control", "no-cache")
                .putHeader("etag", asset.etag())
                .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("x-frame-options", "DENY");
        if (asset.etag().equals(ctx.request().getHeader("if-none-match"))) {
            response.setStatusCode(304).end();
        } else if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("content-length", Integer.toString(asset.body().length())).end();
        } else {
            response.end(asset.body());
        }
    }
}
