package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A SPARK_HOME for the spark target's integration test, assembled from Maven Central jars instead of
 * a downloaded distribution: {@code jars/} holds the runtime closure of Spark SQL plus hadoop-aws and
 * its AWS SDK bundle (as a cluster that reads {@code s3a://} has them), never Iceberg or our own jars,
 * which the spark target must ship with the job; {@code bin/spark-class} and {@code bin/spark-submit}
 * are small POSIX sh scripts that, like Spark's, let Spark's launcher build the java command (class
 * path, memory, the Java 17 module options); {@code conf/log4j2.properties} keeps the logs quiet.
 *
 * <p>The jars come from a nested Maven build of a small pom ({@code spark-home-pom.xml}, a test
 * resource filtered with this build's Spark, Scala and Hadoop versions) that prints the closure's
 * paths in the local repository ({@code dependency:build-classpath}); they are then hard-linked (or
 * copied, across file systems) into {@code jars/}. Why a nested build: maven-dependency-plugin's
 * {@code copy} does not resolve transitive dependencies and {@code copy-dependencies} copies only a
 * project's own, which would put Spark on this module's test class path (that {@code
 * PluginClassPathTest} and the unit tests must not see). The nested build resolves the way the
 * caller says: in an invoker script, {@code -s <cloneProjectsTo>/interpolated-settings.xml
 * -Dmaven.repo.local=<localRepositoryPath>} resolves from the invoking build's local repository
 * (a {@code file://} repository, allowed offline too) and then Maven Central; by hand, {@code -o}
 * reads the local repository alone.
 *
 * <p>Assembled once and reused: a home whose {@code .assembly/pom.xml} equals the current pom and
 * whose assembly completed is kept as it is (only the scripts and configuration are rewritten).
 */
public final class SparkHome {

    /** The Scala version of the jars; Spark's launcher needs it ({@code SPARK_SCALA_VERSION}). */
    public static final String SCALA_VERSION = "2.12";

    private static final String POM_RESOURCE = "spark-home-pom.xml";
    private static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(10);
    /**
     * By full coordinates, the parent pom's version: a prefix ({@code dependency:}) would need the
     * plugin group's metadata, which a fresh local repository does not have offline.
     */
    private static final String BUILD_CLASSPATH = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath";

    private SparkHome() {
    }

    /**
     * Assembles (or reuses) a SPARK_HOME at {@code sparkHome}.
     *
     * @param mavenHome the Maven installation that resolves the jars (in invoker scripts, the system
     *                  property {@code maven.home})
     * @param mavenArguments extra arguments of the nested build, e.g. {@code -o},
     *                  {@code -Dmaven.repo.local=...}, {@code -s settings.xml}
     * @return {@code sparkHome}
     */
    public static Path assemble(Path sparkHome, Path mavenHome, List<String> mavenArguments) throws IOException {
        Path home = sparkHome.toAbsolutePath();
        Path assembly = Files.createDirectories(home.resolve(".assembly"));
        String pom = pom();
        Path pomFile = assembly.resolve("pom.xml");
        Path complete = assembly.resolve("complete");
        boolean reuse = Files.exists(complete) && Files.exists(pomFile) && Files.readString(pomFile).equals(pom);
        if (!reuse) {
            Files.deleteIfExists(complete);
            Files.writeString(pomFile, pom);
            List<Path> jars = resolve(assembly, mavenHome, mavenArguments);
            linkJars(jars, home.resolve("jars"));
        }
        writeScripts(home);
        if (!reuse) {
            Files.writeString(complete, "");
        }
        return home;
    }

    /** The environment that Spark's scripts and launcher need, for a process that runs them. */
    public static Map<String, String> environment(Path sparkHome) {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", sparkHome.toAbsolutePath().toString());
        env.put("SPARK_SCALA_VERSION", SCALA_VERSION);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return env;
    }

    /** {@code bin/spark-submit} of a home. */
    public static Path sparkSubmit(Path sparkHome) {
        return sparkHome.resolve("bin/spark-submit");
    }

    /** {@code bin/spark-class} of a home. */
    public static Path sparkClass(Path sparkHome) {
        return sparkHome.resolve("bin/spark-class");
    }

    private static String pom() throws IOException {
        try (InputStream in = SparkHome.class.getResourceAsStream(POM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(POM_RESOURCE + " is not on the class path next to "
                        + SparkHome.class.getName() + ": build the plugin's test resources (process-test-resources)");
            }
            String pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (pom.contains("${")) {
                throw new IllegalStateException(POM_RESOURCE + " was not filtered: " + pom.lines()
                        .filter(l -> l.contains("${")).findFirst().orElse("").trim());
            }
            return pom;
        }
    }

    /** Runs the nested build on {@code .assembly/pom.xml}; returns the jars' paths in the local repository. */
    private static List<Path> resolve(Path assembly, Path mavenHome, List<String> mavenArguments) throws IOException {
        Path classpathFile = assembly.resolve("classpath.txt");
        Files.deleteIfExists(classpathFile);
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin/mvn").toString(), "-B", "-q",
                "-f", assembly.resolve("pom.xml").toString()));
        // offline (-o), a file:// repository such as the invoker settings' local.central still serves
        command.add("-Daether.offline.protocols=file");
        command.addAll(mavenArguments);
        command.addAll(List.of(BUILD_CLASSPATH, "-Dmdep.includeScope=runtime",
                "-Dmdep.outputFile=" + classpathFile));
        Path log = assembly.resolve("maven.log");
        TestProcess maven = TestProcess.command("Maven (SPARK_HOME jars)", command)
                .directory(assembly)
                .environment(env -> env.putIfAbsent("JAVA_HOME", System.getProperty("java.home")))
                .log(log)
                .start();
        try {
            if (!maven.waitFor(RESOLVE_TIMEOUT)) {
                maven.stop();
                throw new IllegalStateException("Resolving the SPARK_HOME jars took over "
                        + RESOLVE_TIMEOUT.toMinutes() + " min; see " + log);
            }
            int code = maven.exitCode();
            if (code != 0 || !Files.exists(classpathFile)) {
                throw new IllegalStateException("Resolving the SPARK_HOME jars failed (" + String.join(" ", command)
                        + ", exit code " + code + "). The last lines of its output (" + log + "):\n"
                        + String.join("\n", maven.tail(TestProcess.TAIL_LINES)));
            }
        } catch (InterruptedException e) {
            maven.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resolving the SPARK_HOME jars", e);
        }
        List<Path> jars = new ArrayList<>();
        for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    /** Hard links (copies across file systems) the jars into {@code jars/}, under their own file names. */
    private static void linkJars(List<Path> jars, Path jarsDir) throws IOException {
        if (Files.exists(jarsDir)) {
            try (Stream<Path> old = Files.walk(jarsDir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(jarsDir);
        for (Path jar : jars) {
            Path link = jarsDir.resolve(jar.getFileName().toString());
            try {
                Files.createLink(link, jar);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalStateException("Two jars of the Spark closure have the same file name "
                        + jar.getFileName() + ": " + jar + " and another; Spark's jars/ cannot hold both", e);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(jar, link, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Writes {@code bin/}, {@code conf/} and the launcher's Scala folder: everything but {@code jars/}. */
    static void writeScripts(Path home) throws IOException {
        // Spark's launcher finds the Scala version here when SPARK_SCALA_VERSION is not set
        Files.createDirectories(home.resolve("launcher/target/scala-" + SCALA_VERSION));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/log4j2.properties"), LOG4J2);
        Path bin = Files.createDirectories(home.resolve("bin"));
        writeExecutable(bin.resolve("spark-class"), SPARK_CLASS);
        writeExecutable(bin.resolve("spark-submit"), SPARK_SUBMIT);
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("Cannot make " + file + " executable: not a POSIX file system", e);
        }
    }

    private static final String SPARK_CLASS = """
            #!/bin/sh
            # Runs a Spark class as Spark's bin/spark-class does: Spark's launcher
            # (org.apache.spark.launcher.Main) builds the java command (class path, memory, the Java 17
            # module options, spark-submit's options) and prints a NUL line and then the command's
            # words, each ended by NUL; this script runs that command in its own place (exec), so that
            # stopping this process stops the JVM. POSIX sh cannot hold a NUL, so each word becomes a
            # line quoted for eval: an argument with a line break in it is not supported.
            set -e
            if [ -z "${SPARK_HOME:-}" ]; then
              SPARK_HOME=$(cd "$(dirname "$0")/.." && pwd)
            fi
            export SPARK_HOME
            SPARK_SCALA_VERSION=${SPARK_SCALA_VERSION:-2.12}
            export SPARK_SCALA_VERSION
            if [ -n "${JAVA_HOME:-}" ]; then
              RUNNER="$JAVA_HOME/bin/java"
            else
              RUNNER=java
            fi
            if [ ! -d "$SPARK_HOME/jars" ]; then
              echo "Failed to find Spark jars directory ($SPARK_HOME/jars)." >&2
              exit 1
            fi
            command_file=$(mktemp "${TMPDIR:-/tmp}/spark-class.XXXXXX")
            status=0
            "$RUNNER" -Xmx128m ${SPARK_LAUNCHER_OPTS:-} -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@" \\
              >"$command_file" || status=$?
            if [ "$status" -ne 0 ]; then
              rm -f "$command_file"
              exit "$status"
            fi
            if [ "$(head -c 2 "$command_file" | od -An -c | tr -d ' ')" != '\\0\\n' ]; then
              echo "Spark's launcher printed no command:" >&2
              cat "$command_file" >&2
              rm -f "$command_file"
              exit 1
            fi
            words=$(tail -c +3 "$command_file" | tr '\\000' '\\n' | sed -e "s/'/'\\\\\\\\''/g" -e "s/^/'/" -e "s/\\$/'/" | tr '\\n' ' ')
            rm -f "$command_file"
            eval "set -- $words"
            exec "$@"
            """;

    private static final String SPARK_SUBMIT = """
            #!/bin/sh
            # Submits an application as Spark's bin/spark-submit does, through bin/spark-class.
            if [ -z "${SPARK_HOME:-}" ]; then
              SPARK_HOME=$(cd "$(dirname "$0")/.." && pwd)
              export SPARK_HOME
            fi
            exec "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.SparkSubmit "$@"
            """;

    private static final String LOG4J2 = """
            # Quiet: warnings and errors only, on stderr (Spark's own log4j2.properties.template, at WARN).
            rootLogger.level = warn
            rootLogger.appenderRef.stderr.ref = console
            appender.console.type = Console
            appender.console.name = console
            appender.console.target = SYSTEM_ERR
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
            # noisy at WARN and harmless here
            logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
            logger.nativecode.level = error
            logger.metrics.name = org.apache.hadoop.metrics2
            logger.metrics.level = error
            """;
}
