/**
 * The strategy mode's HTML report: one self-contained file per run (inline CSS, charts drawn as
 * inline SVG in Java, no scripts, fonts or external references) so that it opens anywhere, from
 * a local disk or downloaded from S3, with JavaScript disabled. Plain Java: the Spark job hands
 * it the collected results.
 */
package dev.tradingpipeline.jobs.report;
