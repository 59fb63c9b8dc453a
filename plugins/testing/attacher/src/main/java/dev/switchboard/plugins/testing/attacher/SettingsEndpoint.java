package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/** {@code GET settings/<id>} → {@code {id, value}} as the app sees it (value null when unset). */
@Extension
public class SettingsEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "settings";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        String id = Rpc.subPath(request, path());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("value", context.settings().get(id).orElse(null));
        if (id.equals("verbose")) {
            answer.put("boolean", context.settings().getBoolean("verbose"));
        }
        return Rpc.json(context, 200, answer);
    }
}
