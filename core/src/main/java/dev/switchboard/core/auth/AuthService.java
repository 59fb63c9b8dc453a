package dev.switchboard.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcUserStore.TokenInfo;
import dev.switchboard.core.store.JdbcUserStore.TokenOwner;
import dev.switchboard.core.store.JdbcUserStore;
import dev.switchboard.core.visitor.RandomIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is calling ({@code X-User-Id} + {@code X-Auth-Token}), users and their personal access tokens.
 * Successful lookups are remembered for {@link #CACHE_TTL} keyed by user id and token hash; revoking a token
 * clears that memory on this node before the revocation is answered (other nodes of a shared PostgreSQL
 * deployment may accept a revoked token for at most {@link #CACHE_TTL}). Failures are never cached, so a new
 * token works at once. Tokens are never logged.
 */
public final class AuthService {
    public static final String ADMIN_USER_ID = "admin";
    public static final String BOOTSTRAP_TOKEN_NAME = "bootstrap";
    /** How long a node may still accept a token revoked on another node. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    private final JdbcUserStore store;
    private final Clock clock;
    private final Executor cpuWork;
    private final LoginAttempts loginAttempts = new LoginAttempts();
    /** Counts revocations, so a lookup that raced one does not cache what it found. */
    private final AtomicLong revocations = new AtomicLong();
    private final List<Consumer<String>> userListeners = new CopyOnWriteArrayList<>();
    private final Cache<String, User> authenticated = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CACHE_TTL.toMillis(), TimeUnit.MILLISECONDS)
            .recordStats()
            .build();

    /** Hit rate, size and evictions of the token lookup cache, tagged {@code cache=auth-tokens}. */
    public void registerMetrics(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, authenticated, "auth-tokens");
    }

    /** {@code cpuWork} runs password hashing, which must not run on an event loop. */
    public AuthService(JdbcUserStore store, Clock clock, Executor cpuWork) {
        this.store = store;
        this.clock = clock;
        this.cpuWork = cpuWork;
    }

    /** Blocking, at start-up: ensures user {@code admin} whose bootstrap token is {@code adminToken}. */
    public void bootstrap(String adminToken) {
        if (adminToken == null || adminToken.isBlank()) {
            if (!store.anAdminCanSignIn().join()) {
                LOG.warn("The admin API is unusable: no --admin-token (SWITCHBOARD_ADMIN_TOKEN) and no admin user "
                        + "with a token; set one and restart to manage users, departments and apps");
            }
            return;
        }
        if (adminToken.length() < 32) {
            LOG.warn("The admin token is shorter than 32 characters; use a long random value");
        }
        store.ensureAdmin(ADMIN_USER_ID, BOOTSTRAP_TOKEN_NAME, Secrets.hashToken(adminToken), clock.instant())
                .join();
        LOG.info("Bootstrap user '{}' ensured", ADMIN_USER_ID);
    }

    /** The user holding this token, or empty. */
    public CompletableFuture<Optional<User>> authenticate(String userId, String token) {
        String hash = Secrets.hashToken(token);
        String key = userId + '\u0000' + hash;
        User cached = authenticated.getIfPresent(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        long generation = revocations.get();
        return store.credentials(userId).thenApply(found -> {
            if (found.isEmpty()) {
                return Optional.empty();
            }
            boolean match = false;
            for (String stored : found.get().tokenHashes()) {
                match |= Secrets.sameHash(stored, hash); // no early exit
            }
            if (!match) {
                return Optional.empty();
            }
            // A revocation that committed while this lookup ran must not be undone by caching its stale answer.
            if (revocations.get() == generation) {
                authenticated.put(key, found.get().user());
            }
            return Optional.of(found.get().user());
        });
    }

    /**
     * The user holding {@code token} and when the token was made, or empty: a login by the token alone, as
     * Meteor's {@code login({resume: token})} over DDP. Not cached: a websocket logs in once per connection.
     */
    public CompletableFuture<Optional<TokenOwner>> resume(String token) {
        return store.findByTokenHash(Secrets.hashToken(token));
    }

    public CompletableFuture<User> createUser(String username, String name, String email, String password,
                                              List<Role> roles) {
        var now = clock.instant();
        User user = new User(RandomIds.id(), username, name, email, roles, now, now);
        CompletableFuture<String> passwordHash = password == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> Secrets.hashPassword(password), cpuWork);
        return passwordHash.thenCompose(hash -> store.create(user, hash));
    }

    /** Issues a token named {@code name} for {@code userId}; the token is returned once and never stored. */
    public CompletableFuture<String> generateToken(String userId, String name) {
        String token = Secrets.newToken();
        return store.addToken(userId, name, Secrets.hashToken(token), clock.instant()).thenApply(added -> {
            if (!added) {
                throw ApiError.meteor("error-token-already-exists", "A token with this name already exists");
            }
            return token;
        });
    }

    public CompletableFuture<Void> removeToken(String userId, String name) {
        return store.removeToken(userId, name).thenApply(removed -> {
            revoked(userId, removed);
            return null;
        });
    }

    /** A login: the user and the token it gets (returned once, stored hashed). */
    public record Login(User user, String token) { }

    /** Rocket.Chat's answer to a failed login. */
    public static final class LoginFailed extends RuntimeException {
        private final String error;

        LoginFailed(String error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    /**
     * Logs in with a username (or email) and password: a new login token, which authenticates like a personal
     * access token until {@link #logout}. Failures are counted per username ({@link LoginAttempts}).
     */
    public CompletableFuture<Login> login(String name, String password) {
        if (loginAttempts.blocked(name)) {
            return CompletableFuture.failedFuture(
                    new LoginFailed("error-login-blocked-for-user", "Login has been temporarily blocked For User"));
        }
        return store.findForLogin(name)
                .thenApplyAsync(found -> found.filter(login -> Secrets.verifyPassword(password,
                        login.passwordHash())), cpuWork)
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        loginAttempts.failed(name);
                        throw unauthorized();
                    }
                    loginAttempts.succeeded(name);
                    return issueLoginToken(found.get().user());
                });
    }

    /** Logs in again with a token the caller holds (Rocket.Chat's {@code resume}); answers the same token. */
    public CompletableFuture<Login> loginByResume(String token) {
        return resume(token).thenApply(found ->
                new Login(found.map(TokenOwner::user).orElseThrow(AuthService::unauthorized), token));
    }

    /** Revokes the login token {@code token} of {@code userId}; personal access tokens are not logged out. */
    public CompletableFuture<Boolean> logout(String userId, String token) {
        return store.removeLoginToken(userId, Secrets.hashToken(token)).thenApply(removed -> {
            if (removed) {
                userChanged(userId);
            }
            return removed;
        });
    }

    private CompletableFuture<Login> issueLoginToken(User user) {
        String token = Secrets.newToken();
        return store.addLoginToken(user.id(), Secrets.hashToken(token), clock.instant())
                .thenApply(ignored -> new Login(user, token));
    }

    private static LoginFailed unauthorized() {
        return new LoginFailed("Unauthorized", "Unauthorized");
    }

    /** A new token under an existing name: the old one stops working at once (on this node). */
    public CompletableFuture<String> regenerateToken(String userId, String name) {
        String token = Secrets.newToken();
        return store.replaceToken(userId, name, Secrets.hashToken(token), clock.instant()).thenApply(replaced -> {
            revoked(userId, replaced);
            return token;
        });
    }

    /** After a commit that revoked a token of {@code userId} if {@code found}; an unknown one is the caller's error. */
    private void revoked(String userId, boolean found) {
        if (found) {
            userChanged(userId);
        } else {
            throw ApiError.meteor("error-token-does-not-exists", "Token does not exist");
        }
    }

    public CompletableFuture<List<TokenInfo>> tokens(String userId) {
        return store.tokens(userId);
    }

    /**
     * After a revocation or a role change of {@code userId} commits: every remembered authentication is forgotten
     * (both are rare), so the next request on this node sees the user as it now is, and the listeners (the user's
     * logged-in websockets) are told. A listener that throws is logged: the change is committed either way.
     */
    public void userChanged(String userId) {
        forgetAuthentications();
        for (Consumer<String> listener : userListeners) {
            try {
                listener.accept(userId);
            } catch (RuntimeException e) {
                LOG.warn("A listener of revocations failed: {}", e.toString());
            }
        }
    }

    /** Forgets every remembered authentication on this node. */
    private void forgetAuthentications() {
        revocations.incrementAndGet();
        authenticated.invalidateAll();
    }

    /** {@code listener} is told the user of each revocation or role change on this node; it must return at once. */
    public void onUserChanged(Consumer<String> listener) {
        userListeners.add(listener);
    }
}
