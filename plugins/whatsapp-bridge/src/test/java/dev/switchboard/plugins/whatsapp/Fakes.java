package dev.switchboard.plugins.whatsapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppExecutor;
import dev.switchboard.spi.AppHttp;
import dev.switchboard.spi.HttpCall;
import dev.switchboard.spi.HttpResult;
import dev.switchboard.spi.InboundMessage;
import dev.switchboard.spi.PostedMessage;
import dev.switchboard.spi.Receipt;
import dev.switchboard.spi.AppSettings;
import dev.switchboard.spi.ContactData;
import dev.switchboard.spi.ExternalId;
import dev.switchboard.spi.ExternalIdConflictException;
import dev.switchboard.spi.ExternalIdentity;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.KeyValueStore;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.RegistrationSource;
import dev.switchboard.spi.SettingDefinition;
import dev.switchboard.spi.Visitor;
import dev.switchboard.spi.VisitorDirectory;
import dev.switchboard.spi.VisitorNotFoundException;
import dev.switchboard.spi.VisitorRegistration;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Small in-memory fakes of the SPI, following its Javadoc. */
final class Fakes {

    static final String APP_ID = "whatsapp-bridge";

    private Fakes() {
    }

    static final class Store implements KeyValueStore {
        final ConcurrentSkipListMap<String, byte[]> map = new ConcurrentSkipListMap<>();

        @Override
        public Optional<byte[]> get(String key) {
            byte[] v = map.get(key);
            return v == null ? Optional.empty() : Optional.of(v.clone());
        }

        @Override
        public void put(String key, byte[] value) {
            check(key, value);
            map.put(key, value.clone());
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value) {
            check(key, value);
            return map.putIfAbsent(key, value.clone()) == null;
        }

        @Override
        public boolean delete(String key) {
            return map.remove(key) != null;
        }

        @Override
        public List<String> keys(String prefix, int limit) {
            List<String> out = new ArrayList<>();
            for (String k : map.tailMap(prefix).keySet()) {
                if (!k.startsWith(prefix) || out.size() >= Math.min(limit, 1000)) {
                    break;
                }
                out.add(k);
            }
            return out;
        }

        List<String> keys(String prefix) {
            return keys(prefix, 1000);
        }

        private static void check(String key, byte[] value) {
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || value.length > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("key or value too large: " + key);
            }
        }
    }

    static final class Json implements JsonCodec {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        @Override
        public Object parse(byte[] json) {
            try {
                return MAPPER.readValue(json, Object.class);
            } catch (IOException e) {
                throw new JsonException(e.getMessage(), e);
            }
        }

        @Override
        public byte[] write(Object value) {
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new JsonException(e.getMessage(), e);
            }
        }
    }

    /** Queues tasks; the test runs them. */
    static final class Executor implements AppExecutor {
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final List<Runnable> scheduled = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
            scheduled.add(task);
            return null;
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }
    }

    static final class Settings implements AppSettings {
        final Map<String, String> values = new HashMap<>();

        @Override
        public Optional<String> get(String id) {
            String fallback = declared(id).defaultValue();
            return Optional.ofNullable(values.getOrDefault(id, fallback));
        }

        @Override
        public String require(String id) {
            return get(id).orElseThrow(() -> new IllegalStateException(id));
        }

        @Override
        public boolean getBoolean(String id) {
            return Boolean.parseBoolean(get(id).orElse("false"));
        }

        @Override
        public long getLong(String id) {
            return Long.parseLong(require(id));
        }

        private static SettingDefinition declared(String id) {
            return BridgeSettings.DEFINITIONS.stream().filter(d -> d.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("undeclared setting " + id));
        }
    }

    /** A visitor directory with Rocket.Chat 8.4 resolve rules; every method is synchronized (atomic). */
    static class Directory implements VisitorDirectory {
        final Map<String, Visitor> visitors = new LinkedHashMap<>();
        final List<RegistrationHook> hooks = new ArrayList<>();
        AppContext hookContext;
        final AtomicInteger creates = new AtomicInteger();
        private int guest;

        @Override
        public synchronized Optional<Visitor> findByToken(String token) {
            return visitors.values().stream().filter(v -> v.token().equals(token)).findFirst();
        }

        @Override
        public synchronized Optional<Visitor> findByEntityId(String entityId) {
            return visitors.values().stream().filter(v -> v.externalId(APP_ID, entityId).isPresent()).findFirst();
        }

        @Override
        public synchronized Optional<Visitor> resolve(ExternalIdentity externalId, ContactData contactData) {
            Optional<Visitor> byId = findByEntityId(externalId.entityId());
            if (byId.isPresent()) {
                return byId;
            }
            Optional<Visitor> match = byContact(contactData.phone(), contactData.email());
            return match.map(v -> attachExternalId(v.id(), externalId));
        }

        @Override
        public synchronized Visitor resolveOrCreate(ExternalIdentity externalId, ContactData contactData,
                                                    VisitorRegistration newVisitor) {
            Optional<Visitor> found = resolve(externalId, contactData);
            if (found.isPresent()) {
                return found.get();
            }
            creates.incrementAndGet();
            Visitor created = register(newVisitor);
            return attachExternalId(created.id(), externalId);
        }

        @Override
        public synchronized Visitor attachExternalId(String visitorId, ExternalIdentity externalId) {
            Visitor v = visitors.get(visitorId);
            if (v == null) {
                throw new VisitorNotFoundException(visitorId);
            }
            Optional<Visitor> owner = findByEntityId(externalId.entityId());
            if (owner.isPresent() && !owner.get().id().equals(visitorId)) {
                throw new ExternalIdConflictException(externalId.entityId(), owner.get().id());
            }
            List<ExternalId> ids = new ArrayList<>();
            boolean replaced = false;
            for (ExternalId e : v.externalIds()) {
                if (e.appId().equals(APP_ID) && e.entityId().equals(externalId.entityId())) {
                    ids.add(new ExternalId(APP_ID, e.entityId(), externalId.metadata()));
                    replaced = true;
                } else {
                    ids.add(e);
                }
            }
            if (!replaced) {
                ids.add(new ExternalId(APP_ID, externalId.entityId(), externalId.metadata()));
            }
            return save(copy(v, v.name(), v.phones(), ids));
        }

        @Override
        public synchronized Visitor detachExternalId(String visitorId, String entityId) {
            Visitor v = visitors.get(visitorId);
            if (v == null) {
                throw new VisitorNotFoundException(visitorId);
            }
            List<ExternalId> ids = new ArrayList<>(v.externalIds());
            ids.removeIf(e -> e.appId().equals(APP_ID) && e.entityId().equals(entityId));
            return save(copy(v, v.name(), v.phones(), ids));
        }

        @Override
        public synchronized Visitor register(VisitorRegistration r) {
            return register(r, RegistrationSource.APP);
        }

        synchronized Visitor register(VisitorRegistration r, RegistrationSource source) {
            Optional<Visitor> match = r.token() == null ? Optional.empty() : findByToken(r.token());
            if (match.isEmpty()) {
                match = byContact(r.phone(), r.email());
            }
            Visitor v;
            if (match.isPresent()) {
                Visitor m = match.get();
                v = save(copy(m, r.name() != null ? r.name() : m.name(),
                        r.phone() != null ? List.of(r.phone()) : m.phones(), m.externalIds()));
            } else {
                guest++;
                Instant now = Instant.now();
                v = save(new Visitor(UUID.randomUUID().toString(),
                        r.token() != null ? r.token() : UUID.randomUUID().toString(), "guest-" + guest, r.name(),
                        r.email() == null ? List.of() : List.of(r.email()),
                        r.phone() == null ? List.of() : List.of(r.phone()), null, null, Map.of(), List.of(), now, now));
            }
            for (RegistrationHook hook : hooks) {
                Event event = new Event(v, source);
                try {
                    hook.onVisitorRegistered(event, hookContext);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (ExternalId e : event.attached) {
                    v = attachExternalId(v.id(), e.identity());
                }
            }
            return v;
        }

        synchronized List<Visitor> all() {
            return new ArrayList<>(visitors.values());
        }

        private Optional<Visitor> byContact(String phone, String email) {
            if (phone != null) {
                String digits = phone.replaceAll("[^0-9]", "");
                return visitors.values().stream()
                        .filter(v -> v.phones().stream().anyMatch(p -> p.replaceAll("[^0-9]", "").equals(digits)))
                        .max(Comparator.comparing(Visitor::updatedAt));
            }
            if (email != null) {
                return visitors.values().stream()
                        .filter(v -> v.emails().stream().anyMatch(e -> e.equalsIgnoreCase(email)))
                        .max(Comparator.comparing(Visitor::updatedAt));
            }
            return Optional.empty();
        }

        private Visitor save(Visitor v) {
            visitors.put(v.id(), v);
            return v;
        }

        private static Visitor copy(Visitor v, String name, List<String> phones, List<ExternalId> ids) {
            return new Visitor(v.id(), v.token(), v.username(), name, v.emails(), phones, v.department(),
                    v.status(), v.livechatData(), ids, v.createdAt(), Instant.now());
        }
    }

    static final class Event implements RegistrationEvent {
        final Visitor visitor;
        final RegistrationSource source;
        final List<ExternalId> attached = new ArrayList<>();

        Event(Visitor visitor, RegistrationSource source) {
            this.visitor = visitor;
            this.source = source;
        }

        @Override
        public Visitor visitor() {
            return visitor;
        }

        @Override
        public RegistrationSource source() {
            return source;
        }

        @Override
        public void attachExternalId(String entityId, Map<String, Object> metadata) {
            attached.add(new ExternalId(APP_ID, entityId, metadata));
        }
    }

    static class Context implements AppContext {
        final Directory directory = new Directory();
        final Settings settings = new Settings();
        final Store store = new Store();
        final Json json = new Json();
        final Executor executor = new Executor();
        final Conversations conversations = new Conversations();
        final Http http = new Http();

        Context() {
            directory.hookContext = this;
            settings.values.put(BridgeSettings.VERIFY_TOKEN, "verify-me");
            settings.values.put(BridgeSettings.APP_SECRET, "test-secret");
        }

        @Override
        public String appId() {
            return APP_ID;
        }

        @Override
        public VisitorDirectory visitors() {
            return directory;
        }

        @Override
        public AppSettings settings() {
            return settings;
        }

        @Override
        public KeyValueStore store() {
            return store;
        }

        @Override
        public JsonCodec json() {
            return json;
        }

        @Override
        public AppExecutor executor() {
            return executor;
        }

        @Override
        public dev.switchboard.spi.Conversations conversations() {
            return conversations;
        }

        @Override
        public AppHttp http() {
            return http;
        }
    }

    /**
     * Conversations as the SPI describes them: one open room per visitor token, messages idempotent per channel
     * message id, receipts that only move forward. {@link #unavailable} makes every post refuse the room.
     */
    static final class Conversations implements dev.switchboard.spi.Conversations {
        final Map<String, dev.switchboard.spi.ChannelRoom> rooms = new LinkedHashMap<>();
        final Map<String, Posted> posted = new LinkedHashMap<>();
        final Map<String, Receipt> receipts = new LinkedHashMap<>();
        final List<String> agentMessages = new ArrayList<>();
        volatile boolean unavailable;
        /** Thrown by every post while set (the host failing). */
        volatile RuntimeException failure;

        /** A message in a room: what was posted, its current text, whether it was revoked. */
        record Posted(String roomId, String alias, InboundMessage message, String text, boolean revoked) {
        }

        @Override
        public synchronized dev.switchboard.spi.ChannelRoom openRoom(String visitorToken, String alias) {
            if (unavailable) {
                throw new dev.switchboard.spi.RoomUnavailableException("the visitor has an open room elsewhere");
            }
            return rooms.computeIfAbsent(visitorToken, t -> new dev.switchboard.spi.ChannelRoom(
                    "room-" + (rooms.size() + 1), "v-" + t, t, alias == null ? APP_ID : alias, true, true));
        }

        @Override
        public synchronized PostedMessage post(String visitorToken, String alias, InboundMessage message) {
            if (failure != null) {
                throw failure;
            }
            Posted existing = posted.get(message.channelMessageId());
            if (existing != null) {
                return new PostedMessage("m-" + message.channelMessageId(), existing.roomId(),
                        message.channelMessageId(), false);
            }
            dev.switchboard.spi.ChannelRoom room = openRoom(visitorToken, alias);
            posted.put(message.channelMessageId(), new Posted(room.id(), room.alias(), message, null, false));
            return new PostedMessage("m-" + message.channelMessageId(), room.id(), message.channelMessageId(), true);
        }

        @Override
        public synchronized Optional<PostedMessage> edit(String channelMessageId, String text) {
            Posted p = posted.get(channelMessageId);
            if (p == null || p.revoked()) {
                return Optional.empty();
            }
            posted.put(channelMessageId, new Posted(p.roomId(), p.alias(), p.message(), text, false));
            return Optional.of(new PostedMessage("m-" + channelMessageId, p.roomId(), channelMessageId, false));
        }

        @Override
        public synchronized boolean revoke(String channelMessageId) {
            Posted p = posted.get(channelMessageId);
            if (p == null || p.revoked()) {
                return false;
            }
            posted.put(channelMessageId, new Posted(p.roomId(), p.alias(), p.message(), p.text(), true));
            return true;
        }

        @Override
        public synchronized boolean receipt(String channelMessageId, Receipt receipt) {
            if (!agentMessages.contains(channelMessageId)) {
                return false;
            }
            Receipt current = receipts.get(channelMessageId);
            boolean forward = current == null || (receipt.status() == Receipt.Status.FAILED
                    ? current.status() != Receipt.Status.READ
                    : current.status() != Receipt.Status.FAILED && receipt.status().compareTo(current.status()) > 0);
            if (forward) {
                receipts.put(channelMessageId, receipt);
            }
            return true;
        }

        @Override
        public synchronized Optional<dev.switchboard.spi.ChannelRoom> findRoom(String roomId) {
            return rooms.values().stream().filter(r -> r.id().equals(roomId)).findFirst();
        }
    }

    /** The host's HTTP capability, answering every call with {@link #answer} and recording it. */
    static final class Http implements AppHttp {
        final List<HttpCall> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile java.util.function.Function<HttpCall, CompletionStage<HttpResult>> answer =
                call -> CompletableFuture.completedFuture(new HttpResult(200, Map.of(),
                        ("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.OUT-" + (calls.size())
                                + "\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        @Override
        public CompletionStage<HttpResult> send(HttpCall call) {
            calls.add(call);
            return answer.apply(call);
        }
    }
}
