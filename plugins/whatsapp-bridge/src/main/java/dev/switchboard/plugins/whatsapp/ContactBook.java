package dev.switchboard.plugins.whatsapp;

import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the bridge has learnt about which phone number belongs to which BSUID, kept in the app's store:
 * <ul>
 *   <li>{@code phone/<digits>} → JSON {@code {"bsuid":…, "parent":…?, "username":…?, "phoneNumberId":…?}}: the
 *       latest BSUID seen with that number (a number that changed hands or rotated BSUID points to the newest);</li>
 *   <li>{@code bsuid/<BSUID or parent BSUID>} → the digits, so an erasure can find the phone entry from an id.</li>
 * </ul>
 * Written only when a delivery carries a phone and a BSUID together. Thread-safe (every call is one or a few
 * independent store operations; concurrent writers converge on the latest pairing).
 */
final class ContactBook {

    static final String PHONE_PREFIX = "phone/";
    static final String ID_PREFIX = "bsuid/";

    /**
     * One book entry.
     *
     * @param bsuid         the BSUID
     * @param parent        the parent BSUID, or null
     * @param username      the username last seen, or null
     * @param phoneNumberId the business number last seen, or null
     */
    record Entry(String bsuid, String parent, String username, String phoneNumberId) {
    }

    private final KeyValueStore store;
    private final JsonCodec json;

    ContactBook(KeyValueStore store, JsonCodec json) {
        this.store = store;
        this.json = json;
    }

    /** Records that {@code digits} belongs to {@code entry.bsuid()}; writes nothing when already known. */
    void remember(String digits, Entry entry) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("bsuid", entry.bsuid());
        putIfNotNull(value, "parent", entry.parent());
        putIfNotNull(value, "username", entry.username());
        putIfNotNull(value, "phoneNumberId", entry.phoneNumberId());
        byte[] bytes = json.write(value);
        Optional<byte[]> existing = store.get(PHONE_PREFIX + digits);
        if (existing.isEmpty() || !Arrays.equals(existing.get(), bytes)) {
            store.put(PHONE_PREFIX + digits, bytes);
        }
        byte[] digitBytes = digits.getBytes(StandardCharsets.UTF_8);
        rememberId(entry.bsuid(), digitBytes);
        if (entry.parent() != null) {
            rememberId(entry.parent(), digitBytes);
        }
    }

    /** The entry for a phone's digits, if any. */
    Optional<Entry> lookup(String digits) {
        return store.get(PHONE_PREFIX + digits).flatMap(this::decode);
    }

    /** The digits last seen with an id, if any. */
    Optional<String> phoneOf(String bsuid) {
        return store.get(ID_PREFIX + bsuid).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Forgets a phone number and the ids it pointed to. */
    void forgetPhone(String digits) {
        lookup(digits).ifPresent(entry -> {
            deleteIdIfPointsTo(entry.bsuid(), digits);
            if (entry.parent() != null) {
                deleteIdIfPointsTo(entry.parent(), digits);
            }
        });
        store.delete(PHONE_PREFIX + digits);
    }

    /** Forgets an id, and the phone entry that points to it. */
    void forgetId(String bsuid) {
        phoneOf(bsuid).ifPresent(digits -> lookup(digits).ifPresent(entry -> {
            if (bsuid.equals(entry.bsuid()) || bsuid.equals(entry.parent())) {
                forgetPhone(digits);
            }
        }));
        store.delete(ID_PREFIX + bsuid);
    }

    private void rememberId(String id, byte[] digits) {
        Optional<byte[]> existing = store.get(ID_PREFIX + id);
        if (existing.isEmpty() || !Arrays.equals(existing.get(), digits)) {
            store.put(ID_PREFIX + id, digits);
        }
    }

    private void deleteIdIfPointsTo(String id, String digits) {
        if (phoneOf(id).map(digits::equals).orElse(false)) {
            store.delete(ID_PREFIX + id);
        }
    }

    private Optional<Entry> decode(byte[] bytes) {
        try {
            Map<String, Object> m = json.parseObject(bytes);
            String bsuid = DeliveryParser.str(m, "bsuid");
            return bsuid == null ? Optional.empty() : Optional.of(new Entry(bsuid, DeliveryParser.str(m, "parent"),
                    DeliveryParser.str(m, "username"), DeliveryParser.str(m, "phoneNumberId")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
