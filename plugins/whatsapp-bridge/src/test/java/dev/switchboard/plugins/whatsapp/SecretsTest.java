package dev.switchboard.plugins.whatsapp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
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

    @Test
    void comparesTokensOfAnyLength() {
        assertTrue(Secrets.constantTimeEquals("verify-me", "verify-me"));
        assertFalse(Secrets.constantTimeEquals("verify-me", "verify-me-longer"));
        assertFalse(Secrets.constantTimeEquals(null, "x"));
        assertFalse(Secrets.constantTimeEquals("x", null));
    }
}
