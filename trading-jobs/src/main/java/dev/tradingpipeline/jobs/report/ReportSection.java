package dev.tradingpipeline.jobs.report;

import java.util.Objects;

/**
 * A fragment of the report that another part of the project renders (out-of-sample results,
 * confidence intervals, benchmark statistics, a portfolio): attached to a simulation
 * ({@link ReportEntry#withSections}), to a sweep ({@link Sweep#withSections}) or to the report
 * itself (the last argument of {@link HtmlReport}'s constructor), and laid out by the report
 * under its title at the end of what it is attached to.
 *
 * <p>The fragment is written into the page as it is: its maker escapes its text ({@code Html}
 * does it) and keeps to the report's promise of a self-contained static page; the report
 * refuses a fragment that would run a script or fetch anything.
 */
public interface ReportSection {

    /**
     * Lower-case letters, digits and '-', starting with a letter, unique among the sections of
     * what it is attached to. The element's id in the page is prefixed with its owner's
     * ({@code strategy-<n>-<id>}, {@code sweep-<n>-<id>}); a report-level section keeps its id.
     */
    String id();

    /** Plain text; the report escapes it. */
    String title();

    /** An HTML fragment (tables, paragraphs, inline SVG). */
    String html();

    static ReportSection of(String id, String title, String html) {
        return new Fragment(id, title, html);
    }

    /** The plain implementation. */
    record Fragment(String id, String title, String html) implements ReportSection {

        public Fragment {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(html, "html");
        }
    }
}
