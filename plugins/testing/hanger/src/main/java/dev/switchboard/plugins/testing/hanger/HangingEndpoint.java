package dev.switchboard.plugins.testing.hanger;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import org.pf4j.Extension;

/**
 * {@code hang}: holds its thread for 15 s, past the host's endpoint budget (10 s), and swallows the interrupt the
 * host sends at the budget, as a stuck network read would. (Bounded, so the test JVM gets its threads back.)
 */
@Extension
public class HangingEndpoint implements AppEndpoint {
    static final long HANG_MILLIS = 15_000;

    @Override
    public String path() {
        return "hang";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        long end = System.currentTimeMillis() + HANG_MILLIS;
        for (long left = HANG_MILLIS; left > 0; left = end - System.currentTimeMillis()) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException deaf) {
                // carries on
            }
        }
        return AppResponse.text(200, "too late");
    }
}
