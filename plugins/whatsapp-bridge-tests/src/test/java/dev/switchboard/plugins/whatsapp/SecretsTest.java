package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SecretsTest {

    private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsTheHmacOfTheRawBytes() {
        assertTrue(Secrets.signatureMatches(Secrets.sign("s3cret", BODY), "s3cret", BODY));
        // hex case and surrounding blanks do not matter
        assertTrue(Secrets.signatureMatches(" " + Secrets.sign("s3cret", BODY).toUpperCase(Locale.ROOT)
                .replace("SHA256=", "sha256=") + " ", "s3cret", BODY));
    }

    /** RFC 4231 test case 2, alternating with another key: a rotated secret is never checked with the old one. */
    @Test
    void aChangedSecretIsUsedAtOnce() throws Exception {
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        String vector = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        Runnable alternate = () -> {
            for (int i = 0; i < 2_000; i++) {
                assertTrue(Secrets.signatureMatches(vector, "Jefe", data));
                assertFalse(Secrets.signatureMatches(vector, "Jeff", data));
                assertTrue(Secrets.signatureMatches(Secrets.sign("Jeff", data), "Jeff", data));
            }
        };
        CompletableFuture<Void> others = CompletableFuture.runAsync(alternate);
        alternate.run();
        others.get();
    }

    @Test
    void refusesMissingWrongOrMalformedSignatures() {
        String good = Secrets.sign("s3cret", BODY);
        assertFalse(Secrets.signatureMatches(null, "s3cret", BODY));
        assertFalse(Secrets.signatureMatches("", "s3cret", BODY));
        assertFalse(Secrets.signatureMatches(Secrets.sign("other", BODY), "s3cret", BODY));
        assertFalse(Secrets.signatureMatches(good.substring("sha256=".length()), "s3cret", BODY));
        assertFalse(Secrets.signatureMatches("sha1=" + good.substring(7), "s3cret", BODY));
        assertFalse(Secrets.signatureMatches(good.substring(0, good.length() - 2) + "zz", "s3cret", BODY));
        assertFalse(Secrets.signatureMatches(good, "", BODY));
        byte[] tampered = BODY.clone();
        tampered[3] ^= 1;
        assertFalse(Secrets.signatureMatches(good, "s3cret", tampered));
    }

    @Test
    void accentsAndEmojiVerifyOverRawBytesAndOverTheEscapedForm() {
        String text = "{\"text\":{\"body\":\"J'ai mangé des pâtes 🍝\"}}";
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        assertTrue(Secrets.signatureMatches(Secrets.sign("k", raw), "k", raw));
        byte[] escaped = "{\"text\":{\"body\":\"J'ai mang\\u00e9 des p\\u00e2tes \\ud83c\\udf5d\"}}"
                .getBytes(StandardCharsets.US_ASCII);
        // Meta documents signing the \\u-escaped form; a body sent raw but signed escaped still verifies
        assertTrue(Secrets.signatureMatches(Secrets.sign("k", escaped), "k", raw));
    }

    /** The escaped form as the first implementation built it (String.format per UTF-16 unit): the reference. */
    private static byte[] referenceEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theEscapedFormIsThatOfTheReferenceForEveryKindOfCharacterAndAcrossChunkBoundaries() {
        String[] samples = {"é", "ÿ", "\u0080", "\u07ff", "\u0800", "€", "\uffff", "\ufeff", "日本語", "🍝",
            "\ud800\udc00", "\udbff\udfff", "a\u00e9b", "\\u00e9 literal backslash-u then é"};
        for (String sample : samples) {
            String text = "{\"body\":\"" + sample + "\"}";
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            assertTrue(Secrets.signatureMatches(Secrets.sign("k", referenceEscape(text)), "k", raw), sample);
            assertFalse(Secrets.signatureMatches(Secrets.sign("other", referenceEscape(text)), "k", raw), sample);
        }
        // long mixed bodies, so that multi-byte characters and escapes straddle any internal buffer boundary
        Random random = new Random(42);
        int[] pool = {'a', '"', '\\', 0xe9, 0x3b1, 0x4e2d, 0x20ac, 0x1f35d, 0x10ffff, 0x10000, 0x7f, 0x80};
        for (int length : new int[] {1, 4095, 4096, 4097, 8191, 8192, 8193, 70_000}) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String text = sb.toString();
            byte[] raw = text.getBytes(StandardCharsets.UTF_8);
            assertTrue(Secrets.signatureMatches(Secrets.sign("k", referenceEscape(text)), "k", raw), "length " + length);
        }
    }

    @Test
    void invalidUtf8GetsNoEscapedFallback() {
        byte[] escaped = "{\"a\":\"\\ufffd\"}".getBytes(StandardCharsets.US_ASCII);
        String sig = Secrets.sign("k", escaped);
        // a lone continuation byte, a truncated sequence, an overlong form and an encoded surrogate
        for (byte[] bad : new byte[][] {{(byte) 0x80}, {(byte) 0xc3}, {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}}) {
            byte[] head = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] body = Arrays.copyOf(head, head.length + bad.length + 2);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            body[body.length - 2] = '"';
            body[body.length - 1] = '}';
            assertFalse(Secrets.signatureMatches(sig, "k", body));
        }
    }

    @Test
    void theEscapedFallbackIsRefusedAboveItsCap() {
        // just above the cap: a body signed only in the escaped form is refused, the raw form still verifies
        byte[] big = nonAsciiBody(Secrets.ESCAPED_FALLBACK_MAX_BYTES + 1);
        String text = new String(big, StandardCharsets.UTF_8);
        assertFalse(Secrets.signatureMatches(Secrets.sign("k", referenceEscape(text)), "k", big));
        assertTrue(Secrets.signatureMatches(Secrets.sign("k", big), "k", big));
        // at the cap: still accepted
        byte[] atCap = nonAsciiBody(Secrets.ESCAPED_FALLBACK_MAX_BYTES);
        String atCapText = new String(atCap, StandardCharsets.UTF_8);
        assertTrue(Secrets.signatureMatches(Secrets.sign("k", referenceEscape(atCapText)), "k", atCap));
    }

    @Test
    void aLargeNonAsciiBodyWithAWrongSignatureCostsNoMemoryInProportionToItsSize() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        // 1 MiB of 'é' (the largest body the fallback is attempted for) signed with a well-formed but wrong HMAC
        byte[] body = nonAsciiBody(1024 * 1024);
        String wrong = "sha256=" + "ab".repeat(32);
        assertFalse(Secrets.signatureMatches(wrong, "k", body));  // warm-up: class loading, provider lookup
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        assertFalse(Secrets.signatureMatches(wrong, "k", body));
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for a " + body.length + "-byte body");
    }

    /** A JSON object of exactly {@code size} bytes whose content is mostly two-byte UTF-8 characters. */
    private static byte[] nonAsciiBody(int size) {
        byte[] head = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[size];
        System.arraycopy(head, 0, body, 0, head.length);
        int i = head.length;
        while (i + 2 <= size - 2) {
            body[i++] = (byte) 0xc3;
            body[i++] = (byte) 0xa9;
        }
        while (i < size - 2) {
            body[i++] = 'x';
        }
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    @Test
    void comparesTokensOfAnyLength() {
        assertTrue(Secrets.constantTimeEquals("verify-me", "verify-me"));
        assertFalse(Secrets.constantTimeEquals("verify-me", "verify-me-longer"));
        assertFalse(Secrets.constantTimeEquals(null, "x"));
        assertFalse(Secrets.constantTimeEquals("x", null));
    }
}
