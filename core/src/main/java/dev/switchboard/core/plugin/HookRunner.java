package dev.switchboard.core.plugin;

import dev.switchboard.core.store.VisitorStore.Erased;
import dev.switchboard.core.visitor.ExternalIdService;
import dev.switchboard.core.visitor.RegistrationSource;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.visitor.VisitorService;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs enabled apps' hooks for each registration and erasure, all at once, each within the budget and on its own
 * app's threads, so one app's stuck hook never costs another app its call. A hook that throws or runs out of time
 * never fails the registration; {@link AppFaults} logs and counts it, and switches the app off after repeated
 * failures.
 */
final class HookRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);

    private final Supplier<Collection<InstalledApp>> apps;
    private final PluginCalls calls;
    private final VisitorService visitors;
    private final ExternalIdService externalIds;
    private final Duration budget;
    private final AppFaults faults;
    private volatile PluginMetrics metrics = PluginMetrics.NONE;

    HookRunner(Supplier<Collection<InstalledApp>> apps, PluginCalls calls, VisitorService visitors,
               ExternalIdService externalIds, Duration budget, AppFaults faults) {
        this.apps = apps;
        this.calls = calls;
        this.visitors = visitors;
        this.externalIds = externalIds;
        this.budget = budget;
        this.faults = faults;
    }

    void setMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /** Runs the hooks whose filter wants the visitor; the result is the visitor with whatever they attached. */
    CompletableFuture<Visitor> afterRegistration(Visitor visitor, RegistrationSource source) {
        List<CompletableFuture<Boolean>> runs = new ArrayList<>();
        dev.switchboard.spi.Visitor view = null; // converted once, shared by every hook (it is immutable)
        for (InstalledApp app : apps.get()) {
            if (!app.serving()) {
                continue;
            }
            for (InstalledApp.FilteredHook filtered : app.registrationHooks()) {
                if (!filtered.wants(visitor)) {
                    continue;
                }
                if (view == null) {
                    view = SpiVisitors.toSpi(visitor);
                }
                runs.add(run(app, filtered.hook(), view, source));
            }
        }
        if (runs.isEmpty()) {
            return CompletableFuture.completedFuture(visitor);
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            boolean attached = runs.stream().anyMatch(CompletableFuture::join);
            return attached
                    ? visitors.findById(visitor.id()).thenApply(reloaded -> reloaded.orElse(visitor))
                    : CompletableFuture.completedFuture(visitor);
        });
    }

    /** Tells enabled apps about an erasure; nobody waits for them. */
    void afterErasure(Erased erased) {
        for (InstalledApp app : apps.get()) {
            if (!app.serving()) {
                continue;
            }
            for (var hook : app.erasureHooks()) {
                metrics.time("erasure_hook", app.id(), () -> calls.submit(app.bulkhead().hooks(), budget, () -> {
                    hook.onVisitorErased(SpiVisitors.toSpi(erased, app.id()), app.context());
                    return null;
                })).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.warn("Erasure hook {} of app {} failed: {}", hook.getClass().getName(), app.id(),
                                AppFaults.describe(failure));
                    }
                });
            }
        }
    }

    /** Completes with true when the hook attached something; never fails. */
    private CompletableFuture<Boolean> run(InstalledApp app, RegistrationHook hook,
                                           dev.switchboard.spi.Visitor visitor, RegistrationSource source) {
        HookEvent event = new HookEvent(app.id(), visitor, source);
        return metrics.time("hook", app.id(), () -> calls.submit(app.bulkhead().hooks(), budget, () -> {
            hook.onVisitorRegistered(event, app.context());
            return null;
        })).handle((ignored, failure) -> {
            event.close();
            if (failure == null) {
                app.recordHookSuccess();
            } else {
                faults.hookFailed(app, hook.getClass().getName(), failure);
            }
            return event.attachedAny();
        });
    }

    /** The event one app's hook sees; attachments are written at once, for this app only, until it closes. */
    private final class HookEvent implements RegistrationEvent {
        private final String appId;
        private final dev.switchboard.spi.Visitor view;
        private final RegistrationSource source;
        private volatile boolean closed;
        private volatile boolean attachedAny;

        HookEvent(String appId, dev.switchboard.spi.Visitor view, RegistrationSource source) {
            this.appId = appId;
            this.view = view;
            this.source = source;
        }

        @Override
        public dev.switchboard.spi.Visitor visitor() {
            return view;
        }

        @Override
        public dev.switchboard.spi.RegistrationSource source() {
            return dev.switchboard.spi.RegistrationSource.valueOf(source.name());
        }

        @Override
        public void attachExternalId(String entityId, Map<String, Object> metadata) {
            if (closed) {
                throw new IllegalStateException("the registration event is over");
            }
            ExternalIdentity identity = new ExternalIdentity(Objects.requireNonNull(entityId, "entityId"), metadata);
            Blocking.await(externalIds.attach(view.id(), AppIdentities.bind(appId, identity)));
            attachedAny = true;
        }

        void close() {
            closed = true;
        }

        boolean attachedAny() {
            return attachedAny;
        }
    }
}
