package dev.switchboard.core.visitor;

import java.security.NoSuchAlgorithmException;
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
    /** Enough bytes for the random part in one draw nearly always (9 of 16 must fall below the limit). */
    private static final int DRAW_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Ids draw from a generator per thread: the shared one takes a lock and reads {@code /dev/urandom} on most
     * draws, about a microsecond of every message sent on an event loop. SHA1PRNG seeds itself from the system's
     * entropy on first use; tokens, which are secrets, keep the shared one.
     */
    private static final ThreadLocal<SecureRandom> ID_RANDOM = ThreadLocal.withInitial(RandomIds::idGenerator);

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
        byte[] bytes = new byte[DRAW_BYTES];
        SecureRandom random = ID_RANDOM.get();
        while (filled < ID_LENGTH) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < ID_LENGTH; i++) {
                int value = bytes[i] & 0xff;
                if (value < UNBIASED_LIMIT) {
                    id[filled++] = UNMISTAKABLE[value % UNMISTAKABLE.length];
                }
            }
        }
        return new String(id);
    }

    private static SecureRandom idGenerator() {
        try {
            return SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) { // every JDK's SUN provider has it; without it, the shared one
            return RANDOM;
        }
    }

    /** A visitor token as the Apps-Engine's {@code createToken()}: 16 random bytes in hex. */
    public static String token() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
