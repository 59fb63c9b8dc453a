package dev.switchboard.core.error;

/**
 * A failure the client is told about, in Rocket.Chat's envelope:
 * {@code {"success":false,"error":<message>,"errorType":<type, when there is one>}}.
 * Rocket.Chat builds the message of a Meteor.Error as {@code "<reason> [<code>]"}; {@link #meteor} does the same.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String errorType;

    private ApiError(int status, String message, String errorType) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
    }

    /**
     * Like Rocket.Chat's {@code API.v1.failure(result, errorType)}: status 400, {@code error} and {@code errorType}
     * exactly as given (as {@code rooms.info} answers {@code "not-allowed"} / {@code "Not Allowed"}).
     */
    public static ApiError failure(String error, String errorType) {
        return new ApiError(400, error, errorType);
    }

    /** Like {@code new Meteor.Error(code, reason)}: message {@code "reason [code]"}, errorType {@code code}. */
    public static ApiError meteor(int status, String code, String reason) {
        return new ApiError(status, reason == null ? "[" + code + "]" : reason + " [" + code + "]", code);
    }

    /** Like {@code new Meteor.Error(code, reason)} answered with HTTP 400. */
    public static ApiError meteor(String code, String reason) {
        return meteor(400, code, reason);
    }

    /** Like a plain {@code new Error(message)}: no errorType. */
    public static ApiError plain(int status, String message) {
        return new ApiError(status, message, null);
    }

    /** A plain error answered with HTTP 400. */
    public static ApiError plain(String message) {
        return plain(400, message);
    }

    /**
     * Rocket.Chat's {@code API.v1.forbidden()}: HTTP 403 {@code {"success":false,"error":"unauthorized"}}, the answer
     * of a route that checks a permission itself (unlike a route's declared permissions, which answer
     * {@code error-unauthorized}).
     */
    public static ApiError forbidden() {
        return plain(403, "unauthorized");
    }

    /** Meteor {@code check()} failures: {@code "Match error: ..."}, HTTP 400, no errorType. */
    public static ApiError match(String detail) {
        return plain(400, "Match error: " + detail);
    }

    public int status() {
        return status;
    }

    /** The Rocket.Chat error code, or null for plain errors. */
    public String errorType() {
        return errorType;
    }
}
