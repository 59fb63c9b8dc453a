package dev.switchboard.core.realtime;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code Meteor.Error} as a DDP client receives it in a {@code result} or {@code nosub}:
 * {@code {"isClientSafe":true,"error":…,"reason":…,"message":"reason [error]","errorType":"Meteor.Error"}}
 * ({@code reason} left out when there is none, and then the message is {@code "[error]"}).
 */
final class DdpError extends RuntimeException {
    private static final Logger LOG = LoggerFactory.getLogger(DdpError.class);
    private final Object error;
    private final String reason;

    private DdpError(Object error, String reason) {
        super(reason == null ? "[" + error + "]" : reason + " [" + error + "]", null, false, false);
        this.error = error;
        this.reason = reason;
    }

    /** A numeric error, as Meteor's own ({@code 400 Match failed}, {@code 403}, {@code 404}). */
    static DdpError of(int error, String reason) {
        return new DdpError(error, reason);
    }

    /** A named error, as Rocket.Chat's ({@code not-allowed}); {@code reason} may be null. */
    static DdpError of(String error, String reason) {
        return new DdpError(error, reason);
    }

    /** Meteor's answer to arguments that fail a {@code check}. */
    static DdpError matchFailed() {
        return of(400, "Match failed");
    }

    /** What a client may be told about a failure: its own error, or Meteor's 500 for anything unexpected. */
    static DdpError from(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof DdpError)) {
            cause = cause.getCause();
        }
        if (cause instanceof DdpError error) {
            return error;
        }
        LOG.warn("A websocket call failed: {}", failure.toString());
        return DdpError.of(500, "Internal server error");
    }

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("isClientSafe", true);
        if (error instanceof Integer code) {
            json.writeNumberField("error", code);
        } else {
            json.writeStringField("error", (String) error);
        }
        if (reason != null) {
            json.writeStringField("reason", reason);
        }
        json.writeStringField("message", getMessage());
        json.writeStringField("errorType", "Meteor.Error");
        json.writeEndObject();
    }
}
