package dev.switchboard.core.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.store.JdbcSettingStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host settings: read from memory ({@link #current()}, one snapshot swapped whole), written through the
 * database. A change made on this node is applied here once it commits; other nodes reload when the cluster
 * event arrives ({@link #reload()}, wired in {@code SwitchboardHost}), so a change is in effect everywhere without
 * a restart. Values are never logged: one of them is a secret.
 */
public final class SettingsService {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsService.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JdbcSettingStore store;
    private volatile Settings current;

    private SettingsService(JdbcSettingStore store, Settings current) {
        this.store = store;
        this.current = current;
    }

    /** Loads the stored values (blocking: start-up only). */
    public static SettingsService load(JdbcSettingStore store)
            throws InterruptedException, ExecutionException, TimeoutException {
        return new SettingsService(store, parse(store.all().get(30, TimeUnit.SECONDS)));
    }

    public Settings current() {
        return current;
    }

    /**
     * Checks {@code value} (of the setting's type) against setting {@code id}'s definition and stores it; the
     * answer is the snapshot that holds it. An unknown id fails with {@link UnknownSettingException}, a value out
     * of bounds with Rocket.Chat's error.
     */
    public CompletableFuture<Settings> update(String id, Object value) {
        SettingDefinition definition = SettingDefinitions.find(id).orElseThrow(UnknownSettingException::new);
        Object parsed = definition.check(value);
        return store.put(id, json(parsed)).thenApply(stored -> {
            current = current.with(id, parsed);
            return current;
        });
    }

    /** Re-reads every stored value (another node changed one, or events may have been missed). */
    public void reload() {
        store.all().whenComplete((values, failure) -> {
            if (failure != null) {
                LOG.warn("Could not reload host settings: {}", failure.toString());
                return;
            }
            current = parse(values);
        });
    }

    private static Settings parse(Map<String, String> stored) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, String> entry : stored.entrySet()) {
            Optional<SettingDefinition> definition = SettingDefinitions.find(entry.getKey());
            if (definition.isEmpty()) {
                continue; // a setting this version no longer has
            }
            try {
                values.put(entry.getKey(), definition.get().check(MAPPER.readValue(entry.getValue(), Object.class)));
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warn("Stored value of setting {} is not valid any more; using its default", entry.getKey());
            }
        }
        return Settings.of(values);
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No setting has this id. */
    public static final class UnknownSettingException extends RuntimeException {
        UnknownSettingException() {
            super("No such setting", null, false, false);
        }
    }
}
