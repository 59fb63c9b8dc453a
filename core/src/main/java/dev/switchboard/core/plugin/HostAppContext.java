package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppExecutor;
import dev.switchboard.spi.AppHttp;
import dev.switchboard.spi.Conversations;
import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.KeyValueStore;
import dev.switchboard.spi.VisitorDirectory;

/** The capabilities handed to one app, each bound to its id by the host. */
record HostAppContext(String appId, VisitorDirectory visitors, AppSettingsView settingsView, KeyValueStore store,
                      AppTaskExecutor tasks, Conversations conversations, AppHttpClient httpClient)
        implements AppContext {

    @Override
    public AppHttp http() {
        return httpClient;
    }

    @Override
    public AppSettings settings() {
        return settingsView;
    }

    @Override
    public JsonCodec json() {
        return JacksonJsonCodec.INSTANCE;
    }

    @Override
    public AppExecutor executor() {
        return tasks;
    }
}
