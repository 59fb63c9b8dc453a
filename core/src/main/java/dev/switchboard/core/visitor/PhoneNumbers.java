package dev.switchboard.core.visitor;

/**
 * Phones are stored as given but matched on their digits, so {@code +55 51 5555-5555} and {@code 555155555555}
 * are one number (Rocket.Chat compares the raw strings and makes duplicates).
 */
public final class PhoneNumbers {
    private PhoneNumbers() { }

    /** The ASCII digits of {@code phone}, or null when there are none. */
    public static String digits(String phone) {
        if (phone == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.length() == 0 ? null : digits.toString();
    }
}
