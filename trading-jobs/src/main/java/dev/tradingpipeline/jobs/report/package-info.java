/**
 * The strategy mode's HTML report: one self-contained file per run (inline CSS, charts drawn as
 * inline SVG in Java, no scripts, fonts or external references) so that it opens anywhere, from
 * a local disk or downloaded from S3, with JavaScript disabled. Plain Java: the Spark job (or a
 * reader of the gold tables) hands it {@link dev.tradingpipeline.jobs.report.ReportEntry}s and
 * {@link dev.tradingpipeline.jobs.report.Sweep}s; {@link dev.tradingpipeline.jobs.report.HtmlReport}
 * lays out a tear sheet per simulation and a section per sweep, and other parts of the project add
 * their own fragments as {@link dev.tradingpipeline.jobs.report.ReportSection}s.
 */
package dev.tradingpipeline.jobs.report;
