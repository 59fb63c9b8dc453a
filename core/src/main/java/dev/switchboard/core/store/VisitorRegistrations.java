package dev.switchboard.core.store;

import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.VisitorStore.Registered;
import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.PhoneNumbers;
import dev.switchboard.core.visitor.RegistrationPlanner;
import dev.switchboard.core.visitor.RegistrationPlanner.Candidates;
import dev.switchboard.core.visitor.RegistrationPlanner.Plan;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Registration inside a writer's transaction: the matching rules of {@link RegistrationPlanner} applied to
 * the rows, one request at a time or, when several wait together, set-based ({@link RegistrationGroup}).
 */
final class VisitorRegistrations implements TransactionQueue.GroupWork<RegistrationRequest, Registered> {
    /** A registration that keeps losing races (each loss means another writer committed) gives up after this. */
    private static final int MAX_MATCH_ATTEMPTS = 5;
    /** The parameters of one row of {@link #insertSql}. */
    static final int INSERT_PARAMETERS = 12;

    private final Database database;
    private final Clock clock;

    VisitorRegistrations(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Registered runOne(Connection connection, RegistrationRequest request) throws SQLException {
        String departmentId = resolveDepartment(connection, request.department());
        List<CustomFieldDefinition> customFields = request.customFields().isEmpty()
                ? List.of() : CustomFieldRows.all(connection);
        for (int attempt = 0; attempt < MAX_MATCH_ATTEMPTS; attempt++) {
            Plan plan = RegistrationPlanner.plan(request, candidates(connection, request), departmentId,
                    customFields, clock.instant());
            Optional<Visitor> stored = plan.creates() ? insert(connection, plan) : update(connection, plan);
            if (stored.isPresent()) {
                database.events().tokensChanged(connection, request.token(), stored.get().token(),
                        plan.replacedToken());
                return new Registered(plan.match(), stored.get(), plan.replacedToken());
            }
            // Another writer committed this token or phone first: match again (land on its visitor, or leave it
            // the phone's digits).
        }
        throw new IllegalStateException("Registration kept conflicting with concurrent writers");
    }

    @Override
    public Optional<List<Registered>> runAll(Connection connection, List<RegistrationRequest> requests)
            throws SQLException {
        return RegistrationGroup.run(this, connection, requests, clock.instant());
    }

    SqlDialect dialect() {
        return database.dialect();
    }

    ClusterEvents events() {
        return database.events();
    }

    private Candidates candidates(Connection connection, RegistrationRequest request) throws SQLException {
        Visitor byToken = lockLive(connection, "token", request.token());
        String digits = request.phoneDigits();
        boolean byContacts = byToken == null && request.matchesContacts();
        Visitor byPhone = byContacts ? lockLive(connection, "phone_digits", digits) : null;
        Visitor byEmail = byContacts && byPhone == null && request.email() != null
                ? VisitorRows.lockOldestLiveByEmail(connection, database.dialect(), request.email()).orElse(null)
                : null;
        Visitor matched = RegistrationPlanner.matched(request, new Candidates(byToken, byPhone, byEmail, null));
        String storedDigits = request.phone() != null ? digits
                : matched == null ? null : PhoneNumbers.digits(matched.phone());
        // Matching by phone already looked these digits up.
        Visitor phoneOwner = byContacts && Objects.equals(storedDigits, digits)
                ? byPhone : lockLive(connection, "phone_digits", storedDigits);
        return new Candidates(byToken, byPhone, byEmail, phoneOwner);
    }

    /** The live visitor whose unique {@code column} is {@code value}, locked; null when none or no value. */
    private Visitor lockLive(Connection connection, String column, String value) throws SQLException {
        return value == null ? null
                : VisitorRows.lockLive(connection, database.dialect(), column + " = ?", value).orElse(null);
    }

    /** The id of the department named or identified by {@code department}; null for none. */
    static String resolveDepartment(Connection connection, String department) throws SQLException {
        if (department == null) {
            return null;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM departments WHERE id = ? OR name = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END "
                        + "LIMIT 1")) {
            statement.setString(1, department);
            statement.setString(2, department);
            statement.setString(3, department);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw ApiError.meteor("error-invalid-department", "The provided department is invalid");
                }
                return rows.getString(1);
            }
        }
    }

    private Optional<Visitor> insert(Connection connection, Plan plan) throws SQLException {
        Visitor next = plan.next();
        String username = next.username() != null
                ? next.username() : guestName(database.dialect().nextGuestNumbers(connection, 1)[0]);
        Visitor stored = RegistrationPlanner.withUsername(next, username);
        try (PreparedStatement statement = connection.prepareStatement(insertSql(1))) {
            bindInsert(statement, 1, stored, plan.phoneDigits());
            return statement.executeUpdate() == 0 ? Optional.empty() : Optional.of(stored);
        }
    }

    private Optional<Visitor> update(Connection connection, Plan plan) throws SQLException {
        Visitor next = plan.next();
        // A unique violation here is expected under races; on PostgreSQL it would abort the whole transaction.
        boolean guarded = database.dialect().failedStatementAbortsTransaction();
        if (guarded) {
            NamedSavepoints.set(connection, "visitor_update");
        }
        try (PreparedStatement statement = connection.prepareStatement(updateSql())) {
            bindUpdate(statement, next, plan.phoneDigits());
            int updated = statement.executeUpdate();
            if (guarded) {
                NamedSavepoints.release(connection, "visitor_update");
            }
            return updated == 1 ? Optional.of(next) : Optional.empty();
        } catch (SQLException e) {
            if (guarded) {
                NamedSavepoints.rollback(connection, "visitor_update");
            }
            if (!database.dialect().isUniqueViolation(e)) {
                throw e;
            }
            return Optional.empty(); // the token or the phone's digits were taken concurrently: match again
        }
    }

    static String guestName(long number) {
        return "guest-" + number;
    }

    /**
     * Inserts {@code rows} new visitors in one statement ({@link #INSERT_PARAMETERS} parameters each, bound with
     * {@link #bindInsert}); a row whose id, token or phone digits are taken (by another writer, or by an earlier row
     * of the same statement) changes nothing.
     */
    String insertSql(int rows) {
        return "INSERT INTO visitors (id, token, username, name, email, phone, phone_digits, department, status, "
                + "livechat_data, ts, updated_at) VALUES " + InLists.rows("(?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + database.dialect().jsonParameter() + ", ?, ?)", rows) + " ON CONFLICT DO NOTHING";
    }

    /** Binds {@code visitor}'s row of {@link #insertSql} from parameter {@code first} on. */
    static void bindInsert(PreparedStatement statement, int first, Visitor visitor, String phoneDigits)
            throws SQLException {
        statement.setString(first, visitor.id());
        statement.setString(first + 1, visitor.token());
        statement.setString(first + 2, visitor.username());
        bindPersonalData(statement, first + 3, visitor, phoneDigits);
        statement.setLong(first + 10, visitor.ts().toEpochMilli());
        statement.setLong(first + 11, visitor.updatedAt().toEpochMilli());
    }

    /** Stores a matched visitor's new state; changes no row if it was erased meanwhile. */
    String updateSql() {
        return "UPDATE visitors SET token = ?, name = ?, email = ?, phone = ?, phone_digits = ?, department = ?, "
                + "status = ?, livechat_data = " + database.dialect().jsonParameter()
                + ", updated_at = ? WHERE id = ? AND erased_at IS NULL";
    }

    static void bindUpdate(PreparedStatement statement, Visitor next, String phoneDigits) throws SQLException {
        statement.setString(1, next.token());
        bindPersonalData(statement, 2, next, phoneDigits);
        statement.setLong(9, next.updatedAt().toEpochMilli());
        statement.setString(10, next.id());
    }

    /**
     * Binds name, email, phone, the phone digits the visitor owns (null when another visitor owns them),
     * department, status and livechat data from {@code first}.
     */
    private static void bindPersonalData(PreparedStatement statement, int first, Visitor visitor,
                                         String phoneDigits) throws SQLException {
        statement.setString(first, visitor.name());
        statement.setString(first + 1, visitor.email());
        statement.setString(first + 2, visitor.phone());
        statement.setString(first + 3, phoneDigits);
        statement.setString(first + 4, visitor.department());
        statement.setString(first + 5, visitor.status());
        statement.setString(first + 6, JsonColumns.write(visitor.livechatData()));
    }
}
