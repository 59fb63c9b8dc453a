package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import java.util.Map;
import org.pf4j.Extension;

/** {@code GET tccl} → {@code {className, pluginLoader}}: the thread context class loader seen by this call. */
@Extension
public class TcclEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "tccl";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return Rpc.json(context, 200, Map.of(
                "className", tccl == null ? "null" : tccl.getClass().getName(),
                "pluginLoader", tccl == getClass().getClassLoader()));
    }
}
