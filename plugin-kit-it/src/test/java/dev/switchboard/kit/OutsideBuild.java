package dev.switchboard.kit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Maven on a project outside the reactor as its team would, with this build's artifacts in the private
 * local repository the invoker plugin filled ({@code kit.repo}); third-party artifacts come from the outer
 * build's local repository, else Maven Central, through a settings file written here.
 */
final class OutsideBuild {
    private static final Pattern SUMMARY = Pattern.compile(
            "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)\\s*$", Pattern.MULTILINE);

    /** What a Maven run did: its exit status and its log. */
    record Result(int status, String log) {
        /** The closing counts of each Surefire and Failsafe run, in order: {run, failures, errors, skipped}. */
        List<int[]> testSummaries() {
            List<int[]> summaries = new ArrayList<>();
            Matcher matcher = SUMMARY.matcher(log.replace("\r", ""));
            while (matcher.find()) {
                summaries.add(new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4))});
            }
            return summaries;
        }

        String tail() {
            return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
        }
    }

    private OutsideBuild() { }

    static String version() {
        return System.getProperty("kit.version");
    }

    /** Runs {@code mvn -B <args>} in {@code dir}, at most ten minutes. */
    static Result mvn(Path dir, String... args) throws IOException, InterruptedException {
        Path settings = settings();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("kit.maven.home"), "bin", "mvn").toString(), "-B",
                "-s", settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("kit.repo")));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("switchboard-kit-build", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", args) + " ran over ten minutes; log: " + log);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(process.exitValue(), text);
    }

    /** The outer build's local repository as a read-only remote: releases only, never its snapshots. */
    private static Path settings() throws IOException {
        Path file = Path.of(System.getProperty("kit.repo")).resolveSibling("it-settings.xml");
        String outer = Path.of(System.getProperty("kit.outer.repo")).toUri().toString();
        String repository = """
                    <id>outer-local</id>
                    <url>%s</url>
                    <releases><enabled>true</enabled></releases>
                    <snapshots><enabled>false</enabled></snapshots>
                """.formatted(outer);
        Files.writeString(file, """
                <settings>
                  <profiles>
                    <profile>
                      <id>outer-local</id>
                      <repositories><repository>
                %s      </repository></repositories>
                      <pluginRepositories><pluginRepository>
                %s      </pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>outer-local</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repository), StandardCharsets.UTF_8);
        return file;
    }
}
