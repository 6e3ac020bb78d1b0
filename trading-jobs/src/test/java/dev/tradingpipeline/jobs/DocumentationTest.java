package dev.tradingpipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md is the entry point and docs/ the rest: every relative link between them must lead to a
 * file, and to a heading of it, that exists; the quick start must be what CI runs.
 */
class DocumentationTest {

    private static final Path TOP = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String target : links(Files.readString(page, StandardCharsets.UTF_8))) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                String where = TOP.relativize(page) + ": (" + target + ")";
                if (!Files.exists(resolved)) {
                    broken.add(where + " leads to no file");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(where + " leads to no heading '#" + anchor + "' in " + TOP.relativize(resolved));
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(50);
    }

    @Test
    void theLinkCheckerFindsHeadingsAsGitHubNamesThem() {
        assertThat(slugs("# The AWS resources as one stack: `mvn trading:setup`\n## Only the table's own files\n"
                + "```\n# not a heading\n```\n## Notes\n## Notes\n"))
                .containsExactlyInAnyOrder("the-aws-resources-as-one-stack-mvn-tradingsetup", "only-the-tables-own-files",
                        "notes", "notes-1");
        assertThat(links("[a](x.md#y) `[b](not-a-link.md)`\n```\n[c](in-code.md)\n```\n\n    [d](indented-code.md)\n"))
                .containsExactly("x.md#y");
    }

    @Test
    void theQuickStartHasTwoCommandsAndTheyAreWhatCiRuns() throws IOException {
        String readme = Files.readString(TOP.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Quick start\n");
        assertThat(start).as("README.md has a Quick start").isGreaterThanOrEqualTo(0);
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String> commands = section.lines().filter(l -> l.startsWith("    ")).map(String::trim).toList();
        assertThat(commands).containsExactly("mvn -B install", "mvn -B -f example-project verify");
        List<String> ci = Files.readAllLines(TOP.resolve(".ci/run")).stream().map(String::trim).toList();
        assertThat(ci).as(".ci/run runs the quick start's commands").containsSubsequence(commands);
    }

    @Test
    void theReadmeStaysAShortEntryPoint() throws IOException {
        assertThat(Files.readAllLines(TOP.resolve("README.md"))).hasSizeLessThanOrEqualTo(250);
    }

    @Test
    void theOwnRepositoryPageHoldsThePomItsIntegrationTestBuilds() throws IOException {
        String page = Files.readString(TOP.resolve("docs/own-repository.md"), StandardCharsets.UTF_8);
        int start = page.indexOf("<!-- own-repository-pom");
        int end = page.indexOf("<!-- /own-repository-pom -->");
        assertThat(start).as("the block src/it/own-repository/setup.groovy reads").isGreaterThanOrEqualTo(0);
        assertThat(page.substring(start, end)).contains("```xml").contains("<artifactId>trading-pipeline-parent</artifactId>");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(TOP.resolve("README.md"), TOP.resolve("example-project/README.md"),
                TOP.resolve("bench/README.md")));
        try (Stream<Path> docs = Files.list(TOP.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The targets of the Markdown links of a page, outside code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find()) {
                targets.add(m.group(2));
            }
        }
        return targets;
    }

    private static Set<String> anchors(Path file) throws IOException {
        if (Files.isDirectory(file) || !file.toString().endsWith(".md")) {
            return Set.of();
        }
        return slugs(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The anchors GitHub gives a page's headings (a repeated one gets -1, -2, ...), and HTML anchors. */
    static Set<String> slugs(String markdown) {
        Set<String> slugs = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = h.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_ -]", "").replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                slugs.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
            Matcher a = HTML_ANCHOR.matcher(line);
            while (a.find()) {
                slugs.add(a.group(1));
            }
        }
        return slugs;
    }

    /** The lines of a page outside fenced and indented code blocks. */
    private static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        boolean indented = false;
        boolean previousBlank = true;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```") || line.startsWith("~~~")) {
                fenced = !fenced;
            } else if (!fenced) {
                boolean blank = line.isBlank();
                indented = !blank && (line.startsWith("    ") || line.startsWith("\t")) && (previousBlank || indented);
                if (!indented) {
                    lines.add(line);
                }
                previousBlank = blank;
            }
        }
        return lines;
    }
}
