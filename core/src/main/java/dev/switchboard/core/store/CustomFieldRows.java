package dev.switchboard.core.store;

import dev.switchboard.core.visitor.CustomFieldDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads custom field definitions from rows. */
final class CustomFieldRows {
    static final String COLUMNS = "id, label, scope, visibility, type, regexp, required, searchable, "
            + "default_value, options, is_public";
    /** What reads select: the columns a save writes, and when it wrote them. */
    static final String SELECTED = COLUMNS + ", updated_at";

    private CustomFieldRows() { }

    static List<CustomFieldDefinition> all(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + SELECTED + " FROM custom_fields ORDER BY id");
             ResultSet rows = statement.executeQuery()) {
            List<CustomFieldDefinition> fields = new ArrayList<>();
            while (rows.next()) {
                fields.add(read(rows));
            }
            return fields;
        }
    }

    static CustomFieldDefinition read(ResultSet rows) throws SQLException {
        return new CustomFieldDefinition(
                rows.getString("id"),
                rows.getString("label"),
                rows.getString("scope"),
                rows.getString("visibility"),
                rows.getString("type"),
                rows.getString("regexp"),
                rows.getBoolean("required"),
                rows.getBoolean("searchable"),
                rows.getString("default_value"),
                rows.getString("options"),
                rows.getBoolean("is_public"),
                Instant.ofEpochMilli(rows.getLong("updated_at")));
    }
}
