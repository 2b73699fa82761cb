/**
 * Runs the JMH suite and writes the report: JMH's JSON, a Markdown table of every result with its ratio to the
 * baselines measured in the same run, where the targets stand, and PNG bar charts.
 * {@link dev.cachelab.bench.report.BenchReport} is the entry point; the table and target logic is pure and tested.
 */
package dev.cachelab.bench.report;
