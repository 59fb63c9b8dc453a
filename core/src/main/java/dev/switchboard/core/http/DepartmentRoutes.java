package dev.switchboard.core.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.auth.Permission;
import dev.switchboard.core.department.Department;
import dev.switchboard.core.department.DepartmentAgent;
import dev.switchboard.core.error.ApiError;
import dev.switchboard.core.store.JdbcDepartmentStore;
import dev.switchboard.core.visitor.RandomIds;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /api/v1/livechat/department}: list and read (with {@code department.autocomplete},
 * {@code department.listByIds} and {@code department/:_id/agents}) need {@code view-l-room}; create, change and remove
 * (a department's agents too) need {@code manage-livechat-departments}. Bodies are checked as Rocket.Chat's
 * {@code check()} does ({@code Match error: …}, {@link DepartmentRequestParser}); answers carry every
 * {@code ILivechatDepartment} field and, after a save or with {@code includeAgents=true}, the department's agents.
 */
final class DepartmentRoutes {
    static final int TEXT = 256;
    /** {@code department.autocomplete}'s JSON selector: a term and up to 100 ids. */
    private static final int SELECTOR = 16_384;
    /** Required by {@code ILivechatDepartment}; kept with the extra fields, "" until an operator sets it. */
    private static final String OFFLINE_CHANNEL = "offlineMessageChannelName";

    private final JdbcDepartmentStore store;
    private final Authenticator auth;
    private final Clock clock;

    DepartmentRoutes(JdbcDepartmentStore store, Authenticator auth, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
    }

    void mount(Router router, BodyHandler bodies) {
        String base = "/api/v1/livechat/department";
        router.get(base).handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::list);
        router.post(base).handler(bodies).handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS))
                .handler(this::create);
        router.get(base + ".autocomplete").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::autocomplete);
        router.get(base + ".listByIds").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::listByIds);
        // Before "/:_id", which would take it for an id.
        router.get(base + "/isDepartmentCreationAvailable")
                .handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS)).handler(this::creationAvailable);
        router.get(base + "/:_id/agents").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::agents);
        router.post(base + "/:_id/agents").handler(bodies)
                .handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS)).handler(this::changeAgents);
        router.get(base + "/:_id").handler(auth.require(Permission.VIEW_L_ROOM)).handler(this::get);
        router.put(base + "/:_id").handler(bodies).handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS))
                .handler(this::update);
        router.delete(base + "/:_id").handler(auth.require(Permission.MANAGE_LIVECHAT_DEPARTMENTS))
                .handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        Params.Paging paging = Params.paging(ctx);
        String text = Params.optionalQuery(ctx, "text", TEXT);
        AsyncResponder.respond(ctx, store.list(text, paging.offset(), paging.count()), page ->
                Responses.page(ctx, "departments", page, paging.offset(), (json, department) -> {
                    json.writeStartObject();
                    writeFields(json, department);
                    json.writeEndObject();
                }));
    }

    private void create(RoutingContext ctx) {
        DepartmentRequestParser.Request request =
                DepartmentRequestParser.parse(ctx.body().buffer(), RandomIds.id(), clock.instant());
        AsyncResponder.respond(ctx, store.create(request.department(), request.agents()), saved -> {
            Audit.changed(ctx, "department created", describe(saved.department()));
            answer(ctx, saved.department(), saved.agents());
        });
    }

    private static String describe(Department department) {
        return "'" + department.name() + "' (" + department.id() + ", " + department.numAgents() + " agents)";
    }

    /** Rocket.Chat answers an unknown id with {@code department: null} (its admin page relies on it). */
    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("_id");
        boolean includeAgents = "true".equals(ctx.request().getParam("includeAgents"));
        CompletableFuture<List<DepartmentAgent>> agents =
                includeAgents ? store.agents(id) : CompletableFuture.completedFuture(null);
        AsyncResponder.respond(ctx, store.find(id).thenCombine(agents,
                        (department, list) -> new JdbcDepartmentStore.Saved(department.orElse(null), list)),
                found -> answer(ctx, found.department(), found.agents()));
    }

    private void update(RoutingContext ctx) {
        DepartmentRequestParser.Request request =
                DepartmentRequestParser.parse(ctx.body().buffer(), ctx.pathParam("_id"), clock.instant());
        AsyncResponder.respond(ctx, store.update(request.department(), request.agents()), saved -> {
            Audit.changed(ctx, "department changed", describe(saved.department()));
            answer(ctx, saved.department(), saved.agents());
        });
    }

    /** Rocket.Chat's {@code removeDepartment} throws a plain {@code Error('error-department-not-found')}. */
    private void delete(RoutingContext ctx) {
        AsyncResponder.respond(ctx, store.delete(ctx.pathParam("_id")), deleted -> {
            if (!deleted) {
                throw ApiError.plain("error-department-not-found");
            }
            Audit.changed(ctx, "department removed", ctx.pathParam("_id"));
            Responses.ok(ctx, json -> { });
        });
    }

    /**
     * Rocket.Chat's {@code findDepartmentsToAutocomplete}: {@code {items: [{_id, name}]}}, the departments whose name
     * starts with the selector's term, by name. {@code onlyMyDepartments} and {@code showArchived} change nothing
     * here (Enterprise restrictions; no department is archived).
     */
    private void autocomplete(RoutingContext ctx) {
        String raw = Params.optionalQuery(ctx, "selector", SELECTOR);
        if (raw == null || raw.isEmpty()) {
            throw ApiError.plain("The 'selector' param is required");
        }
        DepartmentRequestParser.Selector selector = DepartmentRequestParser.selector(raw);
        AsyncResponder.respond(ctx, store.byNamePrefix(selector.term(), selector.exceptions()), found ->
                Responses.ok(ctx, json -> {
                    json.writeArrayFieldStart("items");
                    for (Department department : found) {
                        json.writeStartObject();
                        json.writeStringField("_id", department.id());
                        json.writeStringField("name", department.name());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }));
    }

    /**
     * Rocket.Chat's {@code findDepartmentsBetweenIds}: {@code {departments: [...]}}. {@code ids} must be an array as
     * its query parser reads one: {@code ids[]=a}, or {@code ids} given more than once. {@code fields} is accepted
     * and not applied: every field is answered.
     */
    private void listByIds(RoutingContext ctx) {
        List<String> plain = ctx.queryParam("ids");
        List<String> ids = new ArrayList<>(ctx.queryParam("ids[]"));
        if (ids.isEmpty() && (plain.isEmpty() || plain.size() == 1 && plain.get(0).isEmpty())) {
            throw ApiError.plain("The 'ids' param is required");
        }
        if (ids.isEmpty() && plain.size() == 1) {
            throw ApiError.plain("The 'ids' param must be an array");
        }
        ids.addAll(plain);
        if (ids.size() > Params.MAX_COUNT) {
            throw Params.invalid("ids takes at most " + Params.MAX_COUNT + " items");
        }
        AsyncResponder.respond(ctx, store.byIds(ids), found -> Responses.ok(ctx, json -> {
            json.writeArrayFieldStart("departments");
            for (Department department : found) {
                json.writeStartObject();
                writeFields(json, department);
                json.writeEndObject();
            }
            json.writeEndArray();
        }));
    }

    /** Rocket.Chat's Community Edition allows one department; the host has no such limit. */
    private void creationAvailable(RoutingContext ctx) {
        Responses.ok(ctx, json -> json.writeBooleanField("isDepartmentCreationAvailable", true));
    }

    /** Rocket.Chat's {@code findDepartmentAgents}: by username; {@code sort} is accepted and not applied. */
    private void agents(RoutingContext ctx) {
        Params.Paging paging = Params.paging(ctx);
        AsyncResponder.respond(ctx, store.agents(ctx.pathParam("_id"), paging.offset(), paging.count()), page ->
                Responses.page(ctx, "agents", page, paging.offset(), DepartmentRoutes::writeAgent));
    }

    /** Rocket.Chat's {@code saveDepartmentAgents}: remove, then add or update; it answers only {@code success}. */
    private void changeAgents(RoutingContext ctx) {
        DepartmentRequestParser.AgentChanges changes = DepartmentRequestParser.agentChanges(ctx.body().buffer());
        AsyncResponder.respond(ctx, store.changeAgents(ctx.pathParam("_id"), changes.remove(), changes.upsert()),
                saved -> {
                    Audit.changed(ctx, "department agents changed", describe(saved.department()));
                    Responses.ok(ctx, json -> { });
                });
    }

    /** {@code {department, agents?}}: {@code department} null when there is none, {@code agents} when read. */
    private static void answer(RoutingContext ctx, Department department, List<DepartmentAgent> agents) {
        Responses.ok(ctx, json -> {
            if (department == null) {
                json.writeNullField("department");
            } else {
                json.writeObjectFieldStart("department");
                writeFields(json, department);
                json.writeEndObject();
            }
            if (agents != null) {
                json.writeArrayFieldStart("agents");
                for (DepartmentAgent agent : agents) {
                    writeAgent(json, agent);
                }
                json.writeEndArray();
            }
        });
    }

    /** {@code ILivechatDepartment}'s fields in its order; the required ones always, optional ones when set. */
    private static void writeFields(JsonGenerator json, Department department) throws IOException {
        json.writeStringField("_id", department.id());
        json.writeStringField("name", department.name());
        json.writeBooleanField("enabled", department.enabled());
        if (department.description() != null) {
            json.writeStringField("description", department.description());
        }
        json.writeBooleanField("showOnRegistration", department.showOnRegistration());
        json.writeBooleanField("showOnOfflineForm", department.showOnOfflineForm());
        if (department.requestTagBeforeClosingChat() != null) {
            json.writeBooleanField("requestTagBeforeClosingChat", department.requestTagBeforeClosingChat());
        }
        json.writeStringField("email", department.email());
        writeList(json, "chatClosingTags", department.chatClosingTags());
        Map<String, Object> extras = department.extraFields();
        writeValue(json, OFFLINE_CHANNEL, extras.getOrDefault(OFFLINE_CHANNEL, ""));
        json.writeNumberField("numAgents", department.numAgents());
        if (department.fallbackForwardDepartment() != null) {
            json.writeStringField("fallbackForwardDepartment", department.fallbackForwardDepartment());
        }
        writeList(json, "departmentsAllowedToForward", department.departmentsAllowedToForward());
        if (department.allowReceiveForwardOffline() != null) {
            json.writeBooleanField("allowReceiveForwardOffline", department.allowReceiveForwardOffline());
        }
        for (Map.Entry<String, Object> extra : extras.entrySet()) {
            if (!extra.getKey().equals(OFFLINE_CHANNEL)) {
                writeValue(json, extra.getKey(), extra.getValue());
            }
        }
        json.writeStringField("_updatedAt", VisitorJson.time(department.updatedAt()));
    }

    private static void writeAgent(JsonGenerator json, DepartmentAgent agent) throws IOException {
        json.writeStartObject();
        json.writeStringField("_id", agent.id());
        json.writeStringField("agentId", agent.agentId());
        json.writeStringField("departmentId", agent.departmentId());
        json.writeBooleanField("departmentEnabled", agent.departmentEnabled());
        json.writeStringField("username", agent.username());
        json.writeNumberField("count", agent.count());
        json.writeNumberField("order", agent.order());
        json.writeEndObject();
    }

    private static void writeList(JsonGenerator json, String name, List<String> values) throws IOException {
        if (values == null) {
            return;
        }
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** An extra field's value: a string, a boolean or an integer, as it was given. */
    private static void writeValue(JsonGenerator json, String name, Object value) throws IOException {
        json.writeFieldName(name);
        if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Number number) {
            json.writeNumber(number.longValue());
        } else {
            json.writeString(String.valueOf(value));
        }
    }
}
