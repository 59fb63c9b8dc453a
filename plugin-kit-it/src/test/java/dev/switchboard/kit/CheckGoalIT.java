package dev.switchboard.kit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard:check} in an outside project: a plugin that shades the SPI, slf4j and Jackson into its jar
 * fails the build, and the message names each dependency and what to do about it.
 */
class CheckGoalIT {

    @Test
    void aPluginBundlingTheSpiSlf4jAndJacksonFailsNamingEachDependency() throws Exception {
        Path project = Files.createTempDirectory("switchboard-bundling-plugin");
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>dev.switchboard</groupId>
                    <artifactId>switchboard-plugin-parent</artifactId>
                    <version>%s</version>
                    <relativePath/>
                  </parent>
                  <groupId>com.example.bad</groupId>
                  <artifactId>bundling-bridge</artifactId>
                  <version>2.0.0</version>
                  <dependencies>
                    <dependency>
                      <groupId>dev.switchboard</groupId>
                      <artifactId>switchboard-spi</artifactId>
                      <scope>compile</scope>
                    </dependency>
                    <dependency>
                      <groupId>org.slf4j</groupId>
                      <artifactId>slf4j-api</artifactId>
                      <scope>compile</scope>
                    </dependency>
                    <dependency>
                      <groupId>com.fasterxml.jackson.core</groupId>
                      <artifactId>jackson-databind</artifactId>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-shade-plugin</artifactId>
                        <executions>
                          <execution>
                            <phase>package</phase>
                            <goals><goal>shade</goal></goals>
                          </execution>
                        </executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(OutsideBuild.version()));
        Path source = Files.createDirectories(project.resolve("src/main/java/com/example/bad"));
        Files.writeString(source.resolve("Hook.java"), """
                package com.example.bad;

                @org.pf4j.Extension
                public class Hook implements dev.switchboard.spi.RegistrationHook {
                    @Override
                    public void onVisitorRegistered(dev.switchboard.spi.RegistrationEvent event,
                                                    dev.switchboard.spi.AppContext context) {
                    }
                }
                """);

        OutsideBuild.Result built = OutsideBuild.mvn(project, "verify");
        assertNotEquals(0, built.status(), built::tail);
        assertTrue(built.log().contains("is not a loadable Switchboard plugin"), built::tail);
        String spi = problem(built, "dev/switchboard/spi/");
        assertTrue(spi.contains("from dev.switchboard:switchboard-spi:" + OutsideBuild.version() + " (compile)")
                && spi.contains("mark dev.switchboard:switchboard-spi as <scope>provided</scope>"), spi);
        String slf4j = problem(built, "org/slf4j/");
        assertTrue(slf4j.contains("org.slf4j:slf4j-api:") && slf4j.contains("mark org.slf4j:slf4j-api as"
                + " <scope>provided</scope>"), slf4j);
        String jackson = problem(built, "com/fasterxml/jackson/");
        assertTrue(jackson.contains("com.fasterxml.jackson.core:jackson-databind:")
                && jackson.contains("remove the Jackson dependency"), jackson);
    }

    /** The build's problem line about a bundled package. */
    private static String problem(OutsideBuild.Result built, String prefix) {
        return built.log().lines().filter(line -> line.contains("- bundles") && line.contains(" under " + prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no problem about " + prefix + ":\n" + built.tail()));
    }
}
