package dev.switchboard.core.plugin;

import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which app's code each thread is running, and which app a class came from, so that an exit or a fatal error
 * can name the plugin behind it. Every call into a plugin ({@link PluginCalls}, an app's tasks, loading and
 * starting a jar) is bracketed by {@link #enter} and {@link #leave}.
 */
public final class RunningPlugins {
    private static final Map<Thread, String> RUNNING = new ConcurrentHashMap<>();
    private static final Map<String, ClassLoader> LOADERS = new ConcurrentHashMap<>();

    private RunningPlugins() { }

    /** Marks this thread as running {@code appId}'s code; returns what it ran before, for {@link #leave}. */
    static String enter(String appId) {
        return RUNNING.put(Thread.currentThread(), appId);
    }

    /** Ends what {@link #enter} began: the thread runs {@code previous} again (or no app when null). */
    static void leave(String previous) {
        if (previous == null) {
            RUNNING.remove(Thread.currentThread());
        } else {
            RUNNING.put(Thread.currentThread(), previous);
        }
    }

    /** Remembers which loader holds an app's classes, for {@link #definingApp}. */
    static void register(String appId, ClassLoader loader) {
        LOADERS.put(appId, loader);
    }

    /** Forgets an app's loader when its host stops (tests run several hosts in one JVM). */
    static void unregister(String appId, ClassLoader loader) {
        LOADERS.remove(appId, loader);
    }

    /** The app whose code {@code thread} is running, if any. */
    public static Optional<String> of(Thread thread) {
        return Optional.ofNullable(RUNNING.get(thread));
    }

    /** Every app with code running right now, one entry per thread. */
    public static List<String> running() {
        return RUNNING.entrySet().stream().map(entry -> entry.getValue() + " (thread " + entry.getKey().getName() + ")")
                .sorted().toList();
    }

    /**
     * The app whose jar holds class {@code className}: its own jar only, never the host's classes its loader can
     * also see. Used for threads the host did not start for the plugin.
     */
    public static Optional<String> definingApp(String className) {
        String resource = className.replace('.', '/') + ".class";
        for (Map.Entry<String, ClassLoader> entry : LOADERS.entrySet()) {
            if (entry.getValue() instanceof URLClassLoader jar && jar.findResource(resource) != null) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }
}
