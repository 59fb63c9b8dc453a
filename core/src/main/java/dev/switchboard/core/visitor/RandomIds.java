package dev.switchboard.core.visitor;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifiers in Rocket.Chat's shapes. */
public final class RandomIds {
    /** Meteor's Random.id() alphabet: no look-alike characters. */
    private static final char[] UNMISTAKABLE =
            "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    /** Bytes below this map evenly onto the alphabet; the rest are skipped, so no character is favoured. */
    private static final int UNBIASED_LIMIT = 256 - 256 % UNMISTAKABLE.length;
    private static final int ID_LENGTH = 17;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() { }

    /** A 17-character id, as Meteor's {@code Random.id()}; one call into the random source per id. */
    public static String id() {
        char[] id = new char[ID_LENGTH];
        int filled = 0;
        byte[] bytes = new byte[ID_LENGTH * 2];
        while (filled < ID_LENGTH) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < ID_LENGTH; i++) {
                int value = bytes[i] & 0xff;
                if (value < UNBIASED_LIMIT) {
                    id[filled++] = UNMISTAKABLE[value % UNMISTAKABLE.length];
                }
            }
        }
        return new String(id);
    }

    /** A visitor token as the Apps-Engine's {@code createToken()}: 16 random bytes in hex. */
    public static String token() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
