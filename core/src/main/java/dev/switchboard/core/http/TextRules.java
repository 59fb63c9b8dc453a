package dev.switchboard.core.http;

import dev.switchboard.core.error.ApiError;
import java.util.Arrays;

/**
 * What text the API accepts anywhere (bodies, paths, queries): well-formed UTF-8 (no overlong forms, no encoded
 * surrogates, nothing past U+10FFFF), no lone surrogate escapes, no NUL. Java would store a lone surrogate as
 * {@code ?}, making {@code A\ud83d} and {@code A?} one value, and PostgreSQL cannot store NUL at all, so both are
 * refused here, the same on either database.
 */
final class TextRules {
    private TextRules() { }

    /** The answer to text that breaks these rules. */
    static ApiError invalid(String what) {
        return ApiError.meteor("error-invalid-text", what + " must be valid UTF-8 text without NUL characters");
    }

    /** Whether {@code bytes} are well-formed UTF-8 (RFC 3629), as Java's lenient decoders do not check. */
    static boolean isWellFormedUtf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int low = 0x80; // the second byte's range, narrower after E0, ED, F0 and F4
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                low = b == 0xE0 ? 0xA0 : 0x80;  // E0 80..9F would be overlong
                high = b == 0xED ? 0x9F : 0xBF;  // ED A0..BF would encode a surrogate
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                low = b == 0xF0 ? 0x90 : 0x80;  // F0 80..8F would be overlong
                high = b == 0xF4 ? 0x8F : 0xBF;  // F4 90.. would be past U+10FFFF
            } else {
                return false; // C0, C1 (overlong), F5..FF, or a continuation byte without a lead
            }
            if (i + length > bytes.length) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }

    /**
     * Whether a request target (path and query, as sent) is printable ASCII whose percent-escapes are complete and
     * decode to well-formed UTF-8 without NUL. Checked before routing, which would otherwise fail on a bad escape
     * deep inside the router, and before any path or query value reaches a handler or the database.
     */
    static boolean isCleanTarget(String target) {
        byte[] decoded = new byte[target.length()];
        int length = 0;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
            if (c == '%') {
                int high = i + 2 < target.length() ? hex(target.charAt(i + 1)) : -1;
                int low = high < 0 ? -1 : hex(target.charAt(i + 2));
                if (low < 0 || (high == 0 && low == 0)) {
                    return false;
                }
                decoded[length++] = (byte) (high * 16 + low);
                i += 2;
            } else {
                decoded[length++] = (byte) c;
            }
        }
        return isWellFormedUtf8(Arrays.copyOf(decoded, length));
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F'
                ? c - 'A' + 10 : -1;
    }

    /** Whether {@code text} holds no NUL and every surrogate in it is half of a pair. */
    static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
