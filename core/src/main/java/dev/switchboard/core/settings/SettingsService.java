package dev.switchboard.core.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.secret.SecretBox;
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
 * a restart. Values are never logged, and secret ones ({@code Livechat_secret_token}) are stored sealed with the
 * host's {@link SecretBox} (their id as associated data): the database never holds them in plain text.
 */
public final class SettingsService {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsService.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How {@link SecretBox#seal} text starts. */
    private static final String SEALED = "v1:";

    private final JdbcSettingStore store;
    private final SecretBox secrets;
    private volatile Settings current;

    private SettingsService(JdbcSettingStore store, SecretBox secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    /**
     * Loads the stored values (blocking: start-up only); a secret an earlier version stored in plain text is sealed
     * now.
     */
    public static SettingsService load(JdbcSettingStore store, SecretBox secrets)
            throws InterruptedException, ExecutionException, TimeoutException {
        SettingsService service = new SettingsService(store, secrets);
        Map<String, String> stored = store.all().get(30, TimeUnit.SECONDS);
        service.current = service.parse(stored);
        for (SettingDefinition definition : SettingDefinitions.all()) {
            String raw = stored.get(definition.id());
            if (definition.secret() && raw != null && !service.sealedText(raw)) {
                service.store.put(definition.id(), service.json(definition,
                        service.current.value(definition.id()))).get(30, TimeUnit.SECONDS);
            }
        }
        return service;
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
        return store.put(id, json(definition, parsed)).thenApply(stored -> {
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

    private Settings parse(Map<String, String> stored) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, String> entry : stored.entrySet()) {
            Optional<SettingDefinition> definition = SettingDefinitions.find(entry.getKey());
            if (definition.isEmpty()) {
                continue; // a setting this version no longer has
            }
            try {
                Object value = MAPPER.readValue(entry.getValue(), Object.class);
                if (definition.get().secret() && value instanceof String text && text.startsWith(SEALED)) {
                    value = secrets.open(text, context(entry.getKey()));
                }
                values.put(entry.getKey(), definition.get().check(value));
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warn("Stored value of setting {} is not valid any more; using its default", entry.getKey());
            }
        }
        return Settings.of(values);
    }

    /** The stored JSON text of {@code value}: a secret's is its sealed text. */
    private String json(SettingDefinition definition, Object value) {
        try {
            return MAPPER.writeValueAsString(definition.secret()
                    ? secrets.seal((String) value, context(definition.id())) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean sealedText(String raw) {
        try {
            return MAPPER.readValue(raw, Object.class) instanceof String text && text.startsWith(SEALED);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The associated data a secret setting is sealed with: a sealed value copied to another setting fails. */
    private static String context(String id) {
        return "setting:" + id;
    }

    /** No setting has this id. */
    public static final class UnknownSettingException extends RuntimeException {
        UnknownSettingException() {
            super("No such setting", null, false, false);
        }
    }
}
