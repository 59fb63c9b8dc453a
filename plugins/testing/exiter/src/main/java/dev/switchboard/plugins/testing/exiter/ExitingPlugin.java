package dev.switchboard.plugins.testing.exiter;

import org.pf4j.Plugin;

/** A plugin whose start ends the JVM with status 0, as a careless library's "fatal" path might. */
public class ExitingPlugin extends Plugin {

    @Override
    public void start() {
        System.exit(0);
    }
}
