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
    /** 55^8 milliseconds reach the year 4600. */
    private static final int TIME_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() { }

    /**
     * A 17-character id in the alphabet of Meteor's {@code Random.id()}. The first 8 characters are the creation
     * time in milliseconds (the alphabet is in ASCII order, so ids sort by time in byte order, as SQLite compares
     * them), the other 9 are random (52 bits): new rows land at the end of an id index instead of on a random
     * page each, which keeps the pages a commit writes few. Ids are not secrets; the creation time is public as {@code ts} anyway.
     */
    public static String id() {
        return id(System.currentTimeMillis());
    }

    static String id(long epochMillis) {
        char[] id = new char[ID_LENGTH];
        long time = epochMillis;
        for (int i = TIME_LENGTH - 1; i >= 0; i--) {
            id[i] = UNMISTAKABLE[(int) (time % UNMISTAKABLE.length)];
            time /= UNMISTAKABLE.length;
        }
        int filled = TIME_LENGTH;
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
