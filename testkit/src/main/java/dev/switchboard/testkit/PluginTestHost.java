package dev.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.SwitchboardHost;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.testing.ApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A real Switchboard host, started in the test's JVM on a free port with a fresh SQLite database, with the plugin
 * under test loaded through pf4j exactly as in production, and HTTP clients for its endpoints, the visitor API
 * and the admin API. Close it to stop the host.
 *
 * <p>The plugin comes from its packaged jar ({@link #forPluginJar()}, for {@code *IT} tests that Failsafe runs
 * after {@code package}) or from its compiled classes ({@link #forPluginClasses()}, for Surefire tests; the host
 * shows a plugin nothing of the class path but its own classes, so this suits plugins that bundle no libraries).
 * {@code switchboard-plugin-parent} passes both locations as system properties.
 *
 * <p>For channel apps: {@link #loginAgent(String)} creates an agent and logs it in; its {@link Agent#send} writes
 * into a room as {@code chat.sendMessage} does (the host hands the message to the app's sender), and
 * {@link Agent#messages} reads a room as agents do ({@code chat.syncMessages}, with each message's {@code channel}
 * status); {@link #history(String, String)} reads it as the visitor does.
 *
 * <pre>{@code
 * try (PluginTestHost host = PluginTestHost.forPluginJar().setting("apiToken", "t-1").start()) {
 *     assertEquals("auto_enabled", host.app().get("status").asText());
 *     ApiClient.Response answer = host.post("webhook", "{\"from\":\"+15550100\"}");
 * }
 * }</pre>
 */
public final class PluginTestHost implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SwitchboardHost host;
    private final String appId;
    private final ApiClient client;
    private final ApiClient admin;

    private PluginTestHost(SwitchboardHost host, String appId, String adminToken) {
        this.host = host;
        this.appId = appId;
        this.client = new ApiClient("http://127.0.0.1:" + host.port());
        this.admin = client.withHeaders(Map.of("X-User-Id", "admin", "X-Auth-Token", adminToken));
    }

    /**
     * A host with the jar named by the system property {@code switchboard.plugin.jar} (set by
     * {@code switchboard-plugin-parent} for Failsafe).
     *
     * @return the builder
     */
    public static Builder forPluginJar() {
        return withJar(Path.of(property("switchboard.plugin.jar")));
    }

    /**
     * A host with the classes in {@code switchboard.plugin.classes} loaded as plugin {@code switchboard.plugin.id}
     * (system properties set by {@code switchboard-plugin-parent} for Surefire).
     *
     * @return the builder
     */
    public static Builder forPluginClasses() {
        return withClasses(Path.of(property("switchboard.plugin.classes")), property("switchboard.plugin.id"));
    }

    /**
     * A host with this plugin jar.
     *
     * @param jar the jar
     * @return the builder
     */
    public static Builder withJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no plugin jar " + jar + ": run the test after the package phase");
        }
        return new Builder(jar, null, null);
    }

    /**
     * A host with these compiled classes as a plugin: they are put in a jar with the pf4j manifest entries.
     *
     * @param classes  the output directory of the compiler (with {@code META-INF/extensions.idx})
     * @param pluginId the app id
     * @return the builder
     */
    public static Builder withClasses(Path classes, String pluginId) {
        if (!Files.isRegularFile(classes.resolve("META-INF/extensions.idx"))) {
            throw new IllegalStateException(classes + " has no META-INF/extensions.idx: compile the plugin with"
                    + " pf4j's annotation processor (switchboard-plugin-parent declares it)");
        }
        return new Builder(null, classes, pluginId);
    }

    /** What to start: the plugin, settings to save once it is loaded, and the host's configuration. */
    public static final class Builder {
        private final Path jar;
        private final Path classes;
        private final String pluginId;
        private final Map<String, Object> settings = new LinkedHashMap<>();

        private Builder(Path jar, Path classes, String pluginId) {
            this.jar = jar;
            this.classes = classes;
            this.pluginId = pluginId;
        }

        /**
         * Saves a setting through the admin API right after start, as an operator would.
         *
         * @param id    the setting id
         * @param value its value (a string, a boolean or a number)
         * @return this
         */
        public Builder setting(String id, Object value) {
            settings.put(id, value);
            return this;
        }

        /**
         * Starts the host and saves the settings.
         *
         * @return the running host
         * @throws Exception if the host cannot start, or the admin API refuses the settings
         */
        public PluginTestHost start() throws Exception {
            Path dir = Files.createTempDirectory("switchboard-plugin-test");
            HostConfig.Builder config = HostConfig.embedded(dir);
            Path plugins = config.build().pluginsDir();
            String appId;
            if (jar != null) {
                Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                appId = manifestId(jar);
            } else {
                packClasses(classes, pluginId, plugins.resolve(pluginId + ".jar"));
                appId = pluginId;
            }
            String adminToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            PluginTestHost started = new PluginTestHost(SwitchboardHost.start(config.adminToken(adminToken).build()),
                    appId, adminToken);
            if (!settings.isEmpty()) {
                ApiClient.Response saved = started.saveSettings(settings);
                if (saved.status() != 200) {
                    started.close();
                    throw new IllegalStateException("the admin API refused the settings: " + saved);
                }
            }
            return started;
        }
    }

    /**
     * Returns the app id (the plugin id) of the plugin under test.
     *
     * @return the app id
     */
    public String appId() {
        return appId;
    }

    /**
     * Returns a client without credentials: the visitor API ({@code /api/v1/livechat/...}) and the app's endpoints.
     *
     * @return the client
     */
    public ApiClient client() {
        return client;
    }

    /**
     * Returns a client with the admin's credentials ({@code /api/apps/...}, operators' routes).
     *
     * @return the client
     */
    public ApiClient admin() {
        return admin;
    }

    /**
     * Returns the port the host listens on (127.0.0.1).
     *
     * @return the port
     */
    public int port() {
        return host.port();
    }

    /**
     * Calls {@code GET /api/apps/public/{appId}/{path}}.
     *
     * @param path the endpoint path, with an optional query string
     * @return the answer
     */
    public ApiClient.Response get(String path) {
        return client.get(endpoint(path));
    }

    /**
     * Calls {@code POST /api/apps/public/{appId}/{path}} with a JSON body.
     *
     * @param path the endpoint path
     * @param json the body
     * @return the answer
     */
    public ApiClient.Response post(String path, String json) {
        return client.post(endpoint(path), json);
    }

    /**
     * Returns the path of one of the app's endpoints, for requests of other shapes through {@link #client()}.
     *
     * @param path the endpoint path
     * @return {@code /api/apps/public/{appId}/{path}}
     */
    public String endpoint(String path) {
        return "/api/apps/public/" + appId + "/" + path;
    }

    /**
     * Returns the app as the admin API shows it ({@code GET /api/apps/{appId}}): {@code status},
     * {@code statusReason}, {@code settings} (secret values never shown).
     *
     * @return the app object
     */
    public JsonNode app() {
        ApiClient.Response answer = admin.get("/api/apps/" + appId);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /api/apps/" + appId + " answered " + answer);
        }
        return answer.json().get("app");
    }

    /**
     * Saves settings through the admin API, all or nothing; a refused value is a 400 with the host's or the app's
     * message.
     *
     * @param values values by setting id ({@code null} clears one)
     * @return the answer
     */
    public ApiClient.Response saveSettings(Map<String, Object> values) {
        ObjectNode body = JSON.createObjectNode();
        body.set("settings", JSON.valueToTree(values));
        return admin.post("/api/apps/" + appId + "/settings", body.toString());
    }

    /**
     * Registers a visitor through the visitor API ({@code POST /api/v1/livechat/visitor}), so the app's hooks run.
     *
     * @param token the visitor token
     * @param phone a phone number, or null
     * @param email an email address, or null
     * @return the answer's {@code visitor}, with its {@code externalIds}
     */
    public JsonNode registerVisitor(String token, String phone, String email) {
        ObjectNode visitor = JSON.createObjectNode().put("token", token);
        if (phone != null) {
            visitor.put("phone", phone);
        }
        if (email != null) {
            visitor.put("email", email);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("visitor", visitor);
        ApiClient.Response answer = client.post("/api/v1/livechat/visitor", body.toString());
        if (answer.status() != 200) {
            throw new IllegalStateException("POST /api/v1/livechat/visitor answered " + answer);
        }
        return answer.json().get("visitor");
    }

    /**
     * Reads a visitor through the visitor API ({@code GET /api/v1/livechat/visitor/:token}).
     *
     * @param token the visitor token
     * @return the answer's {@code visitor}, with its {@code externalIds}
     */
    public JsonNode visitor(String token) {
        ApiClient.Response answer = client.get("/api/v1/livechat/visitor/" + token);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /api/v1/livechat/visitor/" + token + " answered " + answer);
        }
        return answer.json().get("visitor");
    }

    /**
     * Creates a user with the {@code agent} role through the admin API and logs it in with its password,
     * as an agent's client does: a logged-in available agent is online, so new rooms are routed to it, and it takes
     * a queued room by writing into it.
     *
     * @param username the agent's username, unique in this host
     * @return the logged-in agent
     */
    public Agent loginAgent(String username) {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        ObjectNode user = JSON.createObjectNode().put("username", username).put("name", "Agent " + username)
                .put("email", username + "@example.com").put("password", password);
        user.putArray("roles").add("agent");
        ApiClient.Response created = admin.post("/api/v1/users.create", user.toString());
        if (created.status() != 200) {
            throw new IllegalStateException("POST /api/v1/users.create answered " + created);
        }
        ApiClient.Response login = client.post("/api/v1/login", JSON.createObjectNode().put("user", username)
                .put("password", password).toString());
        if (login.status() != 200) {
            throw new IllegalStateException("POST /api/v1/login answered " + login);
        }
        JsonNode data = login.json().get("data");
        String id = data.get("userId").asText();
        return new Agent(id, username, client.withHeaders(Map.of("X-User-Id", id,
                "X-Auth-Token", data.get("authToken").asText())));
    }

    /** A logged-in agent of the host, with a client carrying its login token. */
    public static final class Agent {
        private final String id;
        private final String username;
        private final ApiClient client;

        private Agent(String id, String username, ApiClient client) {
            this.id = id;
            this.username = username;
            this.client = client;
        }

        /**
         * Returns the agent's user id.
         *
         * @return the id
         */
        public String id() {
            return id;
        }

        /**
         * Returns the agent's username.
         *
         * @return the username
         */
        public String username() {
            return username;
        }

        /**
         * Returns a client authenticated as this agent, for the rest of the agents' API.
         *
         * @return the client
         */
        public ApiClient client() {
            return client;
        }

        /**
         * Writes into a room ({@code POST /api/v1/chat.sendMessage}); in a channel app's room the host hands the
         * message to the app's sender and shows its status in the message's {@code channel} member.
         *
         * @param roomId the room
         * @param text   the message
         * @return the stored message ({@code _id}, {@code msg}, {@code channel.status} {@code pending})
         * @throws IllegalStateException if the host refuses it
         */
        public JsonNode send(String roomId, String text) {
            ObjectNode message = JSON.createObjectNode().put("rid", roomId).put("msg", text);
            ObjectNode body = JSON.createObjectNode();
            body.set("message", message);
            ApiClient.Response answer = client.post("/api/v1/chat.sendMessage", body.toString());
            if (answer.status() != 200) {
                throw new IllegalStateException("POST /api/v1/chat.sendMessage answered " + answer);
            }
            return answer.json().get("message");
        }

        /**
         * Reads a room's messages as agents do ({@code GET /api/v1/chat.syncMessages} since the epoch).
         *
         * @param roomId the room
         * @return the messages, with the channel member of channel apps' messages
         * @throws IllegalStateException if the host refuses it
         */
        public List<JsonNode> messages(String roomId) {
            ApiClient.Response answer = client.get("/api/v1/chat.syncMessages?roomId=" + roomId
                    + "&lastUpdate=1970-01-01T00:00:00.000Z");
            if (answer.status() != 200) {
                throw new IllegalStateException("GET /api/v1/chat.syncMessages answered " + answer);
            }
            List<JsonNode> messages = new ArrayList<>();
            answer.json().get("result").get("updated").forEach(messages::add);
            return messages;
        }

        /**
         * Reads one message of a room as agents do.
         *
         * @param roomId    the room
         * @param messageId the message's {@code _id}
         * @return the message
         * @throws IllegalStateException if the room has no such message
         */
        public JsonNode message(String roomId, String messageId) {
            return messages(roomId).stream().filter(m -> m.path("_id").asText().equals(messageId)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no message " + messageId + " in " + roomId));
        }
    }

    /**
     * Reads a room as its visitor does ({@code GET /api/v1/livechat/messages.history/:rid?token=}), newest first.
     *
     * @param visitorToken the visitor's token
     * @param roomId       the room
     * @return the messages
     */
    public List<JsonNode> history(String visitorToken, String roomId) {
        ApiClient.Response answer = client.get("/api/v1/livechat/messages.history/" + roomId + "?token="
                + visitorToken);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /api/v1/livechat/messages.history answered " + answer);
        }
        List<JsonNode> messages = new ArrayList<>();
        answer.json().get("messages").forEach(messages::add);
        return messages;
    }

    @Override
    public void close() {
        host.close();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: inherit"
                    + " dev.switchboard:switchboard-plugin-parent, or use withJar/withClasses");
        }
        return value;
    }

    private static String manifestId(Path jar) throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String id = manifest == null ? null : manifest.getMainAttributes().getValue("Plugin-Id");
            if (id == null) {
                throw new IllegalStateException(jar + " has no Plugin-Id in its manifest");
            }
            return id;
        }
    }

    /** The classes as a plugin jar: the pf4j entries the parent POM writes, any SPI version accepted. */
    private static void packClasses(Path classes, String pluginId, Path target) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Version", "0.0.0");
        main.putValue("Plugin-Requires", "*");
        try (OutputStream file = Files.newOutputStream(target);
             JarOutputStream jar = new JarOutputStream(file, manifest);
             Stream<Path> tree = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) tree.filter(Files::isRegularFile).sorted()::iterator) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                Files.copy(path, jar);
                jar.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
