package dev.switchboard.core.visitor;

/**
 * How emails are stored and compared: trimmed, ASCII letters lower-cased, every other character kept as given.
 * Rocket.Chat lower-cases all of Unicode, which folds distinct addresses onto one (the Kelvin sign {@code U+212A}
 * lower-cases to {@code k}, so {@code \u212Aate@x} would be {@code kate@x}); Unicode normalisation (NFKC) folds
 * more (fullwidth letters, ligatures). Two addresses are one here only when they differ in ASCII case alone, so a
 * match can be missed (an address typed once with {@code É}, once with {@code é}) but never made with another
 * person's address.
 */
public final class Emails {
    private Emails() { }

    public static String normalize(String email) {
        if (email == null) {
            return null;
        }
        String trimmed = email.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        StringBuilder normalized = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            normalized.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return normalized.toString();
    }
}
