package dev.cachelab.bench.sim;

import java.util.Locale;

/**
 * The outcome of replaying one workload through one policy at one size.
 *
 * @param policy what the workload was replayed through
 * @param size the cache's capacity in entries
 * @param accesses how many accesses were replayed
 * @param hits how many of them hit
 */
record Result(SimPolicy policy, long size, long accesses, long hits) {

  /** The first line of the simulator's output. */
  static final String CSV_HEADER = "policy,size,accesses,hits,hitRatio";

  /** Returns hits / accesses, or 0 for an empty workload. */
  double hitRatio() {
    return (accesses == 0) ? 0 : (double) hits / accesses;
  }

  /** Returns this result as a CSV row under {@link #CSV_HEADER}; the ratio has six decimals and a '.' point. */
  String csv() {
    return String.format(Locale.ROOT, "%s,%d,%d,%d,%.6f", policy.id(), size, accesses, hits, hitRatio());
  }
}
