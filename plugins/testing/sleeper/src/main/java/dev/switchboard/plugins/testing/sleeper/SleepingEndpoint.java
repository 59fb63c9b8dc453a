package dev.switchboard.plugins.testing.sleeper;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import org.pf4j.Extension;

/** {@code sleep}: sleeps 30 s, past the host's endpoint budget (10 s). */
@Extension
public class SleepingEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "sleep";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) throws InterruptedException {
        Thread.sleep(30_000);
        return AppResponse.text(200, "too late");
    }
}
