package dev.tradingpipeline.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import dev.tradingpipeline.maven.config.OverrideSource;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.classworlds.ClassWorld;
import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

/**
 * The old property names of goal parameters, read through the parameter's default value: the goals
 * are configured here as Maven configures them, by Maven's own expression evaluator and component
 * configurator from the built plugin descriptor, with no {@code <configuration>} in the POM.
 */
class DeprecatedParameterNamesTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** The goal configured from the descriptor with these user ({@code -D}) and project properties. */
    private static <T extends Mojo> T configured(T mojo, String goal, Properties user, Properties project)
            throws Exception {
        Xpp3Dom descriptor;
        try (InputStream in = DeprecatedParameterNamesTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in).as("plugin descriptor on the test class path").isNotNull();
            descriptor = Xpp3DomBuilder.build(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Xpp3Dom configuration = Arrays.stream(descriptor.getChild("mojos").getChildren("mojo"))
                .filter(m -> goal.equals(m.getChild("goal").getValue()))
                .findFirst().orElseThrow().getChild("configuration");
        MojoDescriptor mojoDescriptor = new MojoDescriptor();
        mojoDescriptor.setGoal(goal);
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setUserProperties(user);
        request.setSystemProperties(new Properties());
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        MavenProject mavenProject = new MavenProject();
        mavenProject.getProperties().putAll(project);
        session.setCurrentProject(mavenProject);
        ClassWorld world = new ClassWorld("plugin", DeprecatedParameterNamesTest.class.getClassLoader());
        new BasicComponentConfigurator().configureComponent(mojo, new XmlPlexusConfiguration(configuration),
                new PluginParameterExpressionEvaluator(session, new MojoExecution(mojoDescriptor)),
                world.getRealm("plugin"));
        return mojo;
    }

    private static Object field(Object mojo, String name) throws Exception {
        Class<?> c = mojo.getClass();
        while (c != null) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(mojo);
            } catch (NoSuchFieldException e) {
                c = c.getSuperclass();
            }
        }
        throw new NoSuchFieldException(name);
    }

    @Test
    void aStringParameterTakesItsOldNameAndTheNewOneWins() throws Exception {
        assertThat(field(configured(new WatchMojo(), "watch", props(), props()), "jobRunId")).isNull();
        assertThat(field(configured(new WatchMojo(), "watch", props("trading.watch.job-run-id", "00new"), props()),
                "jobRunId")).isEqualTo("00new");
        assertThat(field(configured(new WatchMojo(), "watch", props("trading.jobRunId", "00old"), props()),
                "jobRunId")).isEqualTo("00old");
        assertThat(field(configured(new WatchMojo(), "watch", props(), props("trading.jobRunId", "00pom")),
                "jobRunId")).isEqualTo("00pom");
        assertThat(field(configured(new WatchMojo(), "watch",
                props("trading.jobRunId", "00old", "trading.watch.job-run-id", "00new"), props()), "jobRunId"))
                .isEqualTo("00new");

        assertThat(field(configured(new ReportMojo(null), "report", props("trading.run-id", "latest"), props()),
                "runId")).isEqualTo("latest");
        assertThat(field(configured(new TeardownMojo(), "teardown", props("trading.confirm", "quant"), props()),
                "confirm")).isEqualTo("quant");
        assertThat(field(configured(new TeardownMojo(), "teardown",
                props("trading.confirm", "quant", "trading.teardown.confirm", "prod"), props()), "confirm"))
                .isEqualTo("prod");
    }

    @Test
    void aBooleanParameterKeepsItsDefaultTakesItsOldNameAndTheNewOneWins() throws Exception {
        // submit, report and maintain cancel an interrupted run by default, watch does not
        assertThat(field(configured(new SubmitMojo(null), "submit", props(), props()), "cancelOnInterrupt"))
                .isEqualTo(true);
        assertThat(field(configured(new WatchMojo(), "watch", props(), props()), "cancelOnInterrupt"))
                .isEqualTo(false);
        assertThat(field(configured(new SampleDataMojo(), "sample-data", props(), props()), "onlyIfEmpty"))
                .isEqualTo(false);

        assertThat(field(configured(new SubmitMojo(null), "submit", props("trading.cancelOnInterrupt", "false"),
                props()), "cancelOnInterrupt")).isEqualTo(false);
        assertThat(field(configured(new MaintainMojo(null), "maintain",
                props("trading.watch.cancel-on-interrupt", "false"), props()), "cancelOnInterrupt")).isEqualTo(false);
        assertThat(field(configured(new WatchMojo(), "watch", props("trading.cancelOnInterrupt", "true"), props()),
                "cancelOnInterrupt")).isEqualTo(true);
        assertThat(field(configured(new SampleDataMojo(), "sample-data", props("trading.sampleOnlyIfEmpty", "true"),
                props()), "onlyIfEmpty")).isEqualTo(true);
        assertThat(field(configured(new SampleDataMojo(), "sample-data", props(),
                props("trading.sample-data.only-if-empty", "true")), "onlyIfEmpty")).isEqualTo(true);

        assertThat(field(configured(new SubmitMojo(null), "submit",
                props("trading.cancelOnInterrupt", "false", "trading.watch.cancel-on-interrupt", "true"), props()),
                "cancelOnInterrupt")).isEqualTo(true);
        assertThat(field(configured(new SampleDataMojo(), "sample-data",
                props("trading.sampleOnlyIfEmpty", "true", "trading.sample-data.only-if-empty", "false"), props()),
                "onlyIfEmpty")).isEqualTo(false);
    }

    @Test
    void theParametersThatKeptTheirNamesKeepTheirDefaults() throws Exception {
        SetupMojo setup = configured(new SetupMojo(), "setup", props(), props());
        assertThat(field(setup, "templateOnly")).isEqualTo(false);
        assertThat(field(setup, "timeout")).isEqualTo("1h");
        SubmitMojo submit = configured(new SubmitMojo(null), "submit", props("mode", "strategy", "trading.wait", "false"),
                props());
        assertThat(field(submit, "mode")).isEqualTo("strategy");
        assertThat(field(submit, "waitForRun")).isEqualTo(false);
        assertThat(field(submit, "skip")).isEqualTo(false);
    }

    @Test
    void theDryRunOfAPlanReachesEveryGoalThatTakesItMaintainsOwnDryRunStaysApart() throws Exception {
        Map<String, Mojo> goals = Map.of("submit", new SubmitMojo(null), "maintain", new MaintainMojo(null),
                "report", new ReportMojo(null), "deploy", new DeployMojo(null));
        for (Map.Entry<String, Mojo> goal : goals.entrySet()) {
            assertThat(field(configured(goal.getValue(), goal.getKey(), props("trading.dry-run", "true"), props()),
                    "planOnly")).as(goal.getKey()).isEqualTo(true);
        }
        MaintainMojo maintain = configured(new MaintainMojo(null), "maintain", props("trading.dry-run", "true"), props());
        // the plan is not maintenance's dry run (maintenance.dry-run), which runs the job
        assertThat(field(maintain, "dryRun")).isNull();
        assertThat(field(configured(new SubmitMojo(null), "submit", props(), props()), "planOnly")).isEqualTo(false);
    }

    @Test
    void maintainsOldPomParametersStillSetTheConfigKeys() throws Exception {
        MaintainMojo maintain = configured(new MaintainMojo(null), "maintain", props(), props());
        assertThat(maintain.goalOverrides()).isEmpty();
        for (String[] parameter : new String[][] {{"dryRun", "true"}, {"tables", " ops.landing_files "}}) {
            Field f = MaintainMojo.class.getDeclaredField(parameter[0]);
            f.setAccessible(true);
            f.set(maintain, parameter[0].equals("dryRun") ? (Object) Boolean.TRUE : parameter[1]);
        }

        assertThat(maintain.goalOverrides()).extracting(OverrideSource::values).containsExactly(
                Map.of("maintenance.dry-run", "true"), Map.of("maintenance.tables", "ops.landing_files"));
    }
}
