package dev.switchboard.core.config;

/**
 * What an operator chose to see: the scrape token that {@code GET /metrics} accepts besides the admin token
 * (null: the admin token only), the log line format, and whether every request gets an access-log line.
 */
public record Observability(String metricsToken, LogFormat logFormat, boolean accessLog) {
    public static final Observability DEFAULT = new Observability(null, LogFormat.TEXT, false);

    public Observability {
        logFormat = logFormat == null ? LogFormat.TEXT : logFormat;
    }

    /** {@code --log-format}: a human-readable line, or one JSON object per line. */
    public enum LogFormat {
        TEXT, JSON
    }
}
