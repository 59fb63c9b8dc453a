package dev.switchboard.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.testing.ApiClient;
import dev.switchboard.testkit.PluginTestHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Issue 28's acceptance: a plugin generated from the archetype into a folder outside this repository builds with
 * {@code mvn verify} against the installed artifacts, its generated tests run and pass, and its jar loads into a
 * started host whose endpoint answers.
 */
class ArchetypePluginIT {

    @Test
    void aGeneratedPluginBuildsRunsItsTestsAndServesItsEndpointInAHost() throws Exception {
        Path workspace = Files.createTempDirectory("switchboard-outside-plugin");
        OutsideBuild.Result generated = OutsideBuild.mvn(workspace,
                "org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("kit.archetype.version",
                        "3.4.1") + ":generate",
                "-DarchetypeGroupId=dev.switchboard", "-DarchetypeArtifactId=switchboard-plugin-archetype",
                "-DarchetypeVersion=" + OutsideBuild.version(), "-DarchetypeCatalog=internal",
                "-DgroupId=com.example.hello", "-DartifactId=hello-bridge", "-Dversion=1.0.0-SNAPSHOT",
                "-Dpackage=com.example.hello");
        assertEquals(0, generated.status(), generated::tail);
        Path project = workspace.resolve("hello-bridge");
        assertTrue(Files.readString(project.resolve("pom.xml")).contains("<plugin.id>hello-bridge</plugin.id>"));

        OutsideBuild.Result built = OutsideBuild.mvn(project, "verify");
        assertEquals(0, built.status(), built::tail);
        List<int[]> summaries = built.testSummaries();
        assertEquals(2, summaries.size(), () -> "one Surefire and one Failsafe run expected:\n" + built.tail());
        for (int[] summary : summaries) {
            assertTrue(summary[0] > 0, () -> "a run with no tests:\n" + built.tail());
            assertEquals(0, summary[1] + summary[2] + summary[3], () -> "failed or skipped tests:\n" + built.tail());
        }
        assertTrue(built.log().contains("Switchboard plugin jar OK"), built::tail);

        Path jar = project.resolve("target/hello-bridge-1.0.0-SNAPSHOT.jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals(OutsideBuild.version(), file.getManifest().getMainAttributes().getValue("Switchboard-Version"));
            assertTrue(file.getManifest().getMainAttributes().getValue("Plugin-Requires").startsWith(">="));
        }
        String token = "0123456789abcdef";
        try (PluginTestHost host = PluginTestHost.withJar(jar).setting("webhookToken", token).start()) {
            assertEquals("hello-bridge", host.appId());
            ApiClient.Response answer = host.client().send("POST", host.endpoint("webhook"),
                    "{\"id\":\"d-1\",\"from\":\"c-1\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "X-Webhook-Token", token));
            assertEquals(200, answer.status(), answer::toString);
            String visitorToken = answer.json().get("token").asText();
            assertTrue(host.visitor(visitorToken).get("externalIds").toString().contains("\"c-1\""));
        }
    }
}
