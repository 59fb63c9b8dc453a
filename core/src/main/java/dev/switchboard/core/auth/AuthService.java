package dev.switchboard.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcUserStore.TokenInfo;
import dev.switchboard.core.store.JdbcUserStore;
import dev.switchboard.core.visitor.RandomIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    private final JdbcUserStore store;
    private final Clock clock;
    private final Executor cpuWork;
    /** Counts revocations, so a lookup that raced one does not cache what it found. */
    private final AtomicLong revocations = new AtomicLong();
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
            revoked(removed);
            return null;
        });
    }

    /** A new token under an existing name: the old one stops working at once (on this node). */
    public CompletableFuture<String> regenerateToken(String userId, String name) {
        String token = Secrets.newToken();
        return store.replaceToken(userId, name, Secrets.hashToken(token), clock.instant()).thenApply(replaced -> {
            revoked(replaced);
            return token;
        });
    }

    /** After a commit that may have revoked a token; revocation is rare, so the cache forgets everything. */
    private void revoked(boolean found) {
        revocations.incrementAndGet();
        authenticated.invalidateAll();
        if (!found) {
            throw ApiError.meteor("error-token-does-not-exists", "Token does not exist");
        }
    }

    public CompletableFuture<List<TokenInfo>> tokens(String userId) {
        return store.tokens(userId);
    }
}
