package dev.cachelab.bench.report;

import java.util.Objects;

/**
 * One benchmark result, reduced to what the report shows.
 *
 * @param workload the benchmark method without its thread suffix, such as {@code read} or {@code getOrLoad}
 * @param threads how many threads ran it on one cache
 * @param contender the {@code cache} parameter, a {@link dev.cachelab.bench.Contender} name
 * @param score throughput summed over the threads, in {@code unit}
 * @param error the half-width of JMH's 99.9 % confidence interval, or NaN where JMH has too few samples
 * @param unit the score's unit as JMH writes it, such as {@code ops/us}
 * @param allocBytesPerOp bytes allocated per operation ({@code -prof gc}), or NaN if not profiled
 */
public record Measurement(String workload, int threads, String contender, double score, double error, String unit,
    double allocBytesPerOp) {

  /**
   * Validates a result.
   *
   * @throws NullPointerException if a name is null
   * @throws IllegalArgumentException if {@code threads} is not positive
   */
  public Measurement {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(contender, "contender");
    Objects.requireNonNull(unit, "unit");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
  }

  /**
   * Returns the workload and thread count this result is compared within, such as {@code read, 2 threads}.
   *
   * @return the group's label
   */
  public String group() {
    return workload + ", " + threads + (threads == 1 ? " thread" : " threads");
  }
}
