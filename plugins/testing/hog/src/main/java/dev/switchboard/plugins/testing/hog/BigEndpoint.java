package dev.switchboard.plugins.testing.hog;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import org.pf4j.Extension;

/** {@code big}: answers with a 50 MB body, past the host's response cap. */
@Extension
public class BigEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "big";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        return new AppResponse(200, null, new byte[50_000_000]);
    }
}
