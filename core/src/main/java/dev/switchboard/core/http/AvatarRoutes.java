package dev.switchboard.core.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code GET /avatar/:username}: the letter avatar Rocket.Chat draws for a user without an uploaded picture
 * (its {@code renderSVGLetters}), which the livechat widget shows next to every message and beside the agent's
 * name; without it the widget shows broken images. Switchboard keeps no pictures, so every name gets its letter,
 * as Rocket.Chat answers a name it does not know; no store is read, so the route says nothing about who exists.
 */
final class AvatarRoutes {
    /** What Rocket.Chat's letter avatars answer, so a browser's revalidation gets 304. */
    static final String FALLBACK_LAST_MODIFIED = "Thu, 01 Jan 2015 00:00:00 GMT";
    private static final String[] COLORS = {"#158D65", "#7F1B9F", "#B68D00", "#E26D0E", "#10529E", "#6C727A"};
    private static final int DEFAULT_SIZE = 200;
    private static final int MIN_SIZE = 16;
    private static final int MAX_SIZE = 1024;

    void mount(Router router) {
        router.get("/avatar/:username").handler(this::avatar);
    }

    private void avatar(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String username = ctx.pathParam("username");
        // Rocket.Chat's "@name" asks for the letters even when a picture exists; here they are all there is.
        String name = username.startsWith("@") ? username.substring(1) : username;
        ctx.response()
                .putHeader("cache-control", "public, max-age=0") // Accounts_AvatarCacheTime's default
                .putHeader("content-disposition", "inline");
        if (FALLBACK_LAST_MODIFIED.equals(request.getHeader("if-modified-since"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response()
                .putHeader("last-modified", FALLBACK_LAST_MODIFIED)
                .putHeader("content-type", "image/svg+xml")
                .end(svg(name, size(request.getParam("size"))));
    }

    /** {@code ?size=}, clamped to 16–1024 as Rocket.Chat does; absent or not a positive number: 200. */
    static int size(String requested) {
        if (requested == null || !requested.matches("\\d{1,9}") || Integer.parseInt(requested) == 0) {
            return DEFAULT_SIZE;
        }
        return Math.min(Math.max(Integer.parseInt(requested), MIN_SIZE), MAX_SIZE);
    }

    /**
     * Rocket.Chat's SVG: a square in one of six colours chosen by the name's length, with the name's first letter
     * or digit, upper-cased, in white (a black {@code ?} for the name {@code ?}). Only {@code [A-Z0-9]} from the name reaches the markup.
     */
    static String svg(String name, int size) {
        boolean unknown = name.equals("?"); // Rocket.Chat's own placeholder: a black "?"
        String initial = unknown ? "?" : name.replaceAll("[^A-Za-z0-9]", "");
        initial = initial.isEmpty() ? "" : initial.substring(0, 1).toUpperCase(Locale.ROOT);
        String color = unknown ? "#000" : COLORS[name.length() % COLORS.length];
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\">\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"" + color + "\"/>\n"
                + "<text x=\"50%\" y=\"50%\" dy=\"0.36em\" text-anchor=\"middle\" pointer-events=\"none\" "
                + "fill=\"#ffffff\" font-family=\"'Helvetica', 'Arial', 'Lucida Grande', 'sans-serif'\" "
                + "font-size=\"" + fontSize(size) + "\">\n" + initial + "\n</text>\n</svg>";
    }

    /** JavaScript's {@code viewSize / 1.6}, printed as JavaScript prints a number (no ".0" on whole ones). */
    private static String fontSize(int size) {
        double value = size / 1.6;
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
