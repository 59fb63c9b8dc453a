package dev.switchboard.spi;

/**
 * The capabilities the host gives one app, in the style of Rocket.Chat Apps-Engine's accessors. Every object
 * returned is bound by the host to this app's id, which is why no method of the SPI takes an app id as a
 * parameter. The same context is passed to every call into the app while it is enabled; it is thread-safe.
 * Do not keep it after {@link SwitchboardApp#onDisable(AppContext)}.
 */
public interface AppContext {

    /**
     * Returns this app's id: the pf4j plugin id ({@code Plugin-Id}).
     *
     * @return the app id
     */
    String appId();

    /**
     * Returns the visitor directory, acting as this app.
     *
     * @return the visitor directory
     */
    VisitorDirectory visitors();

    /**
     * Returns this app's settings.
     *
     * @return the settings
     */
    AppSettings settings();

    /**
     * Returns this app's persistent key-value store.
     *
     * @return the store
     */
    KeyValueStore store();

    /**
     * Returns the host's JSON codec, so plugins need not bundle a JSON library.
     *
     * @return the codec
     */
    JsonCodec json();

    /**
     * Returns an executor for this app's background work.
     *
     * @return the executor
     */
    AppExecutor executor();

    /**
     * Returns this app's conversations: its channel's rooms, inbound messages and receipts.
     *
     * @return the conversations capability
     * @throws UnsupportedOperationException from implementations older than SPI 1.4.0 (the host always has it)
     * @since 1.4.0
     */
    default Conversations conversations() {
        throw new UnsupportedOperationException("conversations() needs SPI 1.4.0");
    }

    /**
     * Returns the host's HTTP client, acting for this app.
     *
     * @return the HTTP capability
     * @throws UnsupportedOperationException from implementations older than SPI 1.4.0 (the host always has it)
     * @since 1.4.0
     */
    default AppHttp http() {
        throw new UnsupportedOperationException("http() needs SPI 1.4.0");
    }
}
