package dev.switchboard.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed logins per username, as Rocket.Chat's {@code Accounts_Block_Failed_Login_Attempts_By_User} (on by default):
 * after {@link #LIMIT} failures a username is blocked until {@link #BLOCK} has passed since its first counted
 * failure. Per node, in memory: each node counts on its own.
 */
public final class LoginAttempts {
    /** Rocket.Chat's {@code Accounts_Block_Failed_Attempts_Until_Block_By_User}. */
    public static final int LIMIT = 10;
    /** Rocket.Chat's {@code Accounts_Block_Failed_Attempts_Time_To_Unblock_By_User_In_Minutes}. */
    public static final Duration BLOCK = Duration.ofMinutes(5);

    private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(BLOCK.toMillis(), TimeUnit.MILLISECONDS)
            .build();

    public boolean blocked(String username) {
        AtomicInteger count = failures.getIfPresent(key(username));
        return count != null && count.get() >= LIMIT;
    }

    public void failed(String username) {
        failures.asMap().computeIfAbsent(key(username), ignored -> new AtomicInteger()).incrementAndGet();
    }

    public void succeeded(String username) {
        failures.invalidate(key(username));
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
