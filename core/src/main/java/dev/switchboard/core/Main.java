package dev.switchboard.core;

import dev.switchboard.core.config.HostCommandLine;
import dev.switchboard.core.config.HostConfig;
import dev.switchboard.core.plugin.PluginExitGuard;
import dev.switchboard.core.secret.SecretKeyException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** {@code java -jar switchboard.jar [flags]}: parses flags, starts the host, stops cleanly on SIGTERM/SIGINT. */
public final class Main {
    private Main() { }

    /**
     * Runs {@code stop} on a non-daemon thread: a thread started from the signal dispatcher would inherit its
     * daemon flag, and the JVM would exit as soon as the event loops ended, before the database was closed.
     */
    private static void startShutdown(Runnable stop) {
        Thread thread = new Thread(stop, "shutdown");
        thread.setDaemon(false);
        thread.start();
    }

    /** True when binding the HTTP port failed because something else listens there. */
    static boolean portInUse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException
                    || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        // Netty's own JFR events are of no use here, and setting them up costs 0.1-0.17 s of start-up on a 2-core
        // VM (docs/performance.md at commit 9417346, "Start-up"); -Dio.netty.jfr.enabled=true still turns them on.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        HostCommandLine.Parsed parsed = HostCommandLine.parse(args, System::getenv, out, err);
        if (parsed.config().isEmpty()) {
            System.exit(parsed.exitCode());
        }
        // From here on plugins may run: their System.exit and OutOfMemoryError end the host non-zero, logged.
        PluginExitGuard.install();
        HostConfig config = parsed.config().get();
        SwitchboardHost host;
        try {
            host = SwitchboardHost.start(config);
        } catch (SecretKeyException e) {
            // Restarting cannot fix it: one line saying what to do, no stack trace.
            LoggerFactory.getLogger(Main.class).error("Switchboard cannot start: {}", e.getMessage());
            err.println("switchboard: " + e.getMessage());
            PluginExitGuard.exit(SecretKeyException.EXIT_STATUS);
            return;
        } catch (Exception e) {
            Logger log = LoggerFactory.getLogger(Main.class);
            if (portInUse(e)) {
                // An operator's mistake, like a bad flag: one line and exit 2, no stack trace.
                err.println("switchboard: port " + config.port() + " on " + config.host()
                        + " is already in use (choose another with --port)");
                PluginExitGuard.exit(HostCommandLine.USAGE_ERROR);
                return;
            }
            log.error("Switchboard could not start", e);
            err.println("switchboard: could not start: " + e);
            PluginExitGuard.exit(1);
            return;
        }
        // A handled SIGTERM lets the host drain and exit 0, where the JVM's default would exit 143.
        Runnable stop = () -> {
            host.close();
            PluginExitGuard.exit(0);
        };
        Signal.handle(new Signal("TERM"), signal -> startShutdown(stop));
        Signal.handle(new Signal("INT"), signal -> startShutdown(stop));
    }
}
