package dev.switchboard.testkit;

import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registration event for calling a {@link dev.switchboard.spi.RegistrationHook} directly with a visitor the test
 * made up (a state the directory would not produce, say): it records what the hook attaches instead of attaching
 * it. Hooks run inside real registrations through {@link FakeAppContext#withHooks}. Thread-safe.
 */
public final class FakeRegistrationEvent implements RegistrationEvent {
    private final Visitor visitor;
    private final RegistrationSource source;
    private final List<ExternalIdentity> attached = new ArrayList<>();

    /**
     * An event for {@code visitor}.
     *
     * @param visitor the registered visitor, as the hook sees it
     * @param source  where the registration came from
     */
    public FakeRegistrationEvent(Visitor visitor, RegistrationSource source) {
        this.visitor = Objects.requireNonNull(visitor, "visitor");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Visitor visitor() {
        return visitor;
    }

    @Override
    public RegistrationSource source() {
        return source;
    }

    @Override
    public synchronized void attachExternalId(String entityId, Map<String, Object> metadata) {
        attached.add(new ExternalIdentity(entityId, metadata));
    }

    /**
     * Returns what the hook asked to attach, in order.
     *
     * @return the identities
     */
    public synchronized List<ExternalIdentity> attached() {
        return List.copyOf(attached);
    }
}
