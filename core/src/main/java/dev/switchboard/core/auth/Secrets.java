package dev.switchboard.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Access tokens and passwords at rest. Tokens are 32 random bytes, so a single unsalted SHA-256 is enough to make
 * a stolen table useless (no dictionary to try); they are compared with {@link MessageDigest#isEqual}, which does
 * not return early. Passwords, which people choose, get salted PBKDF2 instead.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PBKDF2_ITERATIONS = 210_000;

    private Secrets() { }

    /** A new personal access token: 32 random bytes, base64url without padding (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256 of {@code token}: what the database keeps. */
    public static String hashToken(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Constant-time comparison of two stored hashes (hex strings of equal length when they match). */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>}. CPU-heavy: never call on an event loop. */
    public static String hashPassword(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, PBKDF2_ITERATIONS);
        return "pbkdf2-sha256$" + PBKDF2_ITERATIONS + "$" + HexFormat.of().formatHex(salt) + "$"
                + HexFormat.of().formatHex(hash);
    }

    /**
     * True when {@code password} is the one {@code stored} ({@link #hashPassword}'s format) was made from; the hashes
     * are compared in constant time. A null or malformed {@code stored} still costs one hash, so an unknown user
     * takes as long as a wrong password.
     */
    public static boolean verifyPassword(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        boolean wellFormed = parts.length == 4 && parts[0].equals("pbkdf2-sha256");
        try {
            int iterations = wellFormed ? Integer.parseInt(parts[1]) : PBKDF2_ITERATIONS;
            byte[] salt = wellFormed ? HexFormat.of().parseHex(parts[2]) : new byte[16];
            byte[] expected = wellFormed ? HexFormat.of().parseHex(parts[3]) : new byte[32];
            boolean same = MessageDigest.isEqual(pbkdf2(password, salt, iterations), expected);
            return wellFormed && same;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return hash;
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
