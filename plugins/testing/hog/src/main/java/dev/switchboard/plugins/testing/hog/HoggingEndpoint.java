package dev.switchboard.plugins.testing.hog;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppEndpoint;
import dev.switchboard.spi.AppRequest;
import dev.switchboard.spi.AppResponse;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/** {@code hog}: allocates 1 MiB blocks and keeps them until the heap runs out, as a leak or an unbounded read would. */
@Extension
public class HoggingEndpoint implements AppEndpoint {

    @Override
    public String path() {
        return "hog";
    }

    @Override
    public AppResponse handle(AppRequest request, AppContext context) {
        List<byte[]> kept = new ArrayList<>();
        while (true) {
            kept.add(new byte[1 << 20]);
        }
    }
}
