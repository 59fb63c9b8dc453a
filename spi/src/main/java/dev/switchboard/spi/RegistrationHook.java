package dev.switchboard.spi;

import org.pf4j.ExtensionPoint;

/**
 * Observes every visitor registration while the app is enabled: REST registrations
 * ({@code POST /api/v1/livechat/visitor}) and registrations made by any app, including this one.
 *
 * <p>The host calls hooks after the visitor is stored and before the registration's response is sent, so what a
 * hook attaches through {@link RegistrationEvent#attachExternalId(String, java.util.Map)} is part of the
 * response. Hooks run on a worker thread (never the event loop) with the plugin's thread context class loader
 * and within a time budget set by the host; a hook that exceeds it is abandoned (its thread is interrupted) and
 * the response is sent without its later attachments. Exceptions are logged and contained: the registration
 * still succeeds. Hooks of different apps may run concurrently; implementations must be thread-safe.
 *
 * <p>A hook that only acts on some registrations (a phone-based channel, say) declares which through
 * {@link #filter()}, and the host does not call it for the others.
 */
public interface RegistrationHook extends ExtensionPoint {

    /**
     * Returns which registrations this hook is called for. The host reads it once, when it loads the plugin; it
     * must be constant. A {@code null} makes the plugin an invalid installation.
     *
     * @return the filter; {@link RegistrationFilter#ALL} unless overridden
     */
    default RegistrationFilter filter() {
        return RegistrationFilter.ALL;
    }

    /**
     * Handles one registration.
     *
     * @param event   the registration, bound to this app
     * @param context the app's capabilities
     * @throws Exception any failure; the host logs it and continues
     */
    void onVisitorRegistered(RegistrationEvent event, AppContext context) throws Exception;
}
