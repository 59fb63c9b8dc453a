package dev.switchboard.spi;

import org.pf4j.ExtensionPoint;

/**
 * An HTTP endpoint of an app, served by the host under {@code /api/apps/public/{appId}/{path}}, for example a
 * channel's webhook. The host owns the URL namespace, the body-size limit and the timeout; the endpoint is
 * <b>public</b>: the host performs no authentication, so verify the caller yourself (for example a webhook
 * signature header).
 *
 * <p><b>Routing.</b> A request goes to the endpoint whose {@link #path()} equals the request path or is a prefix
 * of it followed by {@code /}; the longest such path wins. All HTTP methods are delivered; answer 405 for those
 * you do not support. Requests are routed only while the app is enabled (otherwise the host answers 404).
 *
 * <p><b>Execution.</b> {@link #handle(AppRequest, AppContext)} runs on a worker thread, never on the event
 * loop, with the plugin's thread context class loader, bounded by a host timeout of 10 seconds (on timeout the
 * client gets a 504 JSON error and the thread is interrupted; when too many requests wait for a worker, a 503).
 * An exception becomes a 500 JSON error written by the host; its
 * message is logged, not sent to the client. Requests may be handled concurrently; implementations must be
 * thread-safe.
 */
public interface AppEndpoint extends ExtensionPoint {

    /**
     * Returns the endpoint's path relative to the app's root: one or more segments of
     * {@code [A-Za-z0-9._~-]} separated by single {@code /}, with no leading or trailing slash, for example
     * {@code webhook}. Must be constant; paths must be unique within an app, or the host refuses to enable it.
     *
     * @return the relative path
     */
    String path();

    /**
     * Handles one request.
     *
     * @param request the request; its {@link AppRequest#path()} is relative to the app's root
     * @param context the app's capabilities
     * @return the response to send; not null
     * @throws Exception any failure; the host answers 500 with a JSON error
     */
    AppResponse handle(AppRequest request, AppContext context) throws Exception;
}
