package dev.switchboard.core.visitor;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifiers in Rocket.Chat's shapes. */
public final class RandomIds {
    /** Meteor's Random.id() alphabet: no look-alike characters. */
    private static final char[] UNMISTAKABLE =
            "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() { }

    /** A 17-character id, as Meteor's {@code Random.id()}. */
    public static String id() {
        char[] id = new char[17];
        for (int i = 0; i < id.length; i++) {
            id[i] = UNMISTAKABLE[RANDOM.nextInt(UNMISTAKABLE.length)];
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
