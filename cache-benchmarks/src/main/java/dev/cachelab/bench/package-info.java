/**
 * JMH benchmarks: every cache behind the one small {@link dev.cachelab.bench.BenchCache} interface, chosen by the
 * enum {@link dev.cachelab.bench.Contender}, measured against raw {@code ConcurrentHashMap} and raw Caffeine in the
 * same run. {@link dev.cachelab.bench.report.BenchReport} runs the suite and writes the report; see the module's
 * README.
 */
package dev.cachelab.bench;
