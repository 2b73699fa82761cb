package dev.cachelab.bench.report;

import dev.cachelab.bench.Contender;
import dev.cachelab.bench.RedisBenchmark;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report's table: every result with its ratio to the baselines of its own group (same workload, same thread
 * count, same run).
 *
 * <p><b>Baseline.</b> Raw Caffeine in the same group: for {@code read}, {@code readWrite} and {@code write} that is
 * Caffeine's {@code getIfPresent} / {@code put}; for {@code getOrLoad} it is Caffeine's {@code get(key, fn)}. A ratio
 * of 0.8 means 80 % of raw Caffeine's throughput. <b>Ceiling.</b> Raw {@code ConcurrentHashMap} in the same group,
 * unbounded and policy-free: what no cache can beat. <b>Its raw library.</b> For cachelab over a third-party store,
 * that library used directly in the same group ({@link Contender#rawLibrary()}: raw Ehcache for cachelab over
 * Ehcache, raw Caffeine for cachelab over Caffeine): what the facade costs on top of the store. A ratio is NaN when
 * its reference did not run, or does not exist.
 *
 * <p>Pure functions of their arguments; thread-safe.
 */
public final class RatioTable {

  /** The contender every other is divided by. */
  public static final String BASELINE = Contender.CAFFEINE.name();
  /** The second reference, shown for scale. */
  public static final String CEILING = Contender.CONCURRENT_HASH_MAP.name();
  /** The order workloads are shown in; others follow alphabetically. */
  static final List<String> WORKLOAD_ORDER = List.of("read", "readWrite", "write", "getOrLoad");

  private RatioTable() {}

  /**
   * One row of the table.
   *
   * @param measurement the result
   * @param vsBaseline its score over raw Caffeine's in its group, or NaN
   * @param vsCeiling its score over {@code ConcurrentHashMap}'s in its group, or NaN
   * @param vsRawLibrary its score over that of the raw library it runs on ({@link Contender#rawLibrary()}) in its
   *     group, or NaN if it runs on none
   */
  public record Line(Measurement measurement, double vsBaseline, double vsCeiling, double vsRawLibrary) {}

  /**
   * Computes the ratios and sorts the rows: by workload, threads, then the contenders' declared order.
   *
   * @param measurements the results of one run
   * @return one line per result
   */
  public static List<Line> lines(List<Measurement> measurements) {
    List<Line> lines = new ArrayList<>();
    for (Measurement m : measurements) {
      Optional<Measurement> rawLibrary = rawLibrary(m.contender())
          .flatMap(raw -> find(measurements, m.workload(), m.threads(), raw));
      lines.add(new Line(m, ratio(m, find(measurements, m.workload(), m.threads(), BASELINE)),
          ratio(m, find(measurements, m.workload(), m.threads(), CEILING)), ratio(m, rawLibrary)));
    }
    lines.sort(Comparator.comparing((Line line) -> line.measurement(), ORDER));
    return lines;
  }

  /** Workloads in {@link #WORKLOAD_ORDER}, then threads, then contenders in enum order (unknown ones last). */
  static final Comparator<Measurement> ORDER = Comparator
      .comparing((Measurement m) -> workloadRank(m.workload()))
      .thenComparing(Measurement::workload)
      .thenComparingInt(Measurement::threads)
      .thenComparing(m -> contenderRank(m.contender()))
      .thenComparing(Measurement::contender);

  static int workloadRank(String workload) {
    int rank = WORKLOAD_ORDER.indexOf(workload);
    return rank < 0 ? WORKLOAD_ORDER.size() : rank;
  }

  /**
   * Returns the name of the raw library a contender runs on, if it is a {@link Contender} that runs on one.
   *
   * @param contender a contender's name, of any benchmark
   * @return the raw library's contender name, or empty
   */
  static Optional<String> rawLibrary(String contender) {
    for (Contender c : Contender.values()) {
      if (c.name().equals(contender)) {
        return c.rawLibrary().map(Contender::name);
      }
    }
    return RedisBenchmark.rawLibrary(contender); // RedisBenchmark's contenders: cachelab over Redis vs raw Jedis
  }

  static int contenderRank(String contender) {
    for (Contender c : Contender.values()) {
      if (c.name().equals(contender)) {
        return c.ordinal();
      }
    }
    return Integer.MAX_VALUE;
  }

  /**
   * Finds the result of {@code contender} in a group.
   *
   * @param measurements the results of one run
   * @param workload the workload
   * @param threads the thread count
   * @param contender the contender's name
   * @return the result, if it ran
   */
  public static Optional<Measurement> find(List<Measurement> measurements, String workload, int threads,
      String contender) {
    return measurements.stream()
        .filter(m -> m.workload().equals(workload) && m.threads() == threads && m.contender().equals(contender))
        .findFirst();
  }

  private static double ratio(Measurement m, Optional<Measurement> reference) {
    return reference.filter(r -> r.score() > 0).map(r -> m.score() / r.score()).orElse(Double.NaN);
  }

  /**
   * Renders the lines as a Markdown table, scores converted to millions of operations per second when JMH reported
   * {@code ops/us}. The allocation column appears only if some result has one.
   *
   * @param lines the rows, as {@link #lines} returns them
   * @return the table, ending in a newline
   */
  public static String markdown(List<Line> lines) {
    boolean alloc = lines.stream().anyMatch(l -> !Double.isNaN(l.measurement().allocBytesPerOp()));
    StringBuilder out = new StringBuilder();
    out.append("| Workload | Threads | Cache | Throughput | × raw Caffeine | × ConcurrentHashMap"
        + " | × its raw library |");
    out.append(alloc ? " Alloc (B/op) |\n" : "\n");
    out.append("|---|---:|---|---:|---:|---:|---:|").append(alloc ? "---:|\n" : "\n");
    for (Line line : lines) {
      Measurement m = line.measurement();
      out.append("| ").append(m.workload())
          .append(" | ").append(m.threads())
          .append(" | ").append(m.contender())
          .append(" | ").append(throughput(m))
          .append(" | ").append(ratio(line.vsBaseline()))
          .append(" | ").append(ratio(line.vsCeiling()))
          .append(" | ").append(ratio(line.vsRawLibrary()))
          .append(" |");
      if (alloc) {
        out.append(' ').append(Double.isNaN(m.allocBytesPerOp()) ? "–" : format("%.1f", m.allocBytesPerOp()))
            .append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Formats a score with its error, such as {@code 41.2 ± 3.1 Mops/s}, or {@code 0.012 ± 0.0031 Mops/s} below 1 (a
   * disk store's score would otherwise read 0.0); an error JMH could not compute shows as {@code ± ?}.
   *
   * @param m the result
   * @return the formatted score
   */
  static String throughput(Measurement m) {
    String unit = "ops/us".equals(m.unit()) ? "Mops/s" : m.unit();
    String error = Double.isNaN(m.error()) ? "?" : small(m.error(), 1, "%.1f");
    return small(m.score(), 1, "%.1f") + " ± " + error + " " + unit;
  }

  /**
   * Formats a ratio to two decimals, to two significant digits below 0.1 (so {@code 0.0021}, not {@code 0.00}), or
   * {@code –} when it is NaN.
   *
   * @param ratio the ratio
   * @return the formatted ratio
   */
  static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "–" : small(ratio, 0.1, "%.2f");
  }

  /** {@code value} in {@code pattern} from {@code threshold} up, with two significant digits below it. */
  private static String small(double value, double threshold, String pattern) {
    if (value == 0 || Math.abs(value) >= threshold || Double.isInfinite(value)) {
      return format(pattern, value);
    }
    return new BigDecimal(value).round(new MathContext(2)).toPlainString();
  }

  private static String format(String pattern, double value) {
    return String.format(Locale.ROOT, pattern, value);
  }
}
