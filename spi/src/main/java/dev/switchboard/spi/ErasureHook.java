package dev.switchboard.spi;

import org.pf4j.ExtensionPoint;

/**
 * Observes erasures: {@code DELETE /api/v1/livechat/visitor/:token} and the operator's erase by id. By the time it
 * is called the host has already removed the visitor's personal data and <em>all</em> its external ids; the hook
 * is the app's chance to forget what it keeps itself about that person (for example entries in its
 * {@link KeyValueStore}).
 *
 * <p>Called after the erasure committed, on a worker thread with the plugin's thread context class loader, within
 * the host's time budget; exceptions are logged and contained. The erasure's response does not wait for it.
 */
public interface ErasureHook extends ExtensionPoint {

    /**
     * Handles one erasure.
     *
     * @param erased  what the visitor looked like before it was erased, as seen by this app
     * @param context the app's capabilities
     * @throws Exception any failure; the host logs it and continues
     */
    void onVisitorErased(ErasedVisitor erased, AppContext context) throws Exception;
}
