package dev.switchboard.plugins.testing.attacher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppExecutor;
import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.KeyValueStore;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A plugin unit test: the hook against hand-written fakes of the SPI, no host needed. */
class AttacherHookTest {

    @Test
    void attachesExtPlusTokenWithHookMetadata() {
        Visitor visitor = new Visitor("v1", "tok-1", "guest-1", null, List.of(), List.of(), null, null,
                Map.of(), List.of(), Instant.EPOCH, Instant.EPOCH);
        FakeEvent event = new FakeEvent(visitor);
        FakeStore store = new FakeStore();

        new AttacherHook().onVisitorRegistered(event, new FakeContext(store));

        assertEquals("ext-tok-1", event.entityId);
        assertEquals("hook", event.metadata.get("source"));
        assertEquals("true", new String(store.get("hook-tccl/tok-1").orElseThrow(), StandardCharsets.UTF_8),
                "in a unit test the test's class loader loads both the hook and the thread");
    }

    /** Records what the hook attached. */
    static final class FakeEvent implements RegistrationEvent {
        private final Visitor visitor;
        String entityId;
        Map<String, Object> metadata;

        FakeEvent(Visitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public Visitor visitor() {
            return visitor;
        }

        @Override
        public RegistrationSource source() {
            return RegistrationSource.REST;
        }

        @Override
        public void attachExternalId(String entityId, Map<String, Object> metadata) {
            this.entityId = entityId;
            this.metadata = metadata;
        }
    }

    /** An in-memory key-value store. */
    static final class FakeStore implements KeyValueStore {
        private final Map<String, byte[]> values = new ConcurrentHashMap<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public void put(String key, byte[] value) {
            values.put(key, value.clone());
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value) {
            return values.putIfAbsent(key, value.clone()) == null;
        }

        @Override
        public boolean delete(String key) {
            return values.remove(key) != null;
        }

        @Override
        public List<String> keys(String prefix, int limit) {
            return new TreeMap<>(values).keySet().stream().filter(k -> k.startsWith(prefix)).limit(limit).toList();
        }
    }

    /** Only what the hook uses; everything else fails loudly. */
    static final class FakeContext implements AppContext {
        private final KeyValueStore store;

        FakeContext(KeyValueStore store) {
            this.store = store;
        }

        @Override
        public String appId() {
            return "test-attacher";
        }

        @Override
        public KeyValueStore store() {
            return store;
        }

        @Override
        public VisitorDirectory visitors() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AppSettings settings() {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonCodec json() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AppExecutor executor() {
            throw new UnsupportedOperationException();
        }
    }
}
