package dev.switchboard.spi;

import java.util.concurrent.CompletionStage;

/**
 * HTTP calls from an app to its channel's API, made by the host's own client, so a bridge bundles none and starts
 * no threads. Reached through {@link AppContext#http()}. Take base URLs from the app's settings (never hard-code
 * them), so that operators and tests can point them elsewhere, for example at a server on the loopback interface.
 *
 * <p><b>Limits the host enforces.</b> Each call has a timeout ({@link HttpCall#timeout()}, or the host's default,
 * capped by the host's maximum) that covers waiting for a free slot, connecting and reading the whole response. At
 * most a host-set number of an app's calls are in flight at a time; further calls wait for a slot in order, and
 * when too many already wait the call fails at once. A response body larger than the host's response cap fails
 * the call. Each of these ends the stage with an {@link HttpCallException} naming its
 * {@link HttpCallException.Reason}; so does a connection failure. Any HTTP status, 4xx and 5xx included, is a
 * normal {@link HttpResult}.
 *
 * <p><b>Threads.</b> Stages complete on a host thread that must not block: continue with non-blocking work, or
 * hand blocking work (the {@link Conversations}, {@link VisitorDirectory} or {@link KeyValueStore} methods, which
 * the host refuses there) to {@link AppExecutor}, or return the stage from {@link ChannelSender#deliver}. Calls of
 * a disabled app fail with {@link HttpCallException.Reason#APP_DISABLED}.
 *
 * @since 1.4.0
 */
public interface AppHttp {

    /**
     * Sends one request.
     *
     * @param call the request; not null
     * @return a stage completed with the response, or exceptionally with an {@link HttpCallException}
     */
    CompletionStage<HttpResult> send(HttpCall call);
}
