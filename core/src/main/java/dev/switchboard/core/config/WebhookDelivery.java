package dev.switchboard.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the host keeps trying a webhook event before it becomes a dead letter ({@code --webhook-retry-window},
 * 24 hours by default), and the longest wait between two tries ({@code --webhook-max-backoff}, 60 seconds).
 */
public record WebhookDelivery(Duration retryWindow, Duration maxBackoff) {
    public static final WebhookDelivery DEFAULTS = new WebhookDelivery(Duration.ofHours(24), Duration.ofSeconds(60));

    public WebhookDelivery {
        Objects.requireNonNull(retryWindow, "retryWindow");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (retryWindow.isNegative() || maxBackoff.isNegative() || maxBackoff.isZero()) {
            throw new IllegalArgumentException("webhook retry window must not be negative, max backoff positive");
        }
    }
}
