package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the HTTP decoder could not read (request line too long, headers too large, malformed head) and
 * failures on a connection (a reset, bad chunking): answered in Rocket.Chat's envelope where an answer is still
 * possible, then the connection is closed. Each is one short line at debug level: a client's malformed bytes are not
 * the host's error, and a flood of them must not flood the log.
 */
final class TransportErrors {
    private static final Logger LOG = LoggerFactory.getLogger(TransportErrors.class);
    private static final Pattern PEER_GONE =
            Pattern.compile("(?i).*(?:connection.*(?:reset|closed|abort|broken)|broken.*pipe).*");

    private TransportErrors() { }

    /** The server's invalid-request handler: 414, 431 or 400 in the envelope, and the connection closed. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiError error;
        if (cause instanceof TooLongHttpLineException) {
            error = ApiError.meteor(414, "error-uri-too-long", "The request line is longer than "
                    + TransportLimits.REQUEST_LINE_BYTES + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException) {
            error = ApiError.meteor(431, "error-headers-too-large", "The request headers are larger than "
                    + TransportLimits.HEADER_BYTES + " bytes");
        } else {
            error = unreadable();
        }
        LOG.debug("Unreadable request from {}: {}", request.remoteAddress(), describe(cause));
        request.response().putHeader("connection", "close");
        Responses.error(request.response(), error);
        request.connection().close();
    }

    /**
     * Whether {@code failure} is the client's doing, not the host's: the HTTP decoder refusing its bytes while a
     * request's body was read (bad chunking, a broken stream), or its connection gone before the response was
     * complete (a download it stopped reading, closed by the idle timeout; a tab closed mid-way, a reset).
     */
    static boolean isClientStreamFailure(Throwable failure) {
        if (failure instanceof DecoderException || failure instanceof TooLongFrameException
                || failure instanceof HttpClosedException || failure instanceof ClosedChannelException
                || failure instanceof IOException && isPeerGone(failure.getMessage())) {
            return true;
        }
        // Netty reports some malformed input (a chunk size that is not hex) as a plain NumberFormatException.
        StackTraceElement[] stack = failure.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().startsWith("io.netty.handler.codec.");
    }

    /**
     * The socket's own words for a peer that went away (a reset, a broken pipe), which the JDK reports only as a
     * plain IOException; Netty's SslHandler recognises ignorable errors by the same words.
     */
    private static boolean isPeerGone(String message) {
        return message != null && PEER_GONE.matcher(message).matches();
    }

    /** A client stream failure: logged as one debug line; answered 400 if an answer is still possible. */
    static ApiError clientStreamFailed(Throwable failure) {
        LOG.debug("Client stream failed: {}", describe(failure));
        return unreadable();
    }

    private static ApiError unreadable() {
        return ApiError.meteor(400, "error-bad-request", "The request could not be read");
    }

    /** The server's exception handler: failures on connections outside any request a route handles. */
    static void connectionFailed(Throwable failure) {
        LOG.debug("Connection failed: {}", describe(failure));
    }

    /** The failure's class and first message line, never its stack. */
    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
