package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import org.pf4j.Extension;

/** {@code fail}: always throws, so the host's 500 envelope can be checked. */
@Extension
public class FailEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "fail";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        throw new IllegalStateException("secret-internal-detail");
    }
}
