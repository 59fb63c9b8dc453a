package dev.switchboard.plugins.guard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a built Switchboard plugin jar will load in the host, and names the fix when it will not.
 *
 * <p>A plugin jar must
 * <ul>
 *   <li>contain a non-empty {@code META-INF/extensions.idx} (written by pf4j's annotation processor) whose
 *       classes are all in the jar;</li>
 *   <li>carry the manifest entries {@code Plugin-Id} (lower case, URL-safe), {@code Plugin-Version} (SemVer) and
 *       {@code Plugin-Requires}, with no unresolved {@code ${...}} Maven properties;</li>
 *   <li>not bundle classes the host provides or keeps private: the SPI, pf4j, SLF4J, Vert.x, Jackson. pf4j's
 *       plugin class loader is parent-last, so bundled copies would shadow the host's and break casts.</li>
 * </ul>
 *
 * <p>The Maven goal {@code switchboard:check} ({@link CheckMojo}), which {@code switchboard-plugin-parent} binds to
 * the {@code verify} phase, runs it on every plugin jar. The checks themselves use the JDK only.
 */
public final class PluginJarGuard {

    /** The pf4j extension index. */
    static final String EXTENSIONS_IDX = "META-INF/extensions.idx";

    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(-(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
            + "(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?");
    private static final Pattern MULTI_RELEASE = Pattern.compile("META-INF/versions/\\d+/");

    /** A package prefix plugins must not bundle, with the fix to print. */
    private record Forbidden(String prefix, String fix) {
    }

    private static final List<Forbidden> FORBIDDEN = List.of(
            new Forbidden("dev/switchboard/spi/",
                    "mark dev.switchboard:switchboard-spi as <scope>provided</scope> (the host supplies it; the"
                            + " switchboard-plugin-parent already does, so do not override it or shade it in)"),
            new Forbidden("org/pf4j/",
                    "mark org.pf4j:pf4j as <scope>provided</scope> (the host supplies it)"),
            new Forbidden("org/slf4j/",
                    "mark org.slf4j:slf4j-api as <scope>provided</scope> (the host supplies it) and bundle no"
                            + " logging binding; exclude it from the dependency that pulls it in"
                            + " (see mvn dependency:tree)"),
            new Forbidden("io/vertx/",
                    "remove the io.vertx dependency (or exclude it from the dependency that pulls it in):"
                            + " Vert.x is internal to the host; serve HTTP through AppEndpoint and run background"
                            + " work through AppContext.executor()"),
            new Forbidden("com/fasterxml/jackson/",
                    "remove the Jackson dependency (or exclude it from the dependency that pulls it in), or mark"
                            + " it <scope>provided</scope> if only your tests use it: the host keeps its Jackson"
                            + " private, so use AppContext.json() (JsonCodec) for JSON"));

    private PluginJarGuard() {
    }

    /**
     * Checks one plugin jar.
     *
     * @param jar the jar file
     * @return the problems found, each naming its fix; empty if the jar is a valid plugin
     */
    public static List<String> check(Path jar) {
        return check(jar, Map.of());
    }

    /**
     * Checks one plugin jar, and names which of the build's dependencies brought in each forbidden package.
     *
     * @param jar          the jar file
     * @param dependencies the project's dependencies that may have been bundled: a name to show (for example
     *                     {@code com.fasterxml.jackson.core:jackson-databind:2.19.0 (compile)}) to its jar file
     * @return the problems found, each naming its fix; empty if the jar is a valid plugin
     */
    public static List<String> check(Path jar, Map<String, Path> dependencies) {
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            problems.add("plugin jar " + jar + " does not exist: run the check after the package phase");
            return problems;
        }
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            checkManifest(file.getManifest(), problems);
            checkExtensionIndex(file, problems);
            checkBundledClasses(file, dependencies, problems);
        } catch (IOException e) {
            problems.add("cannot read plugin jar " + jar + ": " + e);
        }
        return problems;
    }

    private static void checkManifest(Manifest manifest, List<String> problems) {
        if (manifest == null) {
            problems.add("no META-INF/MANIFEST.MF: build the plugin with dev.switchboard:switchboard-plugin-parent"
                    + " as parent, whose maven-jar-plugin configuration writes the Plugin-* entries");
            return;
        }
        Attributes main = manifest.getMainAttributes();

        String id = entry(main, "Plugin-Id", "set <plugin.id> in the plugin pom's <properties>", problems);
        if (id != null && !PLUGIN_ID.matcher(id).matches()) {
            problems.add("Plugin-Id '" + id + "' is not a valid app id (it appears in URLs): use 1-64 characters"
                    + " from [a-z0-9._-] starting with a letter or digit, via <plugin.id>");
        }
        String version = entry(main, "Plugin-Version",
                "it is written from ${project.version}; keep the switchboard-plugin-parent maven-jar-plugin"
                        + " configuration (do not replace <manifestEntries>)", problems);
        if (version != null && !SEMVER.matcher(version).matches()) {
            problems.add("Plugin-Version '" + version + "' is not SemVer (MAJOR.MINOR.PATCH[-pre][+build]) and"
                    + " pf4j would reject the plugin: give the module a version such as 1.2.0 or 1.2.0-SNAPSHOT");
        }
        entry(main, "Plugin-Requires",
                "set <plugin.requires> (the switchboard-plugin-parent default is >=SPI version & <2.0.0)", problems);
    }

    /** Returns a manifest entry, or records a problem and returns null when it is missing or unresolved. */
    private static String entry(Attributes main, String name, String fix, List<String> problems) {
        String value = main.getValue(name);
        if (value == null || value.isBlank()) {
            problems.add("manifest lacks " + name + ": " + fix);
            return null;
        }
        if (value.contains("${")) {
            problems.add("manifest entry " + name + " is '" + value + "', an unresolved Maven property: " + fix);
            return null;
        }
        return value.trim();
    }

    private static void checkExtensionIndex(JarFile file, List<String> problems) throws IOException {
        String fix = "annotate extension classes with @org.pf4j.Extension and keep org.pf4j:pf4j in the"
                + " maven-compiler-plugin <annotationProcessorPaths> (inherited from switchboard-plugin-parent;"
                + " JDK 23+ runs no processor found only on the class path)";
        JarEntry index = file.getJarEntry(EXTENSIONS_IDX);
        if (index == null) {
            problems.add("no " + EXTENSIONS_IDX + ", so pf4j finds no extensions: " + fix);
            return;
        }
        List<String> classes = new ArrayList<>();
        try (InputStream in = file.getInputStream(index);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    classes.add(line);
                }
            }
        }
        if (classes.isEmpty()) {
            problems.add(EXTENSIONS_IDX + " lists no extensions: " + fix);
            return;
        }
        for (String className : classes) {
            String path = className.replace('.', '/') + ".class";
            if (file.getJarEntry(path) == null) {
                problems.add(EXTENSIONS_IDX + " lists " + className + " but " + path + " is not in the jar:"
                        + " a stale index from an incremental build; run mvn clean verify");
            }
        }
    }

    private static void checkBundledClasses(JarFile file, Map<String, Path> dependencies, List<String> problems) {
        Map<String, TreeSet<String>> hits = new TreeMap<>();
        for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (!name.endsWith(".class")) {
                continue;
            }
            Matcher versioned = MULTI_RELEASE.matcher(name);
            String path = versioned.lookingAt() ? name.substring(versioned.end()) : name;
            for (Forbidden forbidden : FORBIDDEN) {
                if (path.startsWith(forbidden.prefix())) {
                    hits.computeIfAbsent(forbidden.prefix(), p -> new TreeSet<>()).add(name);
                }
            }
        }
        for (Forbidden forbidden : FORBIDDEN) {
            TreeSet<String> found = hits.get(forbidden.prefix());
            if (found != null) {
                String what = found.size() == 1 ? found.first()
                        : found.size() + " classes under " + forbidden.prefix() + " (e.g. " + found.first() + ")";
                problems.add("bundles " + what + sources(forbidden.prefix(), dependencies) + ": " + forbidden.fix());
            }
        }
    }

    /** " (from a:b:1 (compile), …)" naming the dependencies whose jars hold {@code prefix}, or "". */
    private static String sources(String prefix, Map<String, Path> dependencies) {
        List<String> from = new ArrayList<>();
        for (Map.Entry<String, Path> dependency : new TreeMap<>(dependencies).entrySet()) {
            if (holds(dependency.getValue(), prefix)) {
                from.add(dependency.getKey());
            }
        }
        return from.isEmpty() ? "" : " (from " + String.join(", ", from) + ")";
    }

    private static boolean holds(Path dependency, String prefix) {
        if (!Files.isRegularFile(dependency)) {
            return false;
        }
        try (JarFile file = new JarFile(dependency.toFile(), false)) {
            return file.stream().anyMatch(entry -> entry.getName().startsWith(prefix)
                    && entry.getName().endsWith(".class"));
        } catch (IOException e) {
            return false; // not a jar we can read: it cannot be the source, and the problem is reported anyway
        }
    }

    /**
     * The report of a failed check, one line per problem, as the build prints it.
     *
     * @param jar      the jar checked
     * @param problems the problems {@link #check} found; not empty
     * @param skipHint how to skip the check, for the last line
     * @return the lines
     */
    public static List<String> report(Path jar, List<String> problems, String skipHint) {
        List<String> lines = new ArrayList<>();
        lines.add(jar + " is not a loadable Switchboard plugin (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):");
        problems.forEach(p -> lines.add("  - " + p));
        lines.add("(skip with " + skipHint + " only while investigating)");
        return lines;
    }
}
