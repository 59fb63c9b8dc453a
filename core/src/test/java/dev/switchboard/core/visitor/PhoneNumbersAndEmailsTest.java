package dev.switchboard.core.visitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PhoneNumbersAndEmailsTest {
    @Test
    void phoneDigitsIgnoreFormatting() {
        assertEquals("555155555555", PhoneNumbers.digits("+55 51 5555-5555"));
        assertEquals("555155555555", PhoneNumbers.digits("555155555555"));
        assertEquals("15551234567", PhoneNumbers.digits("+1 (555) 123-4567"));
        assertEquals("37265783468", PhoneNumbers.digits("+37265783468"));
    }

    @Test
    void phoneWithoutDigitsHasNone() {
        assertNull(PhoneNumbers.digits(null));
        assertNull(PhoneNumbers.digits(""));
        assertNull(PhoneNumbers.digits("+-() "));
        assertNull(PhoneNumbers.digits("٣٤٥"), "only ASCII digits count");
    }

    @Test
    void requestExposesDigits() {
        assertEquals("5551", new RegistrationRequest("t", null, null, "55-51", null, null, null).phoneDigits());
        assertNull(RegistrationRequest.ofToken("t").phoneDigits());
    }

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertEquals("john.doe@email.com", Emails.normalize("  John.Doe@EMAIL.com \t"));
        assertEquals("not-an-email", Emails.normalize("Not-An-Email"), "invalid emails are accepted as in 8.x");
    }

    @Test
    void onlyAsciiLettersAreFoldedSoNoAddressBecomesAnother() {
        assertEquals("\u212Aate@x", Emails.normalize("\u212Aate@x"), "the Kelvin sign is not k");
        assertEquals("\uFF4Bate@x", Emails.normalize("\uFF4Bate@x"), "a fullwidth k is not k");
        assertEquals("\u0130l@x", Emails.normalize("\u0130l@X"), "dotted capital I is kept");
        assertEquals("\u00C9mile@x", Emails.normalize("\u00C9mile@x"), "non-ASCII case is kept");
        assertEquals("kate@x", Emails.normalize("KATE@X"));
    }

    @Test
    void blankEmailIsNone() {
        assertNull(Emails.normalize(null));
        assertNull(Emails.normalize(""));
        assertNull(Emails.normalize("   "));
    }
}
