package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import dev.switchboard.spi.ExternalId;
import dev.switchboard.spi.Visitor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the attacher's JSON endpoints. */
final class Rpc {
    private Rpc() { }

    static AppResponse json(AppContext context, int status, Object body) {
        return AppResponse.json(status, context.json().write(body));
    }

    static Map<String, Object> body(AppRequest request, AppContext context) {
        return context.json().parseObject(request.body());
    }

    static String string(Map<String, Object> body, String name) {
        Object value = body.get(name);
        return value == null ? null : value.toString();
    }

    /** The part of the request path after {@code prefix + "/"}, e.g. {@code put} for {@code kv/put}. */
    static String subPath(AppRequest request, String prefix) {
        return request.path().length() > prefix.length() ? request.path().substring(prefix.length() + 1) : "";
    }

    static Map<String, Object> visitor(Visitor visitor) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", visitor.id());
        map.put("token", visitor.token());
        map.put("name", visitor.name());
        map.put("phones", visitor.phones());
        map.put("emails", visitor.emails());
        map.put("externalIds", externalIds(visitor.externalIds()));
        return map;
    }

    static List<Map<String, Object>> externalIds(List<ExternalId> ids) {
        return ids.stream().map(id -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("appId", id.appId());
            entry.put("entityId", id.entityId());
            entry.put("metadata", id.metadata());
            return entry;
        }).toList();
    }
}
