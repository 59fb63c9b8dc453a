package dev.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.PostgresTestSupport;
import dev.switchboard.core.testing.PostgresTestSupport.PgDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/run --db-url} stays usable (issue 29): the seeder writes into PostgreSQL, a history scenario reads
 * what it wrote and a message scenario writes, on one node and on two nodes on the same database, with no errors,
 * and the table reports PostgreSQL's CPU and the notification traffic. Short rounds: this proves the mode, it
 * measures nothing.
 */
class BenchPostgresIT {
    /** A row of the scenarios' table: name, then host rps, p50, p99 and errors. */
    private static final Pattern ROW = Pattern.compile(
            "^(\\d [^|]+?)\\s*\\|\\s*(\\d+)\\s+[\\d.]+\\s+[\\d.]+\\s+(\\d+) \\|", Pattern.MULTILINE);
    /** A row of the CPU table with the PostgreSQL columns: name, host, reference, x, postgresql, notifies, chars. */
    private static final Pattern CPU_ROW = Pattern.compile(
            "^(\\d [^|]+?)\\s*\\|\\s*(\\d+) \\|\\s*(\\d+) \\|\\s*[\\d.]+ \\|\\s*(\\S+) \\|\\s*([\\d.]+) \\|",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void seedsPostgresAndRunsScenariosOnOneAndTwoNodes() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path plugins = Files.createDirectory(dir.resolve("no-plugins"));
        int port = freePortRun();
        try (PgDatabase database = PostgresTestSupport.createDatabase()) {
            ProcessBuilder builder = new ProcessBuilder(root.resolve("bench/run").toString(), "--no-build",
                    "--db-url", database.url(), "--scenarios", "7,6", "--visitors", "50", "--messages", "100",
                    "--duration", "1", "--rounds", "1", "--warmup", "0", "--connections", "8",
                    "--port", Integer.toString(port), "--ref-port", Integer.toString(port + 1))
                    .directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("bench.txt").toFile());
            builder.environment().put("BENCH_PLUGINS_DIR", plugins.toString());
            Process bench = builder.start();
            boolean ended = bench.waitFor(240, TimeUnit.SECONDS);
            if (!ended) {
                bench.descendants().forEach(ProcessHandle::destroy);
                bench.destroyForcibly();
            }
            String output = Files.readString(dir.resolve("bench.txt"), StandardCharsets.UTF_8);
            assertTrue(ended, "bench/run did not end:\n" + output);
            assertEquals(0, bench.exitValue(), output);

            assertTrue(output.contains("seeded 50 visitors, 50 rooms and 100 messages")
                    && output.contains("(PostgreSQL database)"), "the seeder wrote into PostgreSQL:\n" + output);
            String[] passes = output.split("Switchboard bench: store PostgreSQL");
            assertEquals(3, passes.length, "a pass with one node and one with two:\n" + output);
            assertTrue(passes[1].contains(", 1 node(s);") && passes[2].contains(", 2 node(s);"), output);
            for (String pass : List.of(passes[1], passes[2])) {
                assertScenarios(pass);
                assertTrue(pass.contains("host log ERROR lines: 0"), pass);
            }
        }
    }

    /** Both scenarios answered without errors; PostgreSQL worked and messages were announced through it. */
    private static void assertScenarios(String pass) {
        Matcher rows = ROW.matcher(pass);
        int found = 0;
        while (rows.find()) {
            found++;
            assertTrue(Long.parseLong(rows.group(2)) > 0, "no requests answered: " + rows.group());
            assertEquals("0", rows.group(3), "errors: " + rows.group());
        }
        assertEquals(2, found, pass);
        Matcher cpu = CPU_ROW.matcher(pass);
        int measured = 0;
        while (cpu.find()) {
            measured++;
            assertTrue(cpu.group(4).matches("\\d+"), "PostgreSQL's CPU measured: " + cpu.group());
            if (cpu.group(1).startsWith("6 ")) {
                assertTrue(Double.parseDouble(cpu.group(5)) > 0, "messages are announced by NOTIFY: " + cpu.group());
            }
        }
        assertEquals(2, measured, pass);
    }

    /** A port with the next two free as well (the reference server and node 2). */
    private static int freePortRun() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(30_000, 40_000);
            if (free(port) && free(port + 1) && free(port + 2)) {
                return port;
            }
        }
        throw new IOException("no three free ports in a row");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
