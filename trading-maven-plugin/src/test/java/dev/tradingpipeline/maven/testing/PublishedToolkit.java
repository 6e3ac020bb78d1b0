package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The two builds of the published-repository test, each a separate Maven process as on two CI
 * machines: the toolkit's release ({@code mvn deploy -Drevision=...} on a copy of its sources, with
 * the credentials a settings.xml takes from the environment, as its release workflow sets them)
 * and a sibling repository's CI ({@code example-project} with the {@code <repositories>} and
 * settings.xml lines of the README, its workflow's command, an empty local repository and the
 * published repository as the only source of the toolkit).
 *
 * <p>Third-party artifacts (Maven's plugins, Spark, Iceberg) come from a mirror the caller names
 * (the invoking build's local repository as a {@code file://} repository), so that both builds run
 * without a network. The toolkit is published at a version nothing else has, so the sibling can
 * get it from the published repository only; {@link #toolkitOrigins} shows where it came from.
 *
 * <p>By hand, after {@code mvn -B -o -pl trading-maven-plugin -am test-compile}, with the plugin's
 * test class path: {@code main <toolkit dir> <work dir> <maven home>} runs both builds against nginx
 * (or a {@code file://} repository) and prints where their logs are.
 */
public final class PublishedToolkit {

    /** The repository id of the README's lines and of both workflows. */
    public static final String REPOSITORY_ID = "trading-pipeline";
    /** The URL the README's {@code <repositories>} lines show, replaced by the test's repository. */
    public static final String README_URL = "https://maven.pkg.github.com/OWNER/trading-pipeline";
    public static final String README_POM_BLOCK = "sibling-pom";
    public static final String README_SETTINGS_BLOCK = "sibling-settings";
    /** The toolkit's release workflow and its publishing job. */
    public static final String TOOLKIT_WORKFLOW = ".github/workflows/build.yml";
    public static final String PUBLISH_JOB = "publish";
    public static final String SIBLING_WORKFLOW = "example-project/.github/workflows/pipeline.yml";
    /** What a sibling's build of the toolkit's published artifacts needs (not the test helpers, not the benchmarks). */
    public static final List<String> PUBLISHED = List.of("trading-pipeline-parent", "trading-core", "trading-sample",
            "trading-jobs", "trading-maven-plugin");

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern ENV = Pattern.compile("\\$\\{env\\.([A-Za-z0-9_]+)}");

    /** A finished Maven build: its command, exit code, log and how long it took. */
    public record Build(List<String> command, int exitCode, Path log, long millis) {
        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private PublishedToolkit() {
    }

    /**
     * The toolkit's release: copies its sources (the parent, {@code .mvn} and the modules) into
     * {@code work/toolkit} and runs {@code mvn deploy -Drevision=<revision>
     * -Dtrading-pipeline.publish.url=<repositoryUrl>} there, with a settings.xml holding what the
     * release workflow's setup-java step writes (the {@code <server>} whose credentials are
     * environment variables) and a mirror for third-party artifacts. Tests and the invoker ITs are
     * skipped: the build that runs this test has run them.
     *
     * @param credentials the values of the environment variables the workflow's server names
     *                    (user, then password); none for a {@code file://} repository
     */
    public static Build publish(Path toolkitDir, Path work, String revision, String repositoryUrl,
            List<String> credentials, String thirdPartyUrl, Path localRepository, Path mavenHome) throws IOException {
        Path copy = work.resolve("toolkit");
        copySources(toolkitDir, copy);
        Map<String, String> server = workflowServer(toolkitDir.resolve(TOOLKIT_WORKFLOW), PUBLISH_JOB);
        Path settings = work.resolve("publish-settings.xml");
        Files.writeString(settings, """
                <settings>
                  <!-- as actions/setup-java writes it from server-id, server-username, server-password -->
                  <servers>
                    <server>
                      <id>%s</id>
                      <username>${env.%s}</username>
                      <password>${env.%s}</password>
                    </server>
                  </servers>
                %s</settings>
                """.formatted(server.get("server-id"), server.get("server-username"), server.get("server-password"),
                mirror("*", thirdPartyUrl)));
        List<String> args = List.of("-s", settings.toString(), "-Dmaven.repo.local=" + localRepository,
                "deploy", "-Drevision=" + revision, "-Dtrading-pipeline.publish.url=" + repositoryUrl,
                // built and tested by the build that runs this test; a release runs them all
                "-Dmaven.test.skip=true", "-Dinvoker.skip=true", "-Dmdep.skip=true", "-pl", "!trading-bench");
        Map<String, String> env = new TreeMap<>();
        if (!credentials.isEmpty()) {
            env.put(server.get("server-username"), credentials.get(0));
            env.put(server.get("server-password"), credentials.get(1));
        }
        return maven("Maven (toolkit release)", mavenHome, copy, args, env, work.resolve("publish.log"));
    }

    /**
     * A sibling repository's CI: example-project (its pom.xml, config.yaml and sources) in
     * {@code work/sibling}, its parent at {@code revision}, with the README's {@code <repositories>}
     * lines pointing at {@code repositoryUrl}; the README's settings.xml plus a mirror for every
     * other repository; an empty local repository; the command of its workflow's pull-request job.
     *
     * @param credentials the values of the environment variables the README's settings.xml names
     */
    public static Build consume(Path toolkitDir, Path work, String revision, String repositoryUrl,
            List<String> credentials, String thirdPartyUrl, Path mavenHome) throws IOException {
        Path sibling = work.resolve("sibling");
        Path example = toolkitDir.resolve("example-project");
        copyTree(example.resolve("src"), sibling.resolve("src"));
        Files.copy(example.resolve("config.yaml"), sibling.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING);
        String readme = Files.readString(toolkitDir.resolve("README.md"), StandardCharsets.UTF_8);
        Files.writeString(sibling.resolve("pom.xml"), siblingPom(
                Files.readString(example.resolve("pom.xml"), StandardCharsets.UTF_8), revision,
                readmeBlock(readme, README_POM_BLOCK, "xml").replace(README_URL, repositoryUrl)));

        String settingsLines = readmeBlock(readme, README_SETTINGS_BLOCK, "xml");
        Path settings = work.resolve("sibling-settings.xml");
        Files.writeString(settings, settingsLines.replace("</settings>",
                mirror("*,!" + REPOSITORY_ID, thirdPartyUrl) + "</settings>"));
        Path localRepository = Files.createDirectories(work.resolve("sibling-local-repository"));
        try (Stream<Path> entries = Files.list(localRepository)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException(localRepository + " is not empty: the sibling's CI starts from nothing");
            }
        }

        List<String> command = workflowCommand(toolkitDir.resolve(SIBLING_WORKFLOW), "local", "mvn -B verify");
        List<String> args = new ArrayList<>(List.of("-s", settings.toString(), "-Dmaven.repo.local=" + localRepository));
        args.addAll(command.subList(1, command.size()));
        Map<String, String> env = new TreeMap<>();
        List<String> names = envNames(settingsLines);
        if (!credentials.isEmpty()) {
            env.put(names.get(0), credentials.get(0));
            env.put(names.get(1), credentials.get(1));
        }
        return maven("Maven (sibling CI)", mavenHome, sibling, args, env, work.resolve("sibling-ci.log"));
    }

    /**
     * For each of the toolkit's artifacts in a local repository ({@code artifactId/version}), the
     * repositories Maven recorded it came from ({@code _remote.repositories}: {@code file>repo=}).
     */
    public static Map<String, List<String>> toolkitOrigins(Path localRepository) throws IOException {
        Map<String, List<String>> origins = new TreeMap<>();
        Path group = localRepository.resolve("dev/tradingpipeline");
        if (!Files.isDirectory(group)) {
            return origins;
        }
        try (Stream<Path> files = Files.walk(group)) {
            for (Path record : files.filter(p -> p.getFileName().toString().equals("_remote.repositories")).toList()) {
                Path versionDir = record.getParent();
                List<String> repos = Files.readAllLines(record).stream()
                        .filter(l -> !l.startsWith("#") && l.contains(">"))
                        .map(l -> l.substring(l.indexOf('>') + 1, l.length() - (l.endsWith("=") ? 1 : 0)))
                        .distinct().sorted().toList();
                origins.put(versionDir.getParent().getFileName() + "/" + versionDir.getFileName(), repos);
            }
        }
        // a folder without the record holds an artifact installed there, not downloaded
        try (Stream<Path> artifacts = Files.list(group)) {
            for (Path artifact : artifacts.filter(Files::isDirectory).toList()) {
                try (Stream<Path> versions = Files.list(artifact)) {
                    versions.filter(Files::isDirectory).forEach(v -> origins.putIfAbsent(
                            artifact.getFileName() + "/" + v.getFileName(), List.of()));
                }
            }
        }
        return origins;
    }

    /** The URL of the repository (or mirror) with this id in a settings.xml. */
    public static String repositoryUrl(Path settingsXml, String id) throws Exception {
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        var document = factory.newDocumentBuilder().parse(settingsXml.toFile());
        var ids = document.getElementsByTagName("id");
        for (int i = 0; i < ids.getLength(); i++) {
            var node = ids.item(i);
            if (node.getTextContent().trim().equals(id)) {
                var siblings = node.getParentNode().getChildNodes();
                for (int j = 0; j < siblings.getLength(); j++) {
                    if ("url".equals(siblings.item(j).getNodeName())) {
                        return siblings.item(j).getTextContent().trim();
                    }
                }
            }
        }
        throw new IllegalStateException(settingsXml + " has no repository " + id + " with a <url>");
    }

    /** The text of a fenced block of the README between {@code <!-- name ... -->} and {@code <!-- /name -->}. */
    public static String readmeBlock(String readme, String name, String language) {
        int start = readme.indexOf("<!-- " + name);
        int end = readme.indexOf("<!-- /" + name + " -->");
        if (start < 0 || end < start) {
            throw new IllegalStateException("README.md has no block <!-- " + name + " --> ... <!-- /" + name + " -->");
        }
        String block = readme.substring(start, end);
        int open = block.indexOf("```" + language + "\n");
        int close = block.lastIndexOf("```");
        if (open < 0 || close <= open) {
            throw new IllegalStateException("README.md's block " + name + " holds no ```" + language + " fence");
        }
        return block.substring(open + ("```" + language + "\n").length(), close);
    }

    /** The environment variables a settings.xml takes the credentials from: user, then password. */
    public static List<String> envNames(String settingsXml) {
        List<String> names = new ArrayList<>();
        Matcher m = ENV.matcher(settingsXml);
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.size() != 2) {
            throw new IllegalStateException("expected ${env.USER} and ${env.PASSWORD} in " + settingsXml);
        }
        return names;
    }

    /** The {@code with:} of the actions/setup-java step of a workflow's job: server-id and the rest. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> workflowServer(Path workflow, String job) throws IOException {
        for (Map<String, Object> step : steps(workflow, job)) {
            if (String.valueOf(step.get("uses")).startsWith("actions/setup-java@")) {
                Map<String, Object> with = (Map<String, Object>) step.get("with");
                Map<String, String> server = new TreeMap<>();
                for (String key : List.of("server-id", "server-username", "server-password")) {
                    if (with == null || with.get(key) == null) {
                        throw new IllegalStateException(workflow + ": job " + job + "'s setup-java has no " + key);
                    }
                    server.put(key, String.valueOf(with.get(key)));
                }
                return server;
            }
        }
        throw new IllegalStateException(workflow + ": job " + job + " has no actions/setup-java step");
    }

    /** The words of the first {@code run:} of a workflow's job that starts with {@code prefix}. */
    public static List<String> workflowCommand(Path workflow, String job, String prefix) throws IOException {
        for (Map<String, Object> step : steps(workflow, job)) {
            Object run = step.get("run");
            if (run != null && run.toString().trim().startsWith(prefix)) {
                return Arrays.asList(run.toString().trim().split("\\s+"));
            }
        }
        throw new IllegalStateException(workflow + ": job " + job + " runs no '" + prefix + "'");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Path workflow, String job) throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(workflow, StandardCharsets.UTF_8));
        Map<String, Object> jobs = (Map<String, Object>) yaml.get("jobs");
        if (jobs == null || !jobs.containsKey(job)) {
            throw new IllegalStateException(workflow + " has no job " + job);
        }
        return (List<Map<String, Object>>) ((Map<String, Object>) jobs.get(job)).get("steps");
    }

    /** example-project's POM with its parent at {@code revision} and the README's lines before its dependencies. */
    static String siblingPom(String pom, String revision, String repositoriesLines) {
        Matcher parent = Pattern.compile("(?s)(<parent>.*?<version>)[^<]*(</version>)").matcher(pom);
        if (!parent.find()) {
            throw new IllegalStateException("example-project's pom.xml has no <parent> with a <version>");
        }
        String withParent = pom.substring(0, parent.start()) + parent.group(1) + revision + parent.group(2)
                + pom.substring(parent.end());
        int dependencies = withParent.indexOf("  <dependencies>");
        if (dependencies < 0) {
            throw new IllegalStateException("example-project's pom.xml has no <dependencies>");
        }
        return withParent.substring(0, dependencies) + repositoriesLines + "\n" + withParent.substring(dependencies);
    }

    private static String mirror(String mirrorOf, String url) {
        return """
                  <!-- the test's: third-party artifacts from the invoking build's local repository -->
                  <mirrors>
                    <mirror>
                      <id>third-party</id>
                      <mirrorOf>%s</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                """.formatted(mirrorOf, url);
    }

    private static Build maven(String name, Path mavenHome, Path dir, List<String> args, Map<String, String> env,
            Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(mavenHome.resolve("bin/mvn").toString()));
        if (!args.contains("-B")) {
            command.add("-B");
        }
        command.addAll(args);
        TestProcess maven = TestProcess.command(name, command)
                .directory(dir)
                .environment(e -> {
                    e.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
                    // the invoking build's Maven options are not the CI machine's
                    e.remove("MAVEN_OPTS");
                    e.remove("MAVEN_ARGS");
                    e.putAll(env);
                })
                .log(log)
                .start();
        try {
            if (!maven.waitFor(BUILD_TIMEOUT)) {
                maven.stop();
                throw new IllegalStateException(name + " took over " + BUILD_TIMEOUT.toMinutes() + " min; see " + log);
            }
            return new Build(List.copyOf(command), maven.exitCode(), log, maven.elapsedMillis());
        } catch (InterruptedException e) {
            maven.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + name, e);
        }
    }

    /** The parent POM, .mvn and each module of the parent's {@code <modules>}, without their target folders. */
    private static void copySources(Path toolkitDir, Path copy) throws IOException {
        String parent = Files.readString(toolkitDir.resolve("pom.xml"), StandardCharsets.UTF_8);
        Files.createDirectories(copy);
        Files.copy(toolkitDir.resolve("pom.xml"), copy.resolve("pom.xml"), StandardCopyOption.REPLACE_EXISTING);
        copyTree(toolkitDir.resolve(".mvn"), copy.resolve(".mvn"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            Path from = toolkitDir.resolve(module.group(1));
            Files.createDirectories(copy.resolve(module.group(1)));
            Files.copy(from.resolve("pom.xml"), copy.resolve(module.group(1)).resolve("pom.xml"),
                    StandardCopyOption.REPLACE_EXISTING);
            copyTree(from.resolve("src"), copy.resolve(module.group(1)).resolve("src"));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Both builds by hand: {@code <toolkit dir> <work dir> <maven home>}; third-party artifacts from
     * {@code ~/.m2/repository} (the system property {@code thirdParty} names another), the release's
     * local repository in {@code <work dir>/publish-local-repository}.
     */
    public static void main(String[] args) throws Exception {
        Path toolkit = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Path mavenHome = Path.of(args[2]);
        String thirdParty = System.getProperty("thirdParty",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toUri().toString());
        String revision = "0.0.0-it-" + System.currentTimeMillis() / 1000;
        List<String> publisher = List.of("it-publisher", "it-publish-token-" + System.nanoTime());
        List<String> reader = List.of("it-reader", "it-read-token-" + System.nanoTime());
        MavenRepositoryServer server = MavenRepositoryServer.available()
                ? MavenRepositoryServer.start(work.resolve("repository-server"),
                        Map.of(publisher.get(0), publisher.get(1), reader.get(0), reader.get(1)))
                : null;
        try {
            String url = server != null ? server.url().toString()
                    : Files.createDirectories(work.resolve("file-repository")).toUri().toString();
            Build publish = publish(toolkit, work, revision, url, server != null ? publisher : List.of(), thirdParty,
                    work.resolve("publish-local-repository"), mavenHome);
            System.out.println("release " + revision + " to " + url + ": exit " + publish.exitCode() + " in "
                    + publish.millis() + " ms, " + publish.log());
            if (publish.exitCode() != 0) {
                System.exit(1);
            }
            Build sibling = consume(toolkit, work, revision, url, server != null ? reader : List.of(), thirdParty,
                    mavenHome);
            System.out.println("sibling CI: exit " + sibling.exitCode() + " in " + sibling.millis() + " ms, "
                    + sibling.log());
            System.out.println("toolkit origins: " + toolkitOrigins(work.resolve("sibling-local-repository")));
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
