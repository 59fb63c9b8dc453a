package dev.switchboard.core.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.auth.AuthService;
import dev.switchboard.core.auth.User;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.error.Failures;
import dev.switchboard.core.visitor.RandomIds;
import io.vertx.core.Context;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One websocket speaking DDP. Its messages are handled on its event loop, one at a time and in order, as Meteor
 * does (a subscription is {@code ready} before the next message is read); pings are answered at once. Stream
 * events are written from whichever thread delivers them and never wait: a connection whose client has not taken
 * {@link DdpLimits#maxPendingBytes} of written frames is closed instead.
 */
final class DdpSession {
    /** The DDP versions Meteor's server speaks, best first. */
    static final List<String> VERSIONS = List.of("1", "pre2", "pre1");
    private static final Logger LOG = LoggerFactory.getLogger(DdpSession.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final short NORMAL_CLOSURE = 1000;
    private static final short GOING_AWAY = 1001;
    private static final short PROTOCOL_ERROR = 1002;
    private static final short POLICY_VIOLATION = 1008;
    private static final short MESSAGE_TOO_BIG = 1009;
    private static final short TRY_AGAIN_LATER = 1013;

    private final DdpServer server;
    private final ServerWebSocket socket;
    private final Context context;
    private final LoopWrites loopWrites;
    private final DdpLimits limits;
    private final ArrayDeque<JsonNode> inbox = new ArrayDeque<>();
    private final Map<String, StreamBus.Subscription> subscriptions = new HashMap<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private String id;
    private String version;
    private volatile User user;
    /** The resume token the user logged in with, kept to check that it still logs in ({@link #recheckLogin}). */
    private volatile String loginToken;
    private volatile long loginCheckedAt;
    private volatile String visitorToken;
    private boolean busy;
    private boolean paused;
    private int badMessages;
    private long lastHeard = System.nanoTime();
    private boolean pinged;
    private long heartbeatTimer;
    private boolean cleanedUp;
    private volatile boolean closed;

    /** {@code loopWrites}: stream frames for the sessions of this one's event loop. */
    DdpSession(DdpServer server, ServerWebSocket socket, Context context, LoopWrites loopWrites) {
        this.server = server;
        this.socket = socket;
        this.context = context;
        this.loopWrites = loopWrites;
        this.limits = server.limits();
    }

    /** On the socket's event loop, right after the upgrade. */
    void start() {
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(binary -> protocolError("Bad request", null));
        socket.exceptionHandler(this::refused);
        socket.closeHandler(ignored -> cleanUp());
        long tick = Math.max(1, limits.heartbeat().toMillis() / 2);
        heartbeatTimer = context.owner().setPeriodic(tick, ignored -> heartbeat());
        send(DdpFrames.SERVER_ID);
    }

    // ---- what methods and subscriptions see ----

    /** The DDP session id (null before {@code connect}); also the origin of events this connection causes. */
    String id() {
        return id;
    }

    User user() {
        return user;
    }

    /** Logs the connection in as {@code user} by {@code token}, or out (both null). */
    void login(User user, String token) {
        this.user = user;
        this.loginToken = token;
        loginCheckedAt = System.nanoTime();
        server.loggedIn(this, user == null ? null : user.id());
        if (closed) {
            server.loggedIn(this, null); // the connection ended while the login was looked up: not kept
        }
    }

    /**
     * On the event loop: checks that the login token still logs in, as the user it now is. A token revoked (a
     * logout elsewhere, a removed personal access token) ends the connection, as Meteor closes the connections of
     * a removed login token; a database that does not answer leaves the connection as it is until the next check.
     */
    void recheckLogin() {
        String token = loginToken;
        if (token == null || closed) {
            return;
        }
        loginCheckedAt = System.nanoTime();
        server.auth().resume(token).whenComplete((found, failure) -> context.runOnContext(ignored -> {
            if (failure != null || !token.equals(loginToken)) {
                return;
            }
            if (found.isEmpty()) {
                close(NORMAL_CLOSURE, "Logged out");
            } else {
                user = found.get().user();
            }
        }));
    }

    /** Remembers the visitor of this connection, once: later calls change nothing, as in Rocket.Chat. */
    void visitorToken(String token) {
        if (visitorToken == null) {
            visitorToken = token;
        }
    }

    Context context() {
        return context;
    }

    boolean isClosed() {
        return closed;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    boolean hasSubscription(String subscriptionId) {
        return subscriptions.containsKey(subscriptionId);
    }

    /** On the event loop: starts hearing {@code stream}'s {@code eventName} for subscription {@code subscriptionId}. */
    void subscribe(String subscriptionId, String stream, String eventName) {
        subscriptions.put(subscriptionId, server.bus().subscribe(stream, eventName, this::hear));
    }

    /**
     * As {@link #subscribe}, for a subscription the logged-in user's rights on room {@code rid} allowed: when users
     * leave that room, {@code left} decides whether the subscription ends.
     */
    void subscribeGuarded(String subscriptionId, String stream, String eventName, String rid,
                          Consumer<StreamEvent> left) {
        StreamBus.Subscription events = server.bus().subscribe(stream, eventName, this::hear);
        StreamBus.Subscription leaving = server.bus().subscribe(StreamEvent.ROOM_LEFT, rid, left);
        subscriptions.put(subscriptionId, () -> {
            events.close();
            leaving.close();
        });
    }

    /** On the event loop: stops subscription {@code subscriptionId}, if it exists. */
    void unsubscribe(String subscriptionId) {
        StreamBus.Subscription subscription = subscriptions.remove(subscriptionId);
        if (subscription != null) {
            subscription.close();
        }
    }

    /**
     * Writes one frame, from any thread, without waiting. Past {@link DdpLimits#maxPendingBytes} not yet taken by
     * the client, the connection is closed instead: a slow or dead client costs its own connection only.
     */
    void send(String frame) {
        if (closed) {
            return;
        }
        int size = frame.length();
        if (pendingBytes.addAndGet(size) > limits.maxPendingBytes()) {
            close(TRY_AGAIN_LATER, "Too slow");
            return;
        }
        socket.writeTextMessage(frame).onComplete(ignored -> pendingBytes.addAndGet(-size));
    }

    /** Answers a message that is not DDP; past {@link DdpLimits#maxBadMessages} the connection is closed. */
    void protocolError(String reason, JsonNode offendingMessage) {
        send(DdpFrames.error(reason, offendingMessage));
        if (++badMessages > limits.maxBadMessages()) {
            close(POLICY_VIOLATION, "Too many bad messages");
        }
    }

    // ---- incoming ----

    private void onText(String text) {
        lastHeard = System.nanoTime();
        pinged = false;
        JsonNode message = parse(text);
        JsonNode kind = message == null ? null : message.get("msg");
        if (kind == null || !kind.isTextual()) {
            protocolError("Bad request", message);
            return;
        }
        String msg = kind.asText();
        if (msg.equals("connect")) {
            if (id != null) {
                protocolError("Already connected", message);
            } else {
                connect(message);
            }
            return;
        }
        if (id == null) {
            protocolError("Must connect first", message);
            return;
        }
        if (!version.equals("pre1") && msg.equals("ping")) {
            send(DdpFrames.pong(message.get("id")));
            return;
        }
        if (!version.equals("pre1") && msg.equals("pong")) {
            return;
        }
        inbox.add(message);
        if (inbox.size() > limits.maxQueuedMessages() && !paused) {
            paused = true;
            socket.pause();
        }
        drain();
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Meteor's handshake: the client proposes {@code version} from its {@code support} list; the server answers
     * {@code connected} when that is the best version both speak, else {@code failed} with the one to use.
     */
    private void connect(JsonNode message) {
        JsonNode proposed = message.get("version");
        JsonNode support = message.get("support");
        boolean wellFormed = proposed != null && proposed.isTextual() && support != null && support.isArray();
        if (wellFormed) {
            boolean listed = false;
            for (JsonNode supported : support) {
                wellFormed &= supported.isTextual();
                listed |= supported.asText().equals(proposed.asText());
            }
            wellFormed &= listed;
        }
        if (!wellFormed) {
            failed(VERSIONS.get(0));
            return;
        }
        String best = VERSIONS.get(0);
        for (JsonNode supported : support) {
            if (VERSIONS.contains(supported.asText())) {
                best = supported.asText();
                break;
            }
        }
        if (!best.equals(proposed.asText())) {
            failed(best);
            return;
        }
        version = best;
        id = RandomIds.id();
        send(DdpFrames.connected(id));
    }

    private void failed(String suggested) {
        send(DdpFrames.failed(suggested));
        close((short) 1000, null);
    }

    /** Handles queued messages one after another; each may wait for the database, never on the event loop. */
    private void drain() {
        while (!busy && !inbox.isEmpty() && !closed) {
            JsonNode message = inbox.poll();
            busy = true;
            CompletableFuture<Void> handled;
            try {
                handled = handle(message);
            } catch (RuntimeException e) {
                handled = CompletableFuture.failedFuture(e);
            }
            handled.whenComplete((ignored, failure) -> context.runOnContext(next -> {
                if (failure != null) {
                    LOG.warn("A websocket message failed: {}", failure.toString());
                }
                busy = false;
                if (paused && inbox.size() <= limits.maxQueuedMessages() / 2) {
                    paused = false;
                    socket.resume();
                }
                drain();
            }));
        }
    }

    private CompletableFuture<Void> handle(JsonNode message) {
        switch (message.get("msg").asText()) {
            case "method":
                return server.methods().call(this, message);
            case "sub":
                return server.subscriptions().start(this, message);
            case "unsub":
                return server.subscriptions().stop(this, message);
            default:
                protocolError("Bad request", message);
                return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * A frame the server refuses ends the connection: a message bigger than {@link DdpLimits#maxMessageBytes}
     * (Vert.x refuses to gather it) with 1009, a malformed frame with its own code. A connection that is gone
     * already needs nothing more: its close handler cleans up.
     */
    private void refused(Throwable failure) {
        LOG.debug("Websocket failed: {}", failure.toString());
        if (failure instanceof HttpClosedException) {
            return;
        }
        if (failure instanceof CorruptedWebSocketFrameException corrupted) {
            close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else if (failure instanceof IllegalStateException) {
            close(MESSAGE_TOO_BIG, "Message too big");
        } else {
            close(PROTOCOL_ERROR, "Protocol error");
        }
    }

    // ---- heartbeat and the end ----

    /** Meteor's heartbeat: a ping after one period of silence, the close after another. */
    private void heartbeat() {
        if (loginToken != null && System.nanoTime() - loginCheckedAt >= AuthService.CACHE_TTL.toNanos()) {
            recheckLogin(); // a revocation on another node: no node keeps a revoked login much longer than that
        }
        long silentMillis = (System.nanoTime() - lastHeard) / 1_000_000;
        long period = limits.heartbeat().toMillis();
        if (silentMillis >= 2 * period || (silentMillis >= period && (id == null || version.equals("pre1")))) {
            close(GOING_AWAY, "Heartbeat timed out");
        } else if (silentMillis >= period && !pinged) {
            pinged = true;
            send(DdpFrames.PING);
        }
    }

    /** Closes the connection from any thread; its subscriptions end at once. */
    void close(short code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        context.runOnContext(ignored -> {
            cleanUp();
            if (reason == null) {
                socket.close(code);
            } else {
                socket.close(code, reason);
            }
        });
    }

    private void cleanUp() {
        closed = true;
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        context.owner().cancelTimer(heartbeatTimer);
        server.loggedIn(this, null);
        subscriptions.values().forEach(StreamBus.Subscription::close);
        subscriptions.clear();
        inbox.clear();
        server.ended();
        String token = visitorToken;
        if (token != null) {
            server.presence().statusChanged(token, "offline").whenComplete((ignored, failure) -> {
                if (Failures.cause(failure) instanceof ApiError refused) {
                    // A token nobody registered (setUpConnection takes any): nothing to mark, nothing to report.
                    LOG.debug("No visitor to mark offline: {}", refused.getMessage());
                } else if (failure != null) {
                    LOG.warn("Could not mark a visitor offline: {}", failure.toString());
                }
            });
        }
    }

    /** A stream event for one of this connection's subscriptions; never one this connection caused itself. */
    private void hear(StreamEvent event) {
        if (event.origin() != null && event.origin().equals(id)) {
            return;
        }
        loopWrites.write(this, DdpFrames.changed(event)); // rendered once per event, written on this loop
    }
}
