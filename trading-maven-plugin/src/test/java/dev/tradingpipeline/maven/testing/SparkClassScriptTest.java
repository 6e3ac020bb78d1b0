package dev.tradingpipeline.maven.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.testing.TestProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SparkHome's {@code bin/spark-class} without Spark: a stand-in {@code java} prints what Spark's
 * launcher prints (a NUL line, then a command's words, each ended by NUL), here a command that
 * prints its own arguments, so the test sees what reached the command.
 */
class SparkClassScriptTest {

    /** Stands in for java running org.apache.spark.launcher.Main; records its own arguments. */
    private static final String FAKE_JAVA = """
            #!/bin/sh
            printf '%s\\n' "$@" > "$SPARK_HOME/launcher-args"
            while [ "$1" != org.apache.spark.launcher.Main ]; do shift; done
            shift
            case "$1" in
              fail) echo "launcher failed" >&2; exit 3 ;;
              no-command) echo "some text"; exit 0 ;;
            esac
            printf '\\0\\n'
            printf '%s\\0' /bin/sh -c 'echo "pid $$"; for a; do printf "[%s]\\n" "$a"; done' sh "$@"
            """;

    @TempDir
    Path dir;
    Path home;
    Path javaHome;

    @BeforeEach
    void homeWithAFakeJava() throws Exception {
        home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        SparkHome.writeScripts(home);
        javaHome = dir.resolve("jdk");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void runsTheLaunchersCommandInItsOwnPlaceWithEveryArgumentIntact() throws Exception {
        List<String> arguments = List.of("a b", "it's", "", "$HOME", "back\\slash", "*", "\"quoted\"",
                "--conf", "spark.x=y z", "tab\there");

        TestProcess p = run(arguments);

        assertThat(p.exitCode()).isZero();
        List<String> lines = p.output().lines().toList();
        // exec: the command is the process that was started, so stopping it stops the JVM
        assertThat(lines.get(0)).isEqualTo("pid " + p.pid());
        List<String> expected = new ArrayList<>();
        for (String a : arguments) {
            expected.add("[" + a + "]");
        }
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
        assertThat(Files.readAllLines(home.resolve("launcher-args")))
                .containsSubsequence("-cp", home + "/jars/*", "org.apache.spark.launcher.Main", "a b");
    }

    @Test
    void aFailingLauncherFailsWithItsExitCodeAndRunsNothing() throws Exception {
        TestProcess p = run(List.of("fail"));

        assertThat(p.exitCode()).isEqualTo(3);
        assertThat(p.output()).contains("launcher failed").doesNotContain("pid ");
    }

    @Test
    void aLauncherOutputWithoutTheNulLineFailsShowingWhatItPrinted() throws Exception {
        TestProcess p = run(List.of("no-command"));

        assertThat(p.exitCode()).isEqualTo(1);
        assertThat(p.output()).contains("Spark's launcher printed no command:").contains("some text");
    }

    @Test
    void sparkSubmitRunsSparkSubmitThroughSparkClass() throws Exception {
        TestProcess p = TestProcess.command("spark-submit", List.of(SparkHome.sparkSubmit(home).toString(),
                "--version")).environment(env -> {
                    env.remove("SPARK_HOME");
                    env.put("JAVA_HOME", javaHome.toString());
                })
                .log(dir.resolve("spark-submit.log")).start();

        assertThat(p.exitCode()).isZero();
        assertThat(p.output().lines().skip(1)).containsExactly("[org.apache.spark.deploy.SparkSubmit]",
                "[--version]");
    }

    private TestProcess run(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(SparkHome.sparkClass(home).toString()));
        command.addAll(arguments);
        return TestProcess.command("spark-class", command)
                .environment(env -> {
                    env.remove("SPARK_HOME");
                    env.put("JAVA_HOME", javaHome.toString());
                })
                .log(dir.resolve("spark-class.log"))
                .start();
    }
}
