package dev.switchboard.core.visitor;

import java.util.Locale;

/** Rocket.Chat stores and matches emails trimmed and lower-cased. */
public final class Emails {
    private Emails() { }

    public static String normalize(String email) {
        if (email == null) {
            return null;
        }
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        return normalized.isEmpty() ? null : normalized;
    }
}
