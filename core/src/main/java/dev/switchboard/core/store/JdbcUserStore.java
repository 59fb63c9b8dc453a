package dev.switchboard.core.store;

import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.error.ApiError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Users and their personal access tokens (hashes only). */
public final class JdbcUserStore {
    private static final String COLUMNS = "id, username, name, email, roles, created_at, updated_at";

    /** A user with the hashes of all its tokens, for authentication. */
    public record Credentials(User user, List<String> tokenHashes) { }

    /** A user with its password hash (null when it has none), for logging in. */
    public record PasswordLogin(User user, String passwordHash) { }

    /** What may be shown about a token: never the token. */
    public record TokenInfo(String name, Instant createdAt) { }

    /** The user a token (found by its hash alone, as a Meteor resume token is) belongs to, and when it was made. */
    public record TokenOwner(User user, Instant tokenCreatedAt) { }

    private final Database database;

    public JdbcUserStore(Database database) {
        this.database = database;
    }

    public CompletableFuture<Optional<Credentials>> credentials(String userId) {
        return database.read(connection -> {
            Optional<User> user = find(connection, userId);
            if (user.isEmpty()) {
                return Optional.empty();
            }
            List<String> hashes = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT token_hash FROM access_tokens WHERE user_id = ?")) {
                statement.setString(1, userId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        hashes.add(rows.getString(1));
                    }
                }
            }
            return Optional.of(new Credentials(user.get(), hashes));
        });
    }

    /** The owner of the token (a login or a personal access token) whose hash is {@code tokenHash}, or empty. */
    public CompletableFuture<Optional<TokenOwner>> findByTokenHash(String tokenHash) {
        return database.read(connection -> {
            String userId;
            long createdAt;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT user_id, created_at FROM access_tokens WHERE token_hash = ?")) {
                statement.setString(1, tokenHash);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    userId = rows.getString(1);
                    createdAt = rows.getLong(2);
                }
            }
            return find(connection, userId).map(user -> new TokenOwner(user, Instant.ofEpochMilli(createdAt)));
        });
    }

    public CompletableFuture<Optional<User>> findById(String userId) {
        return database.read(connection -> find(connection, userId));
    }

    /** Inserts {@code user}; a taken username is a 400. */
    public CompletableFuture<User> create(User user, String passwordHash) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO users (id, username, name, email, password_hash, roles, created_at, updated_at, "
                            + "status_livechat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                statement.setString(1, user.id());
                statement.setString(2, user.username());
                statement.setString(3, user.name());
                statement.setString(4, user.email());
                statement.setString(5, passwordHash);
                statement.setString(6, roles(user.roles()));
                statement.setLong(7, user.createdAt().toEpochMilli());
                statement.setLong(8, user.updatedAt().toEpochMilli());
                // An agent starts available, as one Rocket.Chat's addAgent makes.
                statement.setString(9, user.roles().contains(Role.AGENT) ? JdbcAgentStore.AVAILABLE : null);
                statement.executeUpdate();
            } catch (SQLException e) {
                if (database.dialect().isUniqueViolation(e)) {
                    throw ApiError.meteor("error-field-unavailable",
                            user.username() + " is already in use :(");
                }
                throw e;
            }
            return user;
        });
    }

    /** Adds a token; false when the user already has a token of that name. Unknown user → 400. */
    public CompletableFuture<Boolean> addToken(String userId, String name, String hash, Instant now) {
        return database.transactions().submit(connection -> {
            if (find(connection, userId).isEmpty()) {
                throw invalidUser();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO access_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")) {
                statement.setString(1, userId);
                statement.setString(2, name);
                statement.setString(3, hash);
                statement.setLong(4, now.toEpochMilli());
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** Gives the token {@code name} a new hash and creation time; false when there was none of that name. */
    public CompletableFuture<Boolean> replaceToken(String userId, String name, String hash, Instant now) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE access_tokens SET token_hash = ?, created_at = ? WHERE user_id = ? AND name = ?")) {
                statement.setString(1, hash);
                statement.setLong(2, now.toEpochMilli());
                statement.setString(3, userId);
                statement.setString(4, name);
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** Removes a token; false when there was none of that name. */
    public CompletableFuture<Boolean> removeToken(String userId, String name) {
        return removeOneToken("name = ? AND kind = 'personal'", userId, name);
    }

    public CompletableFuture<List<TokenInfo>> tokens(String userId) {
        return database.read(connection -> {
            if (find(connection, userId).isEmpty()) {
                throw invalidUser();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT name, created_at FROM access_tokens WHERE user_id = ? AND kind = 'personal' "
                            + "ORDER BY created_at, name")) {
                statement.setString(1, userId);
                try (ResultSet rows = statement.executeQuery()) {
                    List<TokenInfo> tokens = new ArrayList<>();
                    while (rows.next()) {
                        tokens.add(new TokenInfo(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2))));
                    }
                    return tokens;
                }
            }
        });
    }

    /** True when some user holds role admin and has a token to call the API with. */
    public CompletableFuture<Boolean> anAdminCanSignIn() {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT 1 FROM users u JOIN access_tokens t ON t.user_id = u.id "
                            + "WHERE ',' || u.roles || ',' LIKE '%,admin,%' LIMIT 1");
                 ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        });
    }

    /**
     * Makes sure user {@code admin} exists with role admin and that its token {@code tokenName} has
     * {@code tokenHash} (rotating the stored hash when the configured token changed).
     */
    public CompletableFuture<Void> ensureAdmin(String userId, String tokenName, String tokenHash, Instant now) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO users (id, username, name, roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (id) DO UPDATE SET roles = excluded.roles")) {
                statement.setString(1, userId);
                statement.setString(2, userId);
                statement.setString(3, "Administrator");
                statement.setString(4, Role.ADMIN.wireName());
                statement.setLong(5, now.toEpochMilli());
                statement.setLong(6, now.toEpochMilli());
                statement.executeUpdate();
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO access_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (user_id, name) DO UPDATE SET token_hash = excluded.token_hash, "
                            + "created_at = excluded.created_at WHERE access_tokens.token_hash <> excluded.token_hash")) {
                statement.setString(1, userId);
                statement.setString(2, tokenName);
                statement.setString(3, tokenHash);
                statement.setLong(4, now.toEpochMilli());
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** The user whose username (or else email) is {@code name}, with its password hash. */
    public CompletableFuture<Optional<PasswordLogin>> findForLogin(String name) {
        return database.read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id, password_hash FROM users WHERE username = ? OR email = ? "
                            + "ORDER BY CASE WHEN username = ? THEN 0 ELSE 1 END, id LIMIT 1")) {
                statement.setString(1, name);
                statement.setString(2, name);
                statement.setString(3, name);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    String id = rows.getString(1);
                    String hash = rows.getString(2);
                    return find(connection, id).map(user -> new PasswordLogin(user, hash));
                }
            }
        });
    }

    /** Stores a login token's hash for {@code userId}. */
    public CompletableFuture<Void> addLoginToken(String userId, String hash, Instant now) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO access_tokens (user_id, name, token_hash, created_at, kind) "
                            + "VALUES (?, ?, ?, ?, 'login')")) {
                statement.setString(1, userId);
                statement.setString(2, "login:" + hash.substring(0, 16));
                statement.setString(3, hash);
                statement.setLong(4, now.toEpochMilli());
                statement.executeUpdate();
            }
            return null;
        });
    }

    /** Removes the login token whose hash is {@code hash}; false when {@code userId} held none such. */
    public CompletableFuture<Boolean> removeLoginToken(String userId, String hash) {
        return removeOneToken("token_hash = ? AND kind = 'login'", userId, hash);
    }

    /** Deletes {@code userId}'s token matching {@code condition} (one bind marker); false when there was none. */
    private CompletableFuture<Boolean> removeOneToken(String condition, String userId, String value) {
        return database.transactions().submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM access_tokens WHERE user_id = ? AND " + condition)) {
                statement.setString(1, userId);
                statement.setString(2, value);
                return statement.executeUpdate() == 1;
            }
        });
    }

    static ApiError invalidUser() {
        return ApiError.meteor("error-invalid-user", "Invalid user");
    }

    static Optional<User> find(Connection connection, String userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
            statement.setString(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new User(rows.getString("id"), rows.getString("username"),
                        rows.getString("name"), rows.getString("email"), parseRoles(rows.getString("roles")),
                        Instant.ofEpochMilli(rows.getLong("created_at")),
                        Instant.ofEpochMilli(rows.getLong("updated_at"))));
            }
        }
    }

    /** The roles column read back: comma-separated wire names; unknown names are skipped. */
    static List<Role> parseRoles(String column) {
        List<Role> roles = new ArrayList<>();
        for (String name : column.split(",")) {
            Role.parse(name.trim()).ifPresent(roles::add);
        }
        return roles;
    }

    static String roles(List<Role> roles) {
        return String.join(",", roles.stream().map(Role::wireName).toList());
    }
}
