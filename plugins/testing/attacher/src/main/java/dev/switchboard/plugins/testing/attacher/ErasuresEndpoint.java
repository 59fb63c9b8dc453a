package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/** {@code GET erasures} → {@code {erasures:{visitorId:{entityIds, appIds}}}}, as recorded by the erasure hook. */
@Extension
public class ErasuresEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "erasures";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        Map<String, Object> erasures = new LinkedHashMap<>();
        for (String key : context.store().keys("erased/", 1000)) {
            erasures.put(key.substring("erased/".length()),
                    context.json().parse(context.store().get(key).orElseThrow()));
        }
        return Rpc.json(context, 200, Map.of("erasures", erasures));
    }
}
