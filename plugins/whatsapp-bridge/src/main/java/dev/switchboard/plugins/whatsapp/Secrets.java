package dev.switchboard.plugins.whatsapp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook authentication: the {@code X-Hub-Signature-256} check and the verify-token comparison, both in constant
 * time. Thread-safe; the only state is the MAC keyed with the last app secret used.
 */
final class Secrets {

    static final String SIGNATURE_PREFIX = "sha256=";
    /**
     * The largest body for which the escaped-unicode form is tried (1 MiB). Bigger bodies must match over their raw
     * bytes; this bounds what a forged signature on a large non-ASCII body can cost.
     */
    static final int ESCAPED_FALLBACK_MAX_BYTES = 1024 * 1024;
    /** UTF-16 units decoded per round of the escaped form; each becomes at most 6 bytes for the MAC. */
    private static final int CHUNK_CHARS = 4096;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** The MAC for the app secret last used; replaced when the secret changes. */
    private static volatile KeyedMac lastKey;

    private Secrets() {
    }

    /**
     * Checks {@code X-Hub-Signature-256} against the raw body. The HMAC is computed over the exact bytes received;
     * if that does not match and the body holds non-ASCII characters (and is valid UTF-8 of at most
     * {@value #ESCAPED_FALLBACK_MAX_BYTES} bytes), it is also tried over the body with those characters escaped as
     * {@code \\uXXXX}, the form Meta's documentation says it signs (both comparisons are constant-time).
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
        byte[] escaped = escapedHmacSha256(key, body);
        return escaped != null && MessageDigest.isEqual(escaped, given);
    }

    /**
     * Compares two secrets in time independent of where they differ and of their lengths (both are hashed first).
     *
     * @param given    the value received; null never matches
     * @param expected the configured value; null or empty never matches (an empty secret is no secret: the host
     *                 lets an admin save one, as the Apps-Engine counts it as set)
     * @return true if equal
     */
    static boolean constantTimeEquals(String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) {
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
        return mac(key).doFinal(data);
    }

    /**
     * A fresh MAC keyed with {@code key}: a clone of the last key's initialised MAC, since looking up the
     * provider and keying a new one cost more than the HMAC of a typical delivery. The prototype itself is never
     * updated, and the JDK's provider (SunJCE) only reads it when cloning, so concurrent clones are safe.
     */
    private static Mac mac(byte[] key) {
        KeyedMac last = lastKey;
        if (last == null || !MessageDigest.isEqual(last.key(), key)) {
            last = new KeyedMac(key.clone(), newMac(key));
            lastKey = last;
        }
        try {
            return (Mac) last.prototype().clone();
        } catch (CloneNotSupportedException e) {
            return newMac(key); // a provider whose MAC cannot be cloned: key one each time
        }
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** An initialised MAC and the key it was initialised with. */
    private record KeyedMac(byte[] key, Mac prototype) {
    }

    /**
     * The HMAC-SHA256 of the body with every non-ASCII character written as {@code \\uXXXX} (lower-case hex, UTF-16
     * code units, so an emoji becomes a surrogate pair), or null when the body is pure ASCII (the escaped form is
     * the body itself), larger than {@value #ESCAPED_FALLBACK_MAX_BYTES} bytes, or not valid UTF-8. The escaped
     * form is never materialised: the body is decoded a chunk at a time and each chunk's escaped bytes go straight
     * into the MAC, so the work is linear in the body and the memory constant.
     */
    static byte[] escapedHmacSha256(byte[] key, byte[] body) {
        if (body.length > ESCAPED_FALLBACK_MAX_BYTES || isAscii(body)) {
            return null;
        }
        Mac mac = mac(key);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer chars = CharBuffer.allocate(CHUNK_CHARS);
        byte[] out = new byte[CHUNK_CHARS * 6];
        while (true) {
            CoderResult result = decoder.decode(in, chars, true);
            if (result.isError()) {
                return null;
            }
            update(mac, chars, out);
            if (result.isUnderflow()) {
                break;
            }
        }
        while (true) {
            CoderResult result = decoder.flush(chars);
            if (result.isError()) {
                return null;
            }
            update(mac, chars, out);
            if (result.isUnderflow()) {
                break;
            }
        }
        return mac.doFinal();
    }

    /** Feeds the decoded characters in {@code chars} to the MAC in escaped form, then empties {@code chars}. */
    private static void update(Mac mac, CharBuffer chars, byte[] out) {
        chars.flip();
        int n = 0;
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                out[n++] = '\\';
                out[n++] = 'u';
                out[n++] = HEX[(c >> 12) & 0xf];
                out[n++] = HEX[(c >> 8) & 0xf];
                out[n++] = HEX[(c >> 4) & 0xf];
                out[n++] = HEX[c & 0xf];
            }
        }
        mac.update(out, 0, n);
        chars.clear();
    }

    private static boolean isAscii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
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
