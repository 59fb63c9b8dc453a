package dev.switchboard.core.store;

import static dev.switchboard.core.store.StoreTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.auth.Role;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcUserStore.Credentials;
import dev.switchboard.core.store.JdbcUserStore.TokenInfo;
import dev.switchboard.core.testing.StoreTest;
import dev.switchboard.core.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Users and personal access tokens ({@link JdbcUserStore}) on SQLite and PostgreSQL. */
class UserStoreTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private static User user(String id, String username, Role... roles) {
        return new User(id, username, "Name " + username, username + "@example.com", List.of(roles), T0,
                T0.plusSeconds(1));
    }

    @StoreTest
    void createsAndFindsUsersWithRoles(TestDatabase db) throws Exception {
        JdbcUserStore store = new JdbcUserStore(db.database());
        User ann = user("u-1", "ann", Role.MANAGER, Role.AGENT);
        assertEquals(ann, await(store.create(ann, "pbkdf2$hash")));
        assertEquals(ann, await(store.findById("u-1")).orElseThrow());
        assertTrue(await(store.findById("u-2")).isEmpty());
        assertTrue(await(store.credentials("u-2")).isEmpty());
        Credentials credentials = await(store.credentials("u-1")).orElseThrow();
        assertEquals(ann, credentials.user());
        assertEquals(List.of(), credentials.tokenHashes());
    }

    @StoreTest
    void aTakenUsernameIsTheStoresError(TestDatabase db) throws Exception {
        JdbcUserStore store = new JdbcUserStore(db.database());
        await(store.create(user("u-1", "ann", Role.AGENT), null));

        ApiError error = assertThrows(ApiError.class, () -> await(store.create(user("u-2", "ann", Role.AGENT), null)));
        assertTrue(error.getMessage().contains("error-field-unavailable"), error.getMessage());
        assertTrue(await(store.findById("u-2")).isEmpty());
        // The failed write rolled back alone: the store keeps working.
        await(store.create(user("u-3", "bob", Role.AGENT), null));
        assertEquals("bob", await(store.findById("u-3")).orElseThrow().username());
    }

    @StoreTest
    void aTokenHashAloneFindsItsOwnerUntilTheTokenIsRemoved(TestDatabase db) throws Exception {
        JdbcUserStore store = new JdbcUserStore(db.database());
        User ann = user("u-1", "ann", Role.AGENT);
        await(store.create(ann, null));
        await(store.create(user("u-2", "bob", Role.AGENT), null));
        await(store.addToken("u-1", "laptop", "hash-1", T0));
        await(store.addToken("u-2", "phone", "hash-2", T0.plusSeconds(5)));

        JdbcUserStore.TokenOwner owner = await(store.findByTokenHash("hash-1")).orElseThrow();
        assertEquals(ann, owner.user());
        assertEquals(T0, owner.tokenCreatedAt());
        assertEquals("bob", await(store.findByTokenHash("hash-2")).orElseThrow().user().username());
        assertTrue(await(store.findByTokenHash("hash-3")).isEmpty());
        await(store.removeToken("u-1", "laptop"));
        assertTrue(await(store.findByTokenHash("hash-1")).isEmpty());
    }

    @StoreTest
    void tokensAreAddedListedAndRemoved(TestDatabase db) throws Exception {
        JdbcUserStore store = new JdbcUserStore(db.database());
        await(store.create(user("u-1", "ann", Role.AGENT), null));

        assertTrue(await(store.addToken("u-1", "laptop", "hash-1", T0)));
        assertTrue(await(store.addToken("u-1", "ci", "hash-2", T0.plusSeconds(5))));
        assertFalse(await(store.addToken("u-1", "laptop", "hash-3", T0.plusSeconds(9))), "names are unique");
        ApiError unknown = assertThrows(ApiError.class, () -> await(store.addToken("nobody", "x", "h", T0)));
        assertTrue(unknown.getMessage().contains("error-invalid-user"), unknown.getMessage());

        assertEquals(List.of(new TokenInfo("laptop", T0), new TokenInfo("ci", T0.plusSeconds(5))),
                await(store.tokens("u-1")));
        assertEquals(Set.of("hash-1", "hash-2"),
                Set.copyOf(await(store.credentials("u-1")).orElseThrow().tokenHashes()));
        assertTrue(await(store.removeToken("u-1", "laptop")));
        assertFalse(await(store.removeToken("u-1", "laptop")));
        assertEquals(List.of("hash-2"), await(store.credentials("u-1")).orElseThrow().tokenHashes());
        assertThrows(ApiError.class, () -> await(store.tokens("nobody")));
    }

    @StoreTest
    void ensureAdminCreatesOnceAndRotatesTheTokenHash(TestDatabase db) throws Exception {
        JdbcUserStore store = new JdbcUserStore(db.database());
        await(store.ensureAdmin("admin", "bootstrap", "hash-a", T0));
        await(store.ensureAdmin("admin", "bootstrap", "hash-a", T0.plusSeconds(60)));

        User admin = await(store.findById("admin")).orElseThrow();
        assertEquals(List.of(Role.ADMIN), admin.roles());
        assertEquals(List.of(new TokenInfo("bootstrap", T0)), await(store.tokens("admin")), "unchanged hash: kept");

        await(store.ensureAdmin("admin", "bootstrap", "hash-b", T0.plusSeconds(120)));
        assertEquals(List.of("hash-b"), await(store.credentials("admin")).orElseThrow().tokenHashes());
        assertEquals(List.of(new TokenInfo("bootstrap", T0.plusSeconds(120))), await(store.tokens("admin")));
        assertEquals("1", StoreTests.scalar(db.database(), "SELECT COUNT(*) FROM users"));
    }
}
