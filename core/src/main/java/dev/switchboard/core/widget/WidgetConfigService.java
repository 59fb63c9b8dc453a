package dev.switchboard.core.widget;

import dev.switchboard.core.department.Department;
import dev.switchboard.core.settings.SettingDefinitions;
import dev.switchboard.core.settings.Settings;
import dev.switchboard.core.settings.SettingsService;
import dev.switchboard.core.store.JdbcDepartmentStore;
import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.core.visitor.VisitorService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Builds the widget's configuration as Rocket.Chat 8.4's {@code livechat/config} does: settings, enabled
 * departments, {@code online}, and with a token, the visitor and their open room.
 *
 * <p>{@code online} is Rocket.Chat's rule: true when {@code Livechat_accept_chats_with_no_agents} is on (the
 * default here), else whether an agent is online and available; when it is false the widget shows its offline form.
 */
public final class WidgetConfigService {
    private final SettingsService settings;
    private final JdbcDepartmentStore departments;
    private final VisitorService visitors;
    private final Supplier<CompletableFuture<Boolean>> anyAgentOnline;
    private volatile OpenRoomLookup openRooms;

    /** @param anyAgentOnline whether an agent is online and available; asked only when the setting does not decide */
    public WidgetConfigService(SettingsService settings, JdbcDepartmentStore departments, VisitorService visitors,
                               Supplier<CompletableFuture<Boolean>> anyAgentOnline) {
        this.settings = settings;
        this.anyAgentOnline = anyAgentOnline;
        this.departments = departments;
        this.visitors = visitors;
    }

    /** The conversations service's room lookup; until it is set, no visitor has an open room to show. */
    public void useOpenRooms(OpenRoomLookup lookup) {
        this.openRooms = lookup;
    }

    /** Whether the widget is on at all ({@code Livechat_enabled}); when off, config says only that. */
    public boolean enabled() {
        return settings.current().bool(SettingDefinitions.ENABLED);
    }

    /** The configuration for the visitor with {@code token} (null for a widget that has none yet). */
    public CompletableFuture<WidgetConfig> config(String token) {
        Settings snapshot = settings.current();
        CompletableFuture<Boolean> online = snapshot.bool(SettingDefinitions.ACCEPT_CHATS_WITH_NO_AGENTS)
                ? CompletableFuture.completedFuture(true) : anyAgentOnline.get();
        CompletableFuture<Optional<Visitor>> guest = token == null || token.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : visitors.findByToken(token);
        CompletableFuture<List<Department>> offered = departments.enabled();
        return online.thenCompose(isOnline -> guest.thenCompose(visitor -> room(visitor).thenCombine(offered,
                (room, list) -> new WidgetConfig(snapshot, list, isOnline, visitor.orElse(null), room.orElse(null)))));
    }

    private CompletableFuture<Optional<OpenRoomLookup.OpenRoom>> room(Optional<Visitor> visitor) {
        OpenRoomLookup lookup = openRooms;
        if (visitor.isEmpty() || lookup == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return lookup.openRoom(visitor.get().token());
    }
}
