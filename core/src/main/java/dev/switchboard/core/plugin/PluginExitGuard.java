package dev.switchboard.core.plugin;

import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a plugin from ending the host quietly. Installed by {@code Main} (never in tests that run a host inside
 * their own JVM):
 * <ul>
 *   <li>A shutdown hook that sees {@code System.exit} called from a plugin's code (any status, 0 included) logs
 *       the app and halts with {@link #PLUGIN_EXIT}, so a supervisor's {@code Restart=on-failure} restarts the
 *       host. Exits the host itself asks for go through {@link #exit}; signals end the host as usual.</li>
 *   <li>An {@link OutOfMemoryError} (on a plugin's thread, an app task, or any thread that lets it escape) is
 *       logged with the app that was running and the host halts with {@link #FATAL_ERROR}: after one, threads
 *       anywhere may have died half-way, and a host that stays up answers nothing.</li>
 * </ul>
 * Why not a {@code SecurityManager} that refuses {@code checkExit}: Java 17 deprecates it for removal, newer JVMs
 * refuse to install one without a flag, and it puts a permission check on many JDK calls.
 */
public final class PluginExitGuard {
    /** A plugin called {@code System.exit}; the host halted instead of exiting with the plugin's status. */
    public static final int PLUGIN_EXIT = 70;
    /** An {@link OutOfMemoryError}; the host halted. */
    public static final int FATAL_ERROR = 71;

    private static final Logger LOG = LoggerFactory.getLogger(PluginExitGuard.class);
    private static volatile boolean installed;
    private static volatile boolean exitByHost;

    private PluginExitGuard() { }

    /** Installs the shutdown hook and the handler of uncaught errors; once per JVM, from {@code Main}. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(PluginExitGuard::onShutdown, "plugin-exit-guard"));
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            haltOnFatal(failure, RunningPlugins.of(thread).orElse(null));
            if (previous != null) {
                previous.uncaughtException(thread, failure);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                failure.printStackTrace();
            }
        });
    }

    /** The host's own {@code System.exit}: the guard lets it through. */
    public static void exit(int status) {
        exitByHost = true;
        System.exit(status);
    }

    /**
     * Halts the host when {@code failure} is an {@link OutOfMemoryError} (and the guard is installed), after one
     * log line naming {@code appId} (the app whose code threw it, or null) and any other app running then.
     * Returns normally for every other failure.
     */
    public static void haltOnFatal(Throwable failure, String appId) {
        if (!installed || !(failure instanceof OutOfMemoryError)) {
            return;
        }
        try {
            LOG.error("OutOfMemoryError on thread {}{}; plugin code running: {}. The host halts with status {}",
                    Thread.currentThread().getName(), appId == null ? "" : " in app " + appId,
                    RunningPlugins.running(), FATAL_ERROR);
        } finally {
            Runtime.getRuntime().halt(FATAL_ERROR);
        }
    }

    private static void onShutdown() {
        if (exitByHost) {
            return;
        }
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            Optional<String> app = exitingApp(thread.getKey(), thread.getValue());
            if (app.isPresent()) {
                LOG.error("App {} called System.exit on thread {}; plugins may not stop the host. "
                        + "The host halts with status {}", app.get(), thread.getKey().getName(), PLUGIN_EXIT);
                Runtime.getRuntime().halt(PLUGIN_EXIT);
            }
        }
    }

    /** The app behind {@code thread}'s call to {@code Runtime.exit}, when it is making one. */
    private static Optional<String> exitingApp(Thread thread, StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals("java.lang.Runtime") && stack[i].getMethodName().equals("exit")) {
                Optional<String> running = RunningPlugins.of(thread);
                if (running.isPresent()) {
                    return running;
                }
                // A thread the plugin started itself: the first caller outside the JDK names the jar.
                for (int j = i + 1; j < stack.length; j++) {
                    String caller = stack[j].getClassName();
                    if (!caller.startsWith("java.")) {
                        return RunningPlugins.definingApp(caller);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
