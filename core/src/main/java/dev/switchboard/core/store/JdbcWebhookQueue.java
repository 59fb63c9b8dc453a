package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery side of the webhook outbox ({@link DeskEvents} writes it). Events wait in lanes (a room, or one
 * offline message); a node delivers a lane while it holds the lane's lease, one event at a time in seq order, so a
 * lane's events reach the receiver in order and each is sent by one node. A lease is taken with a conditional
 * UPDATE (PostgreSQL adds {@code FOR UPDATE SKIP LOCKED}, so claiming nodes pass over each other's rows) and lapses
 * when its node stops renewing it (kill -9): another node, or the same one restarted, then takes the lane over.
 * A dispatcher's whole round of database work (acknowledgements, retries, dead letters, renewals, claims and
 * loading) is one transaction: {@link #cycle}.
 */
public final class JdbcWebhookQueue {
    private static final String EVENT_COLUMNS = "seq, id, lane, type, body, queued_at, attempts";
    /** Lanes loaded per statement (its text is one of a handful: chunks are padded to a power of two). */
    private static final int LOAD_CHUNK = 128;

    private final Database database;

    public JdbcWebhookQueue(Database database) {
        this.database = database;
    }

    /** A pending event as the dispatcher sends it. */
    public record Event(long seq, String id, String lane, String type, String body, long queuedAt, int attempts) { }

    /** An event that failed and is tried again at {@code nextAttemptAt} (its lane waits until then). */
    public record Retry(Event event, int attempts, String error, long nextAttemptAt) { }

    /** An event given up on: it becomes a dead letter. */
    public record Dead(Event event, int attempts, String error) { }

    /**
     * One dispatcher round for node {@code owner} at {@code now}.
     *
     * @param idleLanes  lanes this node holds with nothing left to send: released when empty, else loaded
     * @param claim      how many more lanes the node takes on
     * @param renew      whether to extend the node's leases to {@code leaseUntil}
     * @param batch      how many events to load per lane
     */
    public record Round(String owner, long now, long leaseUntil, boolean renew, List<Event> delivered,
                       List<Retry> retries, List<Dead> dead, List<String> idleLanes, int claim, int batch) { }

    /** What a round found: lanes the node no longer holds, and events loaded per lane (new lanes among them). */
    public record RoundResult(Set<String> released, Map<String, List<Event>> loaded) { }

    /** A dead letter, for the admin API. */
    public record DeadLetter(String id, String lane, String type, String body, long queuedAt, int attempts,
                             String lastError, long deadAt) { }

    /**
     * Runs {@code round} in one transaction, not synced on its own ({@link Durability#CRASH_SAFE}): a round a power
     * loss undoes only re-sends what it acknowledged (at least once), retries again, or frees a lease early.
     */
    public CompletableFuture<RoundResult> cycle(Round round) {
        return database.transactions().submit(connection -> {
            acknowledge(connection, round.delivered());
            retry(connection, round.retries());
            bury(connection, round.dead(), round.now());
            if (round.renew()) {
                ConversationRows.update(connection, "UPDATE webhook_lanes SET lease_until = ? WHERE lease_owner = ?",
                        round.leaseUntil(), round.owner());
            }
            List<String> toLoad = stillHeld(connection, round.idleLanes(), round.owner());
            Set<String> released = new HashSet<>(round.idleLanes());
            toLoad.forEach(released::remove);
            if (round.claim() > 0) {
                toLoad.addAll(claim(connection, round));
            }
            return new RoundResult(released, load(connection, toLoad, round.batch()));
        }, Durability.CRASH_SAFE);
    }

    /** Gives up every lease {@code owner} holds (a clean stop), so other nodes take its lanes at once. */
    public CompletableFuture<Void> release(String owner) {
        return database.transactions().submit(connection -> {
            ConversationRows.update(connection, "UPDATE webhook_lanes SET lease_owner = NULL, lease_until = NULL "
                    + "WHERE lease_owner = ?", owner);
            return null;
        });
    }

    /**
     * At start-up on SQLite, which one node uses at a time: leases left by an earlier run of the host (killed)
     * lapse now instead of after their time.
     */
    public CompletableFuture<Void> releaseLeftoversOfSingleNode() {
        if (database.dialect().supportsNotify()) {
            return CompletableFuture.completedFuture(null);
        }
        // Read first: a start-up without leftovers (the usual one) writes nothing.
        return database.read(connection -> ConversationRows.count(connection,
                "SELECT count(*) FROM webhook_lanes WHERE lease_owner IS NOT NULL")).thenCompose(held -> held == 0
                ? CompletableFuture.completedFuture(null)
                : database.transactions().submit(connection -> {
                    ConversationRows.update(connection,
                            "UPDATE webhook_lanes SET lease_owner = NULL, lease_until = NULL");
                    return null;
                }));
    }

    /** A page of dead letters, oldest first, and how many there are. */
    public CompletableFuture<Page<DeadLetter>> deadLetters(int offset, int count) {
        return database.read(connection -> {
            long total = ConversationRows.count(connection,
                    "SELECT count(*) FROM webhook_events WHERE status = 'dead'");
            List<DeadLetter> letters = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, lane, type, body, queued_at, "
                    + "attempts, last_error, dead_at FROM webhook_events WHERE status = 'dead' ORDER BY seq "
                    + "LIMIT ? OFFSET ?")) {
                ConversationRows.bind(statement, count, offset);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        letters.add(new DeadLetter(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getLong(5), rows.getInt(6), rows.getString(7),
                                rows.getLong(8)));
                    }
                }
            }
            return new Page<>(letters, total);
        });
    }

    /**
     * Queues the dead letters {@code ids} again, each at the end of its lane with its id and body unchanged and a
     * new retry window from {@code now}; answers the ids replayed (unknown or not dead ones are skipped).
     */
    public CompletableFuture<List<String>> replay(List<String> ids, long now) {
        return database.transactions().submit(connection -> {
            List<String> replayed = new ArrayList<>();
            for (String id : ids) {
                List<DeadLetter> found = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement("SELECT lane, type, body FROM "
                        + "webhook_events WHERE id = ? AND status = 'dead'" + database.dialect().rowLock())) {
                    statement.setString(1, id);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (rows.next()) {
                            found.add(new DeadLetter(id, rows.getString(1), rows.getString(2), rows.getString(3),
                                    now, 0, null, 0));
                        }
                    }
                }
                if (found.isEmpty()
                        || ConversationRows.update(connection, "DELETE FROM webhook_events WHERE id = ? AND "
                        + "status = 'dead'", id) == 0) {
                    continue;
                }
                DeadLetter letter = found.get(0);
                enqueue(connection, List.of(new Queued(id, letter.lane(), letter.type(), letter.body())), now);
                replayed.add(id);
            }
            return replayed;
        });
    }

    /** An event to append to its lane: its id ({@code X-Switchboard-Event-Id}), lane, wire type and body. */
    record Queued(String id, String lane, String type, String body) { }

    /**
     * Appends {@code events} (in their order) to their lanes: counts them on their lanes first (an upsert per lane,
     * in lane order, that locks the lane's row until commit), then inserts them with multi-row inserts, so their
     * seqs are drawn under those locks and a lane's seq order is its commit order on PostgreSQL too.
     */
    static void enqueue(Connection connection, List<Queued> events, long now) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Map<String, Integer> perLane = new TreeMap<>();
        for (Queued event : events) {
            perLane.merge(event.lane(), 1, Integer::sum);
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO webhook_lanes (lane, pending, "
                + "next_attempt_at) VALUES (?, ?, ?) ON CONFLICT (lane) DO UPDATE SET pending = webhook_lanes.pending "
                + "+ excluded.pending")) {
            for (Map.Entry<String, Integer> lane : perLane.entrySet()) {
                ConversationRows.bind(statement, lane.getKey(), lane.getValue(), now);
                statement.addBatch();
            }
            statement.executeBatch();
        }
        for (List<Queued> run : InLists.powerOfTwoRuns(events)) {
            insertRun(connection, run, now);
        }
    }

    /** Inserts {@code rows} with one multi-row statement, in their order: their seqs follow it. */
    private static void insertRun(Connection connection, List<Queued> rows, long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO webhook_events (id, lane, type, "
                + "body, queued_at) VALUES " + InLists.rows("(?, ?, ?, ?, ?)", rows.size())
                + " ON CONFLICT (id) DO NOTHING")) {
            int index = 1;
            for (Queued event : rows) {
                statement.setString(index++, event.id());
                statement.setString(index++, event.lane());
                statement.setString(index++, event.type());
                statement.setString(index++, event.body());
                statement.setLong(index++, now);
            }
            statement.executeUpdate();
        }
    }

    /**
     * Deletes delivered events with one statement (a second acknowledgement of one changes nothing) and uncounts
     * those it deleted on their lanes.
     */
    private static void acknowledge(Connection connection, List<Event> delivered) throws SQLException {
        if (delivered.isEmpty()) {
            return;
        }
        List<Long> seqs = InLists.padded(delivered.stream().map(Event::seq).toList());
        Map<String, Integer> perLane = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM webhook_events WHERE seq IN ("
                + InLists.markers(seqs.size()) + ") AND status = 'pending' RETURNING lane")) {
            ConversationRows.bind(statement, seqs.toArray());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    perLane.merge(rows.getString(1), 1, Integer::sum);
                }
            }
        }
        uncount(connection, perLane);
    }

    private static void retry(Connection connection, List<Retry> retries) throws SQLException {
        if (retries.isEmpty()) {
            return;
        }
        try (PreparedStatement events = connection.prepareStatement(
                "UPDATE webhook_events SET attempts = ?, last_error = ? WHERE seq = ?");
             PreparedStatement lanes = connection.prepareStatement(
                     "UPDATE webhook_lanes SET next_attempt_at = ? WHERE lane = ?")) {
            for (Retry retry : retries) {
                ConversationRows.bind(events, retry.attempts(), retry.error(), retry.event().seq());
                events.addBatch();
                ConversationRows.bind(lanes, retry.nextAttemptAt(), retry.event().lane());
                lanes.addBatch();
            }
            events.executeBatch();
            lanes.executeBatch();
        }
    }

    private static void bury(Connection connection, List<Dead> dead, long now) throws SQLException {
        if (dead.isEmpty()) {
            return;
        }
        int[] buried;
        try (PreparedStatement statement = connection.prepareStatement("UPDATE webhook_events SET status = 'dead', "
                + "attempts = ?, last_error = ?, dead_at = ? WHERE seq = ? AND status = 'pending'")) {
            for (Dead letter : dead) {
                ConversationRows.bind(statement, letter.attempts(), letter.error(), now, letter.event().seq());
                statement.addBatch();
            }
            buried = statement.executeBatch();
        }
        Map<String, Integer> perLane = new TreeMap<>();
        for (int i = 0; i < buried.length; i++) {
            if (buried[i] > 0) {
                perLane.merge(dead.get(i).event().lane(), 1, Integer::sum);
            }
        }
        uncount(connection, perLane);
    }

    private static void uncount(Connection connection, Map<String, Integer> perLane) throws SQLException {
        if (perLane.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE webhook_lanes SET pending = pending - ? WHERE lane = ?")) {
            for (Map.Entry<String, Integer> lane : perLane.entrySet()) {
                ConversationRows.bind(statement, lane.getValue(), lane.getKey());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Which of {@code lanes} {@code owner} still holds with events left (one statement to delete the emptied ones,
     * one to find the rest). An emptied lane is deleted only when its count is 0: a concurrent recorder's upsert
     * holds the row, and PostgreSQL re-checks the count after it commits.
     */
    private static List<String> stillHeld(Connection connection, List<String> lanes, String owner)
            throws SQLException {
        if (lanes.isEmpty()) {
            return new ArrayList<>();
        }
        List<String> padded = InLists.padded(lanes);
        String in = "lane IN (" + InLists.markers(padded.size()) + ") AND lease_owner = ?";
        Object[] binds = bindsThen(padded, owner);
        ConversationRows.update(connection, "DELETE FROM webhook_lanes WHERE " + in + " AND pending <= 0", binds);
        return lanes(connection, "SELECT lane FROM webhook_lanes WHERE " + in + " ORDER BY lane", binds);
    }

    /**
     * Takes up to {@code round.claim()} due lanes nobody holds with one statement (PostgreSQL skips rows other
     * claimers hold); answers them.
     */
    private List<String> claim(Connection connection, Round round) throws SQLException {
        String free = "(lease_owner IS NULL OR lease_until < ?)";
        return lanes(connection, "UPDATE webhook_lanes SET lease_owner = ?, lease_until = ? WHERE lane IN (SELECT "
                + "lane FROM webhook_lanes WHERE next_attempt_at <= ? AND " + free + " ORDER BY next_attempt_at "
                + "LIMIT ?" + database.dialect().skipLocked() + ") AND " + free + " RETURNING lane",
                round.owner(), round.leaseUntil(), round.now(), round.now(), round.claim(), round.now());
    }

    private static List<String> lanes(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ConversationRows.bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> lanes = new ArrayList<>();
                while (rows.next()) {
                    lanes.add(rows.getString(1));
                }
                return lanes;
            }
        }
    }

    /**
     * The first {@code batch} pending events of each of {@code lanes}, in seq order: one statement per
     * {@link #LOAD_CHUNK} lanes, a UNION ALL of one index range per lane (a window over all their pending events
     * would read whole backlogs).
     */
    private static Map<String, List<Event>> load(Connection connection, List<String> lanes, int batch)
            throws SQLException {
        Map<String, List<Event>> loaded = new LinkedHashMap<>();
        for (String lane : lanes) {
            loaded.put(lane, new ArrayList<>());
        }
        for (int from = 0; from < lanes.size(); from += LOAD_CHUNK) {
            List<String> chunk = InLists.padded(lanes.subList(from, Math.min(lanes.size(), from + LOAD_CHUNK)));
            List<Object> binds = new ArrayList<>();
            for (String lane : chunk) {
                binds.add(lane);
                binds.add(batch);
            }
            Set<String> seen = new HashSet<>(); // a padded lane's repeats answer its rows again
            try (PreparedStatement statement = connection.prepareStatement(loadSql(chunk.size()))) {
                ConversationRows.bind(statement, binds.toArray());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Event event = new Event(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getLong(6), rows.getInt(7));
                        if (seen.add(event.id())) {
                            loaded.get(event.lane()).add(event);
                        }
                    }
                }
            }
        }
        for (List<Event> events : loaded.values()) {
            events.sort(Comparator.comparingLong(Event::seq));
        }
        return loaded;
    }

    /**
     * Loads the first events of {@code lanes} lanes (binds: each lane and its limit): one range of the
     * {@code webhook_events_lane} index (lane, status, seq) per lane (V23).
     */
    static String loadSql(int lanes) {
        List<String> parts = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            parts.add("SELECT * FROM (SELECT " + EVENT_COLUMNS + " FROM webhook_events WHERE lane = ? AND "
                    + "status = 'pending' ORDER BY seq LIMIT ?) AS l" + i);
        }
        return String.join(" UNION ALL ", parts);
    }

    private static Object[] bindsThen(List<String> values, Object last) {
        Object[] binds = values.toArray(new Object[values.size() + 1]);
        binds[values.size()] = last;
        return binds;
    }
}
