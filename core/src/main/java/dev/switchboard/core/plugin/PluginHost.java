package dev.switchboard.core.plugin;

import dev.switchboard.core.conversation.ChannelRooms;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.AppConfigStore;
import dev.switchboard.core.store.AppKeyValueRows;
import dev.switchboard.core.store.JdbcChannelStore;
import dev.switchboard.core.store.Threads;
import dev.switchboard.core.store.VisitorStore.Erased;
import dev.switchboard.core.visitor.ExternalIdService;
import dev.switchboard.core.visitor.RegistrationSource;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.visitor.VisitorListener;
import dev.switchboard.core.visitor.VisitorService;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.ChannelSender;
import dev.switchboard.spi.EnableResult;
import dev.switchboard.spi.ErasureHook;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.SwitchboardApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin jars, keeps each app's status, and carries out operators' decisions. Loading and stopping run on
 * one thread (pf4j is not thread-safe); after that each app's state changes run one at a time on its own
 * decisions thread ({@link AppBulkhead#decisions()}: an app must see enable/disable in order, and one app's stuck
 * lifecycle call must not hold up another's). Requests read the registry without locks.
 */
public final class PluginHost implements VisitorListener, AutoCloseable {
    static final String MANUALLY_ENABLED = "manually_enabled";
    static final String MANUALLY_DISABLED = "manually_disabled";
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final Duration LIFECYCLE_BUDGET = Duration.ofSeconds(10);
    /** The longest validation message of an app the admin API passes on. */
    private static final int MAX_APP_MESSAGE = 500;

    private final Map<String, InstalledApp> apps = new LinkedHashMap<>();
    /** Every call into a plugin, each on its app's own threads ({@link AppBulkhead}). */
    private final PluginCalls calls = new PluginCalls();
    private final ExecutorService admin = Executors.newSingleThreadExecutor(Threads.named("plugin-admin"));
    private final AppConfigStore configStore;
    private final AppFaults faults = new AppFaults(this::disableForErrors);
    /** Over-size responses, at most one line per app every 10 s: a broken app may answer every request so. */
    private final ThrottledLog responseLog = new ThrottledLog(LOG, Duration.ofSeconds(10));
    private final HookRunner hooks;
    private final Budgets budgets;
    /** Apps' outbound HTTP calls ({@code AppHttp}), limited per app as their endpoints are. */
    private final HostHttp http;
    private ChannelDeliveries deliveries;
    private volatile PluginMetrics metrics = PluginMetrics.NONE;
    private HostPluginManager manager;

    /** What the plugin host needs from the rest of the host. */
    public record Services(VisitorService visitors, ExternalIdService externalIds, AppConfigStore config,
                           AppKeyValueRows keyValues, ChannelRooms channels) { }

    /**
     * Budgets for calls into plugins.
     *
     * @param appThreads    how many endpoint calls one app may run at once, and separately how many hook calls
     *                      (endpoint code mostly waits on host calls that wait for a commit: enough threads that a
     *                      busy endpoint keeps many writes in flight, which group commit turns into few
     *                      transactions)
     * @param responseBytes the largest endpoint response body sent; a larger one is answered with a 502
     */
    public record Budgets(Duration hook, Duration endpoint, int appThreads, int responseBytes) { }

    private PluginHost(Services services, Budgets budgets) {
        this.configStore = services.config();
        this.budgets = budgets;
        this.http = new HostHttp(budgets.appThreads(), budgets.responseBytes());
        this.hooks = new HookRunner(this::installed, calls, services.visitors(), services.externalIds(),
                budgets.hook(), faults);
    }

    /** Loads every jar in {@code pluginsDir} and enables what can be enabled; never fails for a bad jar. */
    public static PluginHost start(Path pluginsDir, String spiVersion, Services services, Budgets budgets) {
        PluginHost host = new PluginHost(services, budgets);
        host.onAdminThread(() -> {
            host.load(pluginsDir, spiVersion, services);
            for (InstalledApp app : host.apps.values()) {
                host.evaluate(app);
            }
            return null;
        }).join();
        host.deliveries = new ChannelDeliveries(services.channels(), host::installed, host.calls);
        return host;
    }

    /**
     * An agent's message into a channel app's room was committed: hand it over now, without looking for it in the
     * outbox first, rather than at the next poll.
     */
    public void channelMessageQueued(JdbcChannelStore.Due row) {
        deliveries.queued(row);
    }

    /** Where each hook and endpoint call is reported (the host's metrics). */
    public void setMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
        hooks.setMetrics(metrics);
    }

    /** Every app, including jars that failed to load, in load order. */
    public List<AppView> apps() {
        return apps.values().stream().map(AppView::of).toList();
    }

    public Optional<AppView> app(String id) {
        return Optional.ofNullable(apps.get(id)).map(AppView::of);
    }

    Collection<InstalledApp> installed() {
        return apps.values();
    }

    /**
     * Calls the endpoint of an enabled app that serves {@code request.path()}; empty when the app is unknown,
     * not enabled, or has no such endpoint (the caller answers 404).
     */
    public Optional<CompletableFuture<AppResponse>> dispatch(String appId, AppRequest request) {
        InstalledApp app = apps.get(appId);
        if (app == null || !app.serving()) {
            return Optional.empty();
        }
        return app.endpointFor(request.path()).map(endpoint -> metrics.time("endpoint", appId, () ->
                calls.submit(app.bulkhead().endpoints(), budgets.endpoint(),
                                () -> EndpointWrites.call(() -> endpoint.handle(request, app.context()),
                                        Blocking.TIMEOUT))
                        .thenCompose(Function.identity())
                        .whenComplete((response, failure) -> {
                            if (failure == null) {
                                app.recordEndpointSuccess();
                            } else {
                                faults.endpointFailed(app, endpoint.path(), failure);
                            }
                        })
                        .thenApply(response -> capped(app, request.path(), response))));
    }

    /** The response, unless its body is over the cap: then the caller gets a 502 and the log names the app. */
    private AppResponse capped(InstalledApp app, String path, AppResponse response) {
        int length = response.bodyLength();
        if (length <= budgets.responseBytes()) {
            return response;
        }
        responseLog.warn(app.id(), "App {} answered {} with {} bytes, over the {}-byte cap; sent 502 instead",
                app.id(), path, length, budgets.responseBytes());
        throw new AppResponseTooLargeException(app.id(), budgets.responseBytes());
    }

    /**
     * Stores setting values ({@code null} clears one), tells the app, and re-evaluates its status. Unknown
     * settings and values of the wrong type are refused before anything is stored.
     */
    public CompletableFuture<AppView> updateSettings(String appId, Map<String, String> changes) {
        InstalledApp app = configurable(appId);
        SettingValidation.check(app.context().settingsView(), changes);
        return decide(app, () -> {
            validateWithApp(app, changes);
            Map<String, String> stored = configStore.updateSettings(app.id(), changes).join();
            app.context().settingsView().replaceValues(stored);
            if (app.serving()) {
                for (String settingId : changes.keySet()) {
                    callQuietly(app, "onSettingChanged", () -> {
                        app.lifecycle().onSettingChanged(settingId, app.context());
                        return null;
                    });
                }
            }
            evaluate(app);
            return AppView.of(app);
        });
    }

    /**
     * Asks the app's {@link dev.switchboard.spi.SwitchboardApp#validateSetting} about every value being set, and
     * refuses the whole change with the app's first message. A validator that throws or overruns its budget
     * refuses it too, without echoing anything of the value.
     */
    private void validateWithApp(InstalledApp app, Map<String, String> changes) {
        for (Map.Entry<String, String> change : changes.entrySet()) {
            if (change.getValue() == null) {
                continue;
            }
            Optional<String> problem;
            try {
                problem = call(app, () -> app.lifecycle().validateSetting(change.getKey(), change.getValue()));
            } catch (Exception e) {
                LOG.warn("validateSetting of app {} failed: {}", app.id(), AppFaults.describe(e));
                throw ApiError.meteor("error-app-setting-invalid",
                        "The app could not validate setting " + change.getKey());
            }
            if (problem != null && problem.isPresent()) {
                String message = problem.get();
                // The app's words, bounded: an envelope is no place for a novel.
                throw ApiError.meteor("error-app-setting-invalid", message.length() <= MAX_APP_MESSAGE
                        ? message : message.substring(0, MAX_APP_MESSAGE) + "…");
            }
        }
    }

    /** Records an operator's enable or disable and applies it at once. */
    public CompletableFuture<AppView> setOperatorStatus(String appId, boolean enabled) {
        InstalledApp app = configurable(appId);
        return decide(app, () -> {
            configStore.setOperatorStatus(app.id(), enabled ? MANUALLY_ENABLED : MANUALLY_DISABLED).join();
            if (enabled && app.status() == AppStatus.ERROR_DISABLED) {
                disable(app, AppStatus.ERROR_DISABLED, app.statusReason()); // make sure it is fully off first
            }
            evaluate(app);
            return AppView.of(app);
        });
    }

    private InstalledApp configurable(String appId) {
        InstalledApp app = apps.get(appId);
        if (app == null) {
            throw ApiError.meteor(404, "error-app-not-found", "No app " + appId);
        }
        if (!app.status().isInstalled()) {
            throw ApiError.meteor("error-app-not-installed",
                    "App " + appId + " is not installed: " + app.statusReason());
        }
        return app;
    }

    /** Re-reads every app's stored settings and operator choice (e.g. after missed cluster events). */
    public void reloadAll() {
        apps.keySet().forEach(this::reload);
    }

    /** Re-reads an app's stored settings and operator choice, e.g. after another node changed them. */
    public CompletableFuture<Void> reload(String appId) {
        InstalledApp app = apps.get(appId);
        if (app == null || !app.status().isInstalled()) {
            return CompletableFuture.completedFuture(null);
        }
        return decide(app, () -> {
            app.context().settingsView().replaceValues(configStore.settings(app.id()).join());
            evaluate(app);
            return null;
        });
    }

    @Override
    public CompletableFuture<Visitor> afterRegistration(Visitor visitor, RegistrationSource source) {
        return hooks.afterRegistration(visitor, source);
    }

    @Override
    public void afterErasure(Erased erased) {
        hooks.afterErasure(erased);
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> disabled = new ArrayList<>();
        for (InstalledApp app : apps.values()) {
            if (app.bulkhead() != null) {
                disabled.add(decide(app, () -> {
                    if (app.serving()) {
                        disable(app, AppStatus.MANUALLY_DISABLED, "the host is stopping");
                    }
                    return null;
                }));
            }
        }
        CompletableFuture.allOf(disabled.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> onAdminThread(() -> {
                    if (manager != null) {
                        manager.stopPlugins();
                    }
                    return null;
                }))
                .orTimeout(30, TimeUnit.SECONDS).exceptionally(failure -> null).join();
        admin.shutdownNow();
        if (deliveries != null) {
            deliveries.close();
        }
        http.close();
        for (InstalledApp app : apps.values()) {
            if (app.bulkhead() != null) {
                app.context().httpClient().close();
                app.bulkhead().close();
                RunningPlugins.unregister(app.id(), app.loader());
            }
        }
        calls.close();
    }

    private void load(Path pluginsDir, String spiVersion, Services services) {
        manager = new HostPluginManager(pluginsDir, spiVersion);
        for (Path jar : jars(pluginsDir)) {
            String source = jar.getFileName().toString();
            try {
                String id = manager.loadPlugin(jar);
                PluginWrapper plugin = manager.getPlugin(id);
                if (!manager.acceptsHost(plugin.getDescriptor())) {
                    apps.put(id, InstalledApp.broken(id, plugin.getDescriptor().getVersion(), source,
                            AppStatus.INCOMPATIBLE_DISABLED, "requires SPI " + plugin.getDescriptor().getRequires()
                                    + " but this host provides " + spiVersion));
                    manager.unloadPlugin(id);
                    continue;
                }
                apps.put(id, install(plugin, source, services));
            } catch (RuntimeException | LinkageError e) {
                String id = source.replaceFirst("\\.jar$", "");
                LOG.warn("Plugin jar {} could not be loaded: {}", source, e.toString());
                apps.putIfAbsent(id, InstalledApp.broken(id, null, source,
                        AppStatus.INVALID_INSTALLATION_DISABLED, "cannot load " + source + ": " + e.getMessage()));
            }
        }
        LOG.info("Plugins in {}: {}", pluginsDir, apps.keySet());
    }

    /** Starts the plugin and builds its app; the thread counts as running the plugin's code meanwhile. */
    private InstalledApp install(PluginWrapper plugin, String source, Services services) {
        String previous = RunningPlugins.enter(plugin.getPluginId());
        try {
            return startAndBind(plugin, source, services);
        } finally {
            RunningPlugins.leave(previous);
        }
    }

    private InstalledApp startAndBind(PluginWrapper plugin, String source, Services services) {
        String id = plugin.getPluginId();
        String version = plugin.getDescriptor().getVersion();
        RunningPlugins.register(id, plugin.getPluginClassLoader());
        if (manager.startPlugin(id) != PluginState.STARTED) {
            Throwable failure = plugin.getFailedException();
            return InstalledApp.broken(id, version, source, AppStatus.INVALID_INSTALLATION_DISABLED,
                    "cannot start: " + (failure == null ? "unknown reason" : failure.toString()));
        }
        InstalledApp.Extensions extensions;
        try {
            extensions = extensions(id, plugin.getPluginClassLoader());
        } catch (Exception | LinkageError e) {
            return InstalledApp.broken(id, version, source, AppStatus.INVALID_INSTALLATION_DISABLED,
                    "cannot create its extensions: " + e);
        }
        if (extensions.isEmpty()) {
            return InstalledApp.broken(id, version, source, AppStatus.INVALID_INSTALLATION_DISABLED,
                    "no extensions found: is META-INF/extensions.idx in the jar?");
        }
        List<SettingDefinition> settings = extensions.lifecycle() == null ? List.of()
                : extensions.lifecycle().settings();
        AppSettingsView settingsView = new AppSettingsView(settings);
        settingsView.replaceValues(configStore.settings(id).join());
        HostAppContext context = new HostAppContext(id,
                new AppVisitorDirectory(id, services.visitors(), services.externalIds()),
                settingsView,
                new AppKeyValueStore(id, services.keyValues()),
                new AppTaskExecutor(id, plugin.getPluginClassLoader()),
                new AppConversations(id, services.channels()),
                new AppHttpClient(id, plugin.getPluginClassLoader(), http));
        return new InstalledApp(id, version, plugin.getDescriptor().getPluginDescription(), source,
                plugin.getPluginClassLoader(), extensions, context,
                new AppBulkhead(id, plugin.getPluginClassLoader(), budgets.appThreads()));
    }

    private InstalledApp.Extensions extensions(String id, ClassLoader loader) throws Exception {
        return PluginCalls.withContextClassLoader(loader, () -> {
            List<SwitchboardApp> lifecycles = manager.getExtensions(SwitchboardApp.class, id);
            if (lifecycles.size() > 1) {
                throw new IllegalStateException("more than one SwitchboardApp extension");
            }
            List<AppEndpoint> endpoints = manager.getExtensions(AppEndpoint.class, id);
            for (AppEndpoint endpoint : endpoints) {
                String path = endpoint.path();
                if (path == null || path.isEmpty() || path.startsWith("/")) {
                    throw new IllegalStateException("endpoint " + endpoint.getClass().getName()
                            + " has an invalid path '" + path + "' (non-empty, no leading slash)");
                }
            }
            List<ChannelSender> senders = manager.getExtensions(ChannelSender.class, id);
            if (senders.size() > 1) {
                throw new IllegalStateException("more than one ChannelSender extension");
            }
            return new InstalledApp.Extensions(lifecycles.isEmpty() ? null : lifecycles.get(0),
                    filteredHooks(manager.getExtensions(RegistrationHook.class, id)),
                    manager.getExtensions(ErasureHook.class, id),
                    endpoints, senders.isEmpty() ? null : senders.get(0));
        });
    }

    /** Reads each hook's filter once; runs in the plugin's class loader context, like the endpoint paths. */
    static List<InstalledApp.FilteredHook> filteredHooks(List<RegistrationHook> hooks) {
        List<InstalledApp.FilteredHook> filtered = new ArrayList<>();
        for (RegistrationHook hook : hooks) {
            RegistrationFilter filter = hook.filter();
            if (filter == null) {
                throw new IllegalStateException("registration hook " + hook.getClass().getName()
                        + " returned no filter");
            }
            filtered.add(new InstalledApp.FilteredHook(hook, filter));
        }
        return filtered;
    }

    /** Decides whether the app serves: operator choice, then required settings, then the app's own veto. */
    private void evaluate(InstalledApp app) {
        if (!app.status().isInstalled()) {
            return;
        }
        Optional<String> operatorChoice = configStore.operatorStatus(app.id()).join();
        if (operatorChoice.filter(MANUALLY_DISABLED::equals).isPresent()) {
            disable(app, AppStatus.MANUALLY_DISABLED, "disabled by an operator");
            return;
        }
        List<String> missing = app.context().settingsView().missingRequired();
        if (!missing.isEmpty()) {
            disable(app, AppStatus.INVALID_SETTINGS_DISABLED,
                    "required settings without a value: " + String.join(", ", missing));
            return;
        }
        AppStatus enabledAs = operatorChoice.isPresent() ? AppStatus.MANUALLY_ENABLED : AppStatus.AUTO_ENABLED;
        if (app.serving()) {
            app.setStatus(enabledAs, null);
            return;
        }
        enable(app, enabledAs);
    }

    private void enable(InstalledApp app, AppStatus enabledAs) {
        int overdue = app.bulkhead().overdue();
        if (overdue > 0) {
            // Not scheduled again until they end: more calls would only pile up behind them (or spin beside them).
            app.setStatus(AppStatus.ERROR_DISABLED, overdue + " of its calls still run past their budget (they "
                    + "ignore interrupts); enable it again once they have ended");
            return;
        }
        app.context().tasks().open();
        app.context().httpClient().open();
        EnableResult result;
        try {
            result = call(app, () -> app.lifecycle().onEnable(app.context()));
        } catch (Exception e) {
            app.context().tasks().close();
            app.context().httpClient().disable();
            app.setStatus(AppStatus.ERROR_DISABLED, "onEnable failed: " + AppFaults.describe(e));
            return;
        }
        if (result == null || !result.enabled()) {
            app.context().tasks().close();
            app.context().httpClient().disable();
            app.setStatus(AppStatus.ERROR_DISABLED, result == null ? "onEnable returned null" : result.reason());
            return;
        }
        app.resetFailuresInARow();
        app.setStatus(enabledAs, null);
        LOG.info("App {} {} enabled ({})", app.id(), app.version(), enabledAs.wireName());
        if (app.sender() != null && deliveries != null) {
            deliveries.wake(); // agents' messages that waited while it was off
        }
    }

    /** Stops serving first (so requests see it at once), then lets the app clean up. */
    private void disable(InstalledApp app, AppStatus status, String reason) {
        boolean wasServing = app.serving();
        app.setStatus(status, reason);
        if (wasServing) {
            app.bulkhead().dropWaiting();
            callQuietly(app, "onDisable", () -> {
                app.lifecycle().onDisable(app.context());
                return null;
            });
            app.context().tasks().close();
            app.context().httpClient().disable();
            LOG.info("App {} disabled ({}): {}", app.id(), status.wireName(), reason);
        }
    }

    private void disableForErrors(InstalledApp app, String reason) {
        decide(app, () -> {
            if (app.serving()) {
                disable(app, AppStatus.ERROR_DISABLED, reason);
            }
            return null;
        });
    }

    private <T> T call(InstalledApp app, Callable<T> call) throws Exception {
        try {
            return calls.submit(app.bulkhead().lifecycle(), LIFECYCLE_BUDGET, call).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void callQuietly(InstalledApp app, String what, Callable<Void> call) {
        try {
            call(app, call);
        } catch (Exception e) {
            LOG.warn("{} of app {} failed: {}", what, app.id(), AppFaults.describe(e));
        }
    }

    /** Runs a decision about {@code app} on its own decisions thread, after the ones before it. */
    private <T> CompletableFuture<T> decide(InstalledApp app, Callable<T> work) {
        return supplyOn(app.bulkhead().decisions(), work);
    }

    private <T> CompletableFuture<T> onAdminThread(Callable<T> work) {
        return supplyOn(admin, work);
    }

    private static <T> CompletableFuture<T> supplyOn(ExecutorService executor, Callable<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    private static List<Path> jars(Path pluginsDir) {
        if (!Files.isDirectory(pluginsDir)) {
            LOG.info("Plugins directory {} does not exist; no plugins loaded", pluginsDir);
            return List.of();
        }
        try (Stream<Path> files = Files.list(pluginsDir)) {
            return new ArrayList<>(files.filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list plugins directory " + pluginsDir, e);
        }
    }
}
