package dev.switchboard.plugins.testing.spoofer;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import java.nio.charset.StandardCharsets;
import org.pf4j.Extension;

/**
 * {@code GET host-classes?name=CLASS}: whether this plugin can load {@code CLASS} by name ({@code loaded} or
 * {@code hidden}), and the class of the context the host handed it, one per line.
 */
@Extension
public class HostClassesEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "host-classes";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        String name = request.queryParam("name").orElseThrow();
        String found;
        try {
            Class.forName(name, false, getClass().getClassLoader());
            found = "loaded";
        } catch (ClassNotFoundException e) {
            found = "hidden";
        }
        return new AppResponse(200, null,
                (found + "\n" + context.getClass().getName()).getBytes(StandardCharsets.UTF_8));
    }
}
