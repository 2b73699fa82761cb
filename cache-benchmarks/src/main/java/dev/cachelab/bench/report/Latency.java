package dev.cachelab.bench.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One latency result (JMH {@code SampleTime}): percentiles of the time of single calls.
 *
 * @param workload the benchmark method without its thread suffix: {@code hit}, {@code missLoad} or {@code write}
 * @param contender the {@code cache} parameter
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param unit JMH's unit, such as {@code ns/op}
 */
public record Latency(String workload, String contender, double p50, double p99, double p999, String unit) {

  /**
   * Renders latencies as a Markdown table, by workload, then contender in {@link RatioTable}'s order.
   *
   * @param latencies the results
   * @return the table, ending in a newline
   */
  public static String markdown(List<Latency> latencies) {
    StringBuilder out = new StringBuilder("| Path | Cache | p50 | p99 | p99.9 |\n|---|---|---:|---:|---:|\n");
    latencies.stream()
        .sorted(Comparator.comparing(Latency::workload).thenComparing(l -> RatioTable.contenderRank(l.contender())))
        .forEach(l -> out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f %s | %,.0f %s | %,.0f %s |%n",
            l.workload(), l.contender(), l.p50(), unit(l), l.p99(), unit(l), l.p999(), unit(l))));
    return out.toString();
  }

  private static String unit(Latency l) {
    return l.unit().replace("/op", "");
  }
}
