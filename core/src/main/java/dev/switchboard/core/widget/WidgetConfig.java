package dev.switchboard.core.widget;

import dev.switchboard.core.department.Department;
import dev.switchboard.core.settings.Settings;
import dev.switchboard.core.visitor.Visitor;
import java.util.List;

/**
 * Everything {@code GET livechat/config} answers with: the settings snapshot it was built from, the departments
 * the widget offers, whether chats are accepted now, and with a visitor token, the visitor and their open room.
 *
 * @param guest null without a token, or when no visitor has it
 * @param room  null when the visitor has no open room
 */
public record WidgetConfig(Settings settings, List<Department> departments, boolean online, Visitor guest,
                           OpenRoomLookup.OpenRoom room) {
    public WidgetConfig {
        departments = List.copyOf(departments);
    }
}
