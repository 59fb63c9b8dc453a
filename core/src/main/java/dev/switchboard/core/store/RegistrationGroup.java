package dev.switchboard.core.store;

import dev.switchboard.core.store.VisitorStore.Registered;
import dev.switchboard.core.visitor.CustomFieldDefinition;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.PhoneNumbers;
import dev.switchboard.core.visitor.RegistrationPlanner;
import dev.switchboard.core.visitor.RegistrationPlanner.Candidates;
import dev.switchboard.core.visitor.RegistrationPlanner.Plan;
import dev.switchboard.core.visitor.RegistrationRequest;
import dev.switchboard.core.visitor.Visitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Registrations that waited together, run set-based: one query per match key (token, phone, email) for all of
 * them, one guest-number draw, one multi-row insert and one batch of updates, instead of four statements and a
 * savepoint each. This halves the single SQLite writer's CPU per registration (docs/performance.md).
 *
 * <p>Planning every request against the same rows gives the outcome of running them one after another only while
 * they are independent: no token, phone or email that one request asks for or changes is asked for or changed by
 * an earlier one. So a group runs as segments, each the longest independent run of the requests left, planned
 * after the previous segment's writes (a client that posts one token twice costs one more segment). When a row
 * does not change as planned (a concurrent writer on PostgreSQL, a phone in use), or after too many segments, the
 * group declines and the writer runs each request alone.
 */
final class RegistrationGroup {
    /** A group that splits into more segments than this runs one by one instead. */
    static final int MAX_SEGMENTS = 4;

    private final VisitorRegistrations registrations;
    private final Connection connection;
    private final List<RegistrationRequest> requests;

    private RegistrationGroup(VisitorRegistrations registrations, Connection connection,
                              List<RegistrationRequest> requests) {
        this.registrations = registrations;
        this.connection = connection;
        this.requests = requests;
    }

    /**
     * Runs {@code requests} as a few set-based segments: each the longest independent run of the requests left,
     * planned after the previous segment's writes. Declines after {@value #MAX_SEGMENTS} segments, where
     * planning the rest again each time would cost more than running them one by one.
     */
    static Optional<List<Registered>> run(VisitorRegistrations registrations, Connection connection,
                                          List<RegistrationRequest> requests, Instant now) throws SQLException {
        List<Registered> registered = new ArrayList<>(requests.size());
        for (int segment = 0; registered.size() < requests.size(); segment++) {
            if (segment == MAX_SEGMENTS) {
                return Optional.empty();
            }
            List<RegistrationRequest> rest = requests.subList(registered.size(), requests.size());
            Optional<List<Registered>> done = new RegistrationGroup(registrations, connection, rest).runPrefix(now);
            if (done.isEmpty()) {
                return Optional.empty();
            }
            registered.addAll(done.get());
        }
        return Optional.of(registered);
    }

    /** Runs the longest independent run of requests from the first on (at least one); empty if a row refused. */
    private Optional<List<Registered>> runPrefix(Instant now) throws SQLException {
        List<Candidates> candidates = candidates();
        List<Plan> plans = plans(candidates, now);
        plans = plans.subList(0, independentPrefix(candidates, plans));
        List<Visitor> stored = stored(plans);
        if (!write(plans, stored)) {
            return Optional.empty();
        }
        List<Registered> registered = new ArrayList<>(plans.size());
        Set<String> tokens = new LinkedHashSet<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            registered.add(new Registered(plan.match(), stored.get(i), plan.replacedToken()));
            tokens.addAll(Arrays.asList(requests.get(i).token(), stored.get(i).token(), plan.replacedToken()));
        }
        registrations.events().tokensChanged(connection, tokens.toArray(String[]::new));
        return Optional.of(registered);
    }

    /**
     * Each request's candidates as {@code runOne} would find them: by token, else (when it matches contacts) phone,
     * else email; and the owner of the phone digits it will store.
     */
    private List<Candidates> candidates() throws SQLException {
        Map<String, Visitor> byToken = lockLiveByUnique("token", keys(requests, RegistrationRequest::token));
        List<RegistrationRequest> byContacts = requests.stream()
                .filter(r -> r.matchesContacts() && !byToken.containsKey(r.token())).toList();
        Map<String, Visitor> byPhone = lockLiveByUnique("phone_digits",
                keys(byContacts, RegistrationRequest::phoneDigits));
        List<RegistrationRequest> noPhone = byContacts.stream().filter(r -> get(byPhone, r.phoneDigits()) == null)
                .toList();
        Map<String, Visitor> byEmail = lockOldestLive("email", keys(noPhone, RegistrationRequest::email));
        List<Candidates> matched = new ArrayList<>(requests.size());
        for (RegistrationRequest request : requests) {
            Visitor token = byToken.get(request.token());
            boolean contacts = token == null && request.matchesContacts();
            Visitor phone = contacts ? get(byPhone, request.phoneDigits()) : null;
            Visitor email = contacts && phone == null ? get(byEmail, request.email()) : null;
            matched.add(new Candidates(token, phone, email, null));
        }
        // Digits matching already asked for are not asked again: on PostgreSQL a second query could see a visitor
        // committed in between, and own a phone that matching, a moment earlier, found free.
        Set<String> asked = keys(byContacts, RegistrationRequest::phoneDigits);
        Map<String, Visitor> owners = new HashMap<>(byPhone);
        owners.putAll(lockLiveByUnique("phone_digits", storedDigits(matched, asked)));
        List<Candidates> candidates = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Candidates found = matched.get(i);
            candidates.add(new Candidates(found.byToken(), found.byPhone(), found.byEmail(),
                    get(owners, storedDigits(requests.get(i), found))));
        }
        return withExternalIds(candidates);
    }

    /** The digits each request's visitor will store that were not asked for yet. */
    private Set<String> storedDigits(List<Candidates> matched, Set<String> asked) {
        Set<String> digits = new LinkedHashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            String stored = storedDigits(requests.get(i), matched.get(i));
            if (stored != null && !asked.contains(stored)) {
                digits.add(stored);
            }
        }
        return digits;
    }

    /** The digits of the phone {@code request}'s visitor will store: the request's, else the matched visitor's. */
    private static String storedDigits(RegistrationRequest request, Candidates candidates) {
        if (request.phone() != null) {
            return request.phoneDigits();
        }
        Visitor matched = RegistrationPlanner.matched(request, candidates);
        return matched == null ? null : PhoneNumbers.digits(matched.phone());
    }

    private static Set<String> keys(List<RegistrationRequest> requests, Function<RegistrationRequest, String> key) {
        Set<String> keys = new LinkedHashSet<>();
        for (RegistrationRequest request : requests) {
            String value = key.apply(request);
            if (value != null) {
                keys.add(value);
            }
        }
        return keys;
    }

    private Map<String, Visitor> lockLiveByUnique(String column, Set<String> values) throws SQLException {
        return VisitorRows.lockLiveByUnique(connection, registrations.dialect(), column, values);
    }

    private Map<String, Visitor> lockOldestLive(String column, Set<String> values) throws SQLException {
        return VisitorRows.lockOldestLive(connection, registrations.dialect(), column, values);
    }

    private List<Candidates> withExternalIds(List<Candidates> candidates) throws SQLException {
        Set<String> matched = new LinkedHashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            Visitor visitor = RegistrationPlanner.matched(requests.get(i), candidates.get(i));
            if (visitor != null) {
                matched.add(visitor.id());
            }
        }
        Map<String, List<ExternalId>> externalIds = VisitorRows.externalIds(connection, matched);
        if (externalIds.isEmpty()) {
            return candidates;
        }
        return candidates.stream().map(found -> new Candidates(with(found.byToken(), externalIds),
                with(found.byPhone(), externalIds), with(found.byEmail(), externalIds), found.phoneOwner())).toList();
    }

    private static Visitor with(Visitor visitor, Map<String, List<ExternalId>> externalIds) {
        return visitor == null ? null : visitor.withExternalIds(externalIds.getOrDefault(visitor.id(), List.of()));
    }

    /** Plans every request; an invalid one (unknown department, missing custom field) throws, and all run alone. */
    private List<Plan> plans(List<Candidates> candidates, Instant now) throws SQLException {
        Map<String, String> departments = new HashMap<>();
        List<CustomFieldDefinition> customFields = requests.stream().allMatch(r -> r.customFields().isEmpty())
                ? List.of() : CustomFieldRows.all(connection);
        List<Plan> plans = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            RegistrationRequest request = requests.get(i);
            String department = request.department();
            String departmentId = department == null ? null : departments.containsKey(department)
                    ? departments.get(department) : resolve(department, departments);
            plans.add(RegistrationPlanner.plan(request, candidates.get(i), departmentId, customFields, now));
        }
        return plans;
    }

    private String resolve(String department, Map<String, String> departments) throws SQLException {
        String id = VisitorRegistrations.resolveDepartment(connection, department);
        departments.put(department, id);
        return id;
    }

    /**
     * How many requests from the first on ask for or change no token, phone, email or visitor that an earlier one
     * of them does: planned against the same rows, they end as they would one after another.
     */
    private int independentPrefix(List<Candidates> candidates, List<Plan> plans) {
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < plans.size(); i++) {
            RegistrationRequest request = requests.get(i);
            Visitor before = RegistrationPlanner.matched(request, candidates.get(i));
            Visitor after = plans.get(i).next();
            Set<String> keys = new HashSet<>();
            keys.add("visitor:" + after.id());
            addKeys(keys, "token:", request.token(), after.token(), before == null ? null : before.token());
            addKeys(keys, "phone:", request.phoneDigits(), PhoneNumbers.digits(after.phone()),
                    before == null ? null : PhoneNumbers.digits(before.phone()));
            addKeys(keys, "email:", request.email(), after.email(), before == null ? null : before.email());
            for (String key : keys) {
                if (claimed.contains(key)) {
                    return i;
                }
            }
            claimed.addAll(keys);
        }
        return plans.size();
    }

    private static void addKeys(Set<String> keys, String kind, String... values) {
        for (String value : values) {
            if (value != null) {
                keys.add(kind + value);
            }
        }
    }

    /** Each plan's visitor as it will be stored: new ones get their guest names, drawn in one go. */
    private List<Visitor> stored(List<Plan> plans) throws SQLException {
        int guests = (int) plans.stream().filter(plan -> plan.creates() && plan.next().username() == null).count();
        long[] numbers = guests == 0 ? new long[0]
                : registrations.dialect().nextGuestNumbers(connection, guests);
        List<Visitor> stored = new ArrayList<>(plans.size());
        int drawn = 0;
        for (Plan plan : plans) {
            Visitor next = plan.next();
            if (!plan.creates()) {
                stored.add(next);
            } else {
                String username = next.username() != null
                        ? next.username() : VisitorRegistrations.guestName(numbers[drawn++]);
                stored.add(RegistrationPlanner.withUsername(next, username));
            }
        }
        return stored;
    }

    /** Inserts the new visitors, then updates the matched ones; false when any row did not change as planned. */
    private boolean write(List<Plan> plans, List<Visitor> stored) throws SQLException {
        List<Integer> created = new ArrayList<>();
        List<Integer> updated = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            (plans.get(i).creates() ? created : updated).add(i);
        }
        return insertsEach(created, plans, stored) && updatesEach(updated, plans, stored);
    }

    /**
     * Inserts the {@code chosen} new visitors with multi-row statements over {@link InLists#powerOfTwoRuns}: PostgreSQL
     * binds, starts and ends a few statements per group instead of one per visitor. True when each was inserted.
     */
    private boolean insertsEach(List<Integer> chosen, List<Plan> plans, List<Visitor> stored) throws SQLException {
        int inserted = 0;
        for (List<Integer> run : InLists.powerOfTwoRuns(chosen)) {
            inserted += insertRun(run, plans, stored);
        }
        return inserted == chosen.size();
    }

    private int insertRun(List<Integer> rows, List<Plan> plans, List<Visitor> stored) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(registrations.insertSql(rows.size()))) {
            int first = 1;
            for (int i : rows) {
                VisitorRegistrations.bindInsert(statement, first, stored.get(i), plans.get(i).phoneDigits());
                first += VisitorRegistrations.INSERT_PARAMETERS;
            }
            return statement.executeUpdate();
        }
    }

    /** Updates the {@code chosen} matched visitors in one batch; true when each changed one row. */
    private boolean updatesEach(List<Integer> chosen, List<Plan> plans, List<Visitor> stored) throws SQLException {
        if (chosen.isEmpty()) {
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement(registrations.updateSql())) {
            for (int i : chosen) {
                VisitorRegistrations.bindUpdate(statement, stored.get(i), plans.get(i).phoneDigits());
                statement.addBatch();
            }
            return Arrays.stream(statement.executeBatch()).allMatch(count -> count == 1);
        }
    }

    private static Visitor get(Map<String, Visitor> found, String key) {
        return key == null ? null : found.get(key);
    }
}
