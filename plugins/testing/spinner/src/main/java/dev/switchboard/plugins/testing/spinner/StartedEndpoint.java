package dev.switchboard.plugins.testing.spinner;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import org.pf4j.Extension;

/** {@code started}: how many times the spinning hook has been called, as text. */
@Extension
public class StartedEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "started";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        return AppResponse.text(200, String.valueOf(SpinningHook.STARTED.get()));
    }
}
