package dev.switchboard.core.plugin;

import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.ChannelSender;
import dev.switchboard.spi.ErasureHook;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.SwitchboardApp;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One plugin jar as the host knows it: its identity, its extensions, its capabilities, and its status with the
 * reason. Jars that failed to load are kept too, with no extensions, so operators see why.
 */
final class InstalledApp {
    private static final SwitchboardApp NO_LIFECYCLE = new SwitchboardApp() { };

    private final String id;
    private final String version;
    private final String description;
    private final String source;
    private final ClassLoader loader;
    private final SwitchboardApp lifecycle;
    private final List<FilteredHook> registrationHooks;
    private final List<ErasureHook> erasureHooks;
    private final List<AppEndpoint> endpoints;
    private final ChannelSender sender;
    private final HostAppContext context;
    private final AppBulkhead bulkhead;
    private final AtomicInteger consecutiveHookFailures = new AtomicInteger();
    private final AtomicLong hookFailures = new AtomicLong();
    private final AtomicInteger consecutiveEndpointFailures = new AtomicInteger();
    private volatile AppStatus status;
    private volatile String statusReason;

    /** A registration hook with the filter it declared when the plugin was loaded. */
    record FilteredHook(RegistrationHook hook, RegistrationFilter filter) {
        /** Whether the hook is called for this registration's visitor, as stored. */
        boolean wants(Visitor visitor) {
            return switch (filter) {
                case ALL -> true;
                case WITH_PHONE -> visitor.phone() != null;
                case WITH_EMAIL -> visitor.email() != null;
            };
        }
    }

    /** Extensions of one loaded plugin. */
    record Extensions(SwitchboardApp lifecycle, List<FilteredHook> registrationHooks,
                      List<ErasureHook> erasureHooks, List<AppEndpoint> endpoints, ChannelSender sender) {
        boolean isEmpty() {
            return lifecycle == null && registrationHooks.isEmpty() && erasureHooks.isEmpty() && endpoints.isEmpty()
                    && sender == null;
        }
    }

    InstalledApp(String id, String version, String description, String source, ClassLoader loader,
                 Extensions extensions, HostAppContext context, AppBulkhead bulkhead) {
        this.id = id;
        this.version = version;
        this.description = description;
        this.source = source;
        this.loader = loader;
        this.lifecycle = extensions.lifecycle() == null ? NO_LIFECYCLE : extensions.lifecycle();
        this.registrationHooks = List.copyOf(extensions.registrationHooks());
        this.erasureHooks = List.copyOf(extensions.erasureHooks());
        // Longest path first, so the most specific endpoint wins.
        this.endpoints = extensions.endpoints().stream()
                .sorted(Comparator.comparingInt((AppEndpoint endpoint) -> endpoint.path().length()).reversed())
                .toList();
        this.sender = extensions.sender();
        this.context = context;
        this.bulkhead = bulkhead;
        this.status = AppStatus.INVALID_SETTINGS_DISABLED;
        this.statusReason = "not enabled yet";
    }

    /** A jar that never became an app. */
    static InstalledApp broken(String id, String version, String source, AppStatus status, String reason) {
        InstalledApp app = new InstalledApp(id, version, null, source, null,
                new Extensions(null, List.of(), List.of(), List.of(), null), null, null);
        app.setStatus(status, reason);
        return app;
    }

    String id() { return id; }
    String version() { return version; }
    String description() { return description; }
    /** The jar file name it came from. */
    String source() { return source; }
    ClassLoader loader() { return loader; }
    SwitchboardApp lifecycle() { return lifecycle; }
    List<FilteredHook> registrationHooks() { return registrationHooks; }
    List<ErasureHook> erasureHooks() { return erasureHooks; }
    List<AppEndpoint> endpoints() { return endpoints; }
    /** Where the app's rooms' agent messages go; null when it sends none. */
    ChannelSender sender() { return sender; }
    HostAppContext context() { return context; }
    /** The app's own threads; null for a jar that never became an app. */
    AppBulkhead bulkhead() { return bulkhead; }
    AppStatus status() { return status; }
    String statusReason() { return statusReason; }
    long hookFailures() { return hookFailures.get(); }

    /** True while hooks and endpoints are served. */
    boolean serving() {
        return status.isEnabled();
    }

    void setStatus(AppStatus status, String reason) {
        this.statusReason = reason;
        this.status = status;
    }

    /** The endpoint for {@code path}: exact, or the longest path that is a prefix followed by '/'. */
    Optional<AppEndpoint> endpointFor(String path) {
        return endpoints.stream()
                .filter(endpoint -> path.equals(endpoint.path()) || path.startsWith(endpoint.path() + "/"))
                .findFirst();
    }

    /** Counts a failed hook; returns the number of failures in a row. */
    int recordHookFailure() {
        hookFailures.incrementAndGet();
        return consecutiveHookFailures.incrementAndGet();
    }

    void recordHookSuccess() {
        consecutiveHookFailures.set(0);
    }

    /** Counts an endpoint call that timed out or got no thread; returns the number of such failures in a row. */
    int recordEndpointFailure() {
        return consecutiveEndpointFailures.incrementAndGet();
    }

    void recordEndpointSuccess() {
        consecutiveEndpointFailures.set(0);
    }

    /** A fresh start for an app being enabled: earlier failures in a row no longer count. */
    void resetFailuresInARow() {
        consecutiveHookFailures.set(0);
        consecutiveEndpointFailures.set(0);
    }
}
