package dev.tradingpipeline.jobs.report;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lays out the {@link ReportSection}s other parts of the project attach, and holds them to the
 * report's promises: ids that make unique element ids, and fragments that neither run a script
 * nor fetch anything (the Content-Security-Policy would block it, leaving a broken page).
 */
final class Sections {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final List<String> FORBIDDEN = List.of("<script", "<iframe", "<object", "<embed", "<link", "<meta",
            "<img", "<base", "<form", "<section", "</section", "src=", "url(", "@import", "javascript:");
    private static final Set<String> RESERVED = Set.of("summary", "run-id", "generated-at");
    private static final Pattern HREF = Pattern.compile("href\\s*=\\s*[\"']?([^\"'\\s>]*)");

    private Sections() {
    }

    /**
     * Checks the sections attached to one owner.
     *
     * @param owner says where they are attached, for the message
     * @param topLevel whether they are the report's own, whose ids are the elements' ids as they
     *     are, and so must not take one of the report's ({@code summary}, {@code strategy-<n>}, ...)
     */
    static void validate(String owner, List<ReportSection> sections, boolean topLevel) {
        Set<String> seen = new HashSet<>();
        for (ReportSection s : sections) {
            String where = owner + ": section '" + s.id() + "'";
            if (!ID.matcher(s.id()).matches()) {
                throw new IllegalArgumentException(where + ": an id is lower-case letters, digits and '-',"
                        + " starting with a letter (at most 64)");
            }
            if (!seen.add(s.id())) {
                throw new IllegalArgumentException(where + " appears twice");
            }
            if (topLevel && (RESERVED.contains(s.id()) || s.id().startsWith("strategy-")
                    || s.id().startsWith("sweep-"))) {
                throw new IllegalArgumentException(where + ": the report uses that id itself");
            }
            String html = s.html().toLowerCase(Locale.ROOT);
            for (String f : FORBIDDEN) {
                if (html.contains(f)) {
                    throw new IllegalArgumentException(where + ": the fragment contains '" + f
                            + "'; the report is one static page that loads and runs nothing");
                }
            }
            Matcher m = HREF.matcher(html);
            while (m.find()) {
                if (!m.group(1).startsWith("#")) {
                    throw new IllegalArgumentException(where + ": the fragment links to '" + m.group(1)
                            + "'; only links within the page (#...) are allowed");
                }
            }
        }
    }

    /** Inside a tear sheet or a sweep: {@code div.report-section#<prefix>-<id>} under an h3. */
    static void appendNested(StringBuilder b, String prefix, List<ReportSection> sections) {
        for (ReportSection s : sections) {
            b.append("<div class=\"report-section\" id=\"").append(prefix).append('-').append(s.id())
                    .append("\">\n<h3>").append(Html.escape(s.title())).append("</h3>\n").append(s.html());
            if (!s.html().endsWith("\n")) {
                b.append('\n');
            }
            b.append("</div>\n");
        }
    }

    /** At the end of the report: {@code section.report-section#<id>} under an h2. */
    static void appendTopLevel(StringBuilder b, List<ReportSection> sections) {
        for (ReportSection s : sections) {
            b.append("<section class=\"report-section\" id=\"").append(s.id()).append("\">\n<h2>")
                    .append(Html.escape(s.title())).append("</h2>\n").append(s.html());
            if (!s.html().endsWith("\n")) {
                b.append('\n');
            }
            b.append("</section>\n");
        }
    }
}
