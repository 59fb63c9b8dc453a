package dev.switchboard.plugins.guard;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code switchboard:check}: fails the build when the plugin jar would not load in a Switchboard host (see
 * {@link PluginJarGuard}), one line per problem, each naming its fix and, for a bundled host library, the
 * dependency that brought it in. {@code switchboard-plugin-parent} binds it to {@code verify}. Projects whose
 * packaging is not {@code jar} (a parent POM) are skipped.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.TEST)
public class CheckMojo extends AbstractMojo {

    /** The project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** The plugin jar to check. */
    @Parameter(property = "switchboard.check.jar",
            defaultValue = "${project.build.directory}/${project.build.finalName}.jar")
    private File jar;

    /** Skips the check; only for investigating a failure. */
    @Parameter(property = "switchboard.check.skip", defaultValue = "false")
    private boolean skip;

    /** Creates the goal; Maven instantiates it. */
    public CheckMojo() {
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("switchboard:check skipped (switchboard.check.skip)");
            return;
        }
        if (!"jar".equals(project.getPackaging())) {
            getLog().info("switchboard:check skipped: packaging is " + project.getPackaging() + ", not jar");
            return;
        }
        Path plugin = jar.toPath();
        List<String> problems = PluginJarGuard.check(plugin, dependencies());
        if (problems.isEmpty()) {
            getLog().info("Switchboard plugin jar OK: " + plugin);
            return;
        }
        List<String> report = PluginJarGuard.report(plugin, problems, "-Dswitchboard.check.skip=true");
        report.forEach(getLog()::error);
        throw new MojoFailureException(String.join(System.lineSeparator(), report));
    }

    /** Every resolved dependency with its jar, named {@code group:artifact:version (scope)}. */
    private Map<String, Path> dependencies() {
        Map<String, Path> named = new LinkedHashMap<>();
        for (Artifact artifact : project.getArtifacts()) {
            if (artifact.getFile() != null) {
                named.put(artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getVersion()
                        + " (" + artifact.getScope() + ")", artifact.getFile().toPath());
            }
        }
        return named;
    }
}
