package dev.switchboard.plugins.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook authentication: the {@code X-Hub-Signature-256} check and the verify-token comparison, both in constant
 * time. Stateless and thread-safe.
 */
final class Secrets {

    static final String SIGNATURE_PREFIX = "sha256=";

    private Secrets() {
    }

    /**
     * Checks {@code X-Hub-Signature-256} against the raw body. The HMAC is computed over the exact bytes received;
     * if that does not match and the body holds non-ASCII characters, it is also tried over the body with those
     * characters escaped as {@code \\uXXXX}, the form Meta's documentation says it signs (both comparisons are
     * constant-time).
     *
     * @param header    the header value, or null when absent
     * @param appSecret the app secret
     * @param body      the raw body bytes
     * @return true if the signature is present, well-formed and matches
     */
    static boolean signatureMatches(String header, String appSecret, byte[] body) {
        if (header == null || appSecret == null || appSecret.isEmpty()) {
            return false;
        }
        String value = header.trim();
        if (value.length() != SIGNATURE_PREFIX.length() + 64
                || !value.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())) {
            return false;
        }
        byte[] given = decodeHex(value.substring(SIGNATURE_PREFIX.length()));
        if (given == null) {
            return false;
        }
        byte[] key = appSecret.getBytes(StandardCharsets.UTF_8);
        boolean raw = MessageDigest.isEqual(hmacSha256(key, body), given);
        if (raw) {
            return true;
        }
        byte[] escaped = escapeNonAscii(body);
        return escaped != null && MessageDigest.isEqual(hmacSha256(key, escaped), given);
    }

    /**
     * Compares two secrets in time independent of where they differ and of their lengths (both are hashed first).
     *
     * @param given    the value received; null never matches
     * @param expected the configured value; null never matches
     * @return true if equal
     */
    static boolean constantTimeEquals(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(given.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Lower-case hex HMAC-SHA256, for tests and tooling that sign bodies like Meta does. */
    static String sign(String appSecret, byte[] body) {
        return SIGNATURE_PREFIX + toHex(hmacSha256(appSecret.getBytes(StandardCharsets.UTF_8), body));
    }

    static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /**
     * Returns the body with every non-ASCII character written as {@code \\uXXXX} (lower-case hex, UTF-16 code
     * units, so an emoji becomes a surrogate pair), or null when the body is pure ASCII or not valid UTF-8.
     */
    static byte[] escapeNonAscii(byte[] body) {
        boolean ascii = true;
        for (byte b : body) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] decodeHex(String hex) {
        if (hex.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
