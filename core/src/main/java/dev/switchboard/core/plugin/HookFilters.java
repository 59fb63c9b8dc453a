package dev.switchboard.core.plugin;

import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.spi.RegistrationFilter;

/** What each {@link RegistrationFilter} lets through. Public for switchboard-testkit's fake directory. */
public final class HookFilters {
    private HookFilters() { }

    /**
     * Whether a hook with {@code filter} is called for a registration of {@code visitor}, as stored.
     *
     * @param filter  the hook's filter
     * @param visitor the visitor after the registration
     * @return true if the hook is called
     */
    public static boolean wants(RegistrationFilter filter, Visitor visitor) {
        return switch (filter) {
            case ALL -> true;
            case WITH_PHONE -> visitor.phone() != null;
            case WITH_EMAIL -> visitor.email() != null;
            case WITH_PHONE_OR_EMAIL -> visitor.phone() != null || visitor.email() != null;
        };
    }
}
