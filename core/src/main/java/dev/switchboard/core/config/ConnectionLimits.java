package dev.switchboard.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client's connections may cost the host (docs/operations.md, "Connections and limits"): how long a
 * connection may send nothing ({@code idle}), take to send a request's head ({@code header}, counted from the
 * connection's opening or its previous response, so it also bounds a kept-alive connection's wait) and a request's
 * body ({@code body}); how many connections one peer address may hold open ({@code perClient}); and how many bytes
 * of request bodies the host buffers at once before any route has authenticated them ({@code bodyBudgetBytes}).
 */
public record ConnectionLimits(Duration idle, Duration header, Duration body, int perClient, long bodyBudgetBytes) {
    /** The flags' defaults, with a body budget of an eighth of the heap. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(Duration.ofSeconds(60),
            Duration.ofSeconds(10), Duration.ofSeconds(30), 256, defaultBodyBudget());

    public ConnectionLimits {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        if (idle.isNegative() || idle.isZero() || header.isNegative() || header.isZero() || body.isNegative()
                || body.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (perClient < 1) {
            throw new IllegalArgumentException("perClient must be positive");
        }
        if (bodyBudgetBytes < 1) {
            throw new IllegalArgumentException("bodyBudgetBytes must be positive");
        }
    }

    /** An eighth of the maximum heap: at -Xmx256m, 32 MiB of bodies in flight. */
    public static long defaultBodyBudget() {
        return Runtime.getRuntime().maxMemory() / 8;
    }
}
