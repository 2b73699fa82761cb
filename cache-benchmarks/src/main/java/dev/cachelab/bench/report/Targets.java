package dev.cachelab.bench.report;

import dev.cachelab.bench.Contender;
import dev.cachelab.bench.report.RatioTable.Line;
import java.util.List;
import java.util.Locale;

/**
 * The issue's performance targets, each a minimum ratio to raw Caffeine in one group, and where one run left them.
 * A missed target is reported, never failed: one run on one noisy machine is evidence, not a verdict.
 *
 * <p>Immutable and thread-safe.
 */
public final class Targets {

  /**
   * One target.
   *
   * @param description what is promised, in the issue's words
   * @param workload the workload it is read from
   * @param threads the thread count it is read at
   * @param contender the cachelab contender it is about
   * @param minimum the smallest ratio to raw Caffeine that meets it
   * @param notMeasuredBecause why it cannot be measured yet, or {@code null} if it can
   */
  public record Target(String description, String workload, int threads, String contender, double minimum,
      String notMeasuredBecause) {}

  /** Where a target stands after a run. */
  public enum Status {
    /** The ratio reached the minimum. */
    MET,
    /** The ratio fell short; reported, not failed. */
    MISSED,
    /** The benchmark for it did not run, or does not exist yet. */
    NOT_MEASURED
  }

  /**
   * A target with its outcome.
   *
   * @param target the target
   * @param ratio the measured ratio to raw Caffeine, or NaN
   * @param status where it stands
   */
  public record Outcome(Target target, double ratio, Status status) {}

  /** The targets of issue 6 that this suite can read today, plus the one still waiting for its benchmark. */
  public static final List<Target> ISSUE_6 = List.of(
      measured("cachelab over Caffeine, get(key, loader) hit, 1 thread, vs raw Caffeine get(key, fn)",
          "getOrLoad", 1, Contender.CACHELAB_CAFFEINE, 0.9),
      measured("cachelab over Caffeine, get(key, loader) hit, 2 threads, vs raw Caffeine get(key, fn)",
          "getOrLoad", 2, Contender.CACHELAB_CAFFEINE, 0.9),
      measured("Built-in FIFO hit (facade), 2 threads, vs raw Caffeine getIfPresent", "read", 2,
          Contender.CACHELAB_FIFO, 1.0),
      measured("Built-in CLOCK hit (facade), 2 threads, vs raw Caffeine getIfPresent", "read", 2,
          Contender.CACHELAB_CLOCK, 1.0),
      measured("Built-in SIEVE hit (facade), 2 threads, vs raw Caffeine getIfPresent", "read", 2,
          Contender.CACHELAB_SIEVE, 1.0),
      measured("Built-in LRU hit (facade), 2 threads, vs raw Caffeine getIfPresent", "read", 2,
          Contender.CACHELAB_LRU, 0.5),
      new Target("Memoized function hit, 1 thread, vs raw Caffeine get(key, fn)", "memo", 1, "MEMOIZED", 0.8, null),
      new Target("Memoized function hit, 2 threads, vs raw Caffeine get(key, fn)", "memo", 2, "MEMOIZED", 0.8,
          null));

  private Targets() {}

  private static Target measured(String description, String workload, int threads, Contender contender,
      double minimum) {
    return new Target(description, workload, threads, contender.name(), minimum, null);
  }

  /**
   * Reads each target's ratio off the table.
   *
   * @param targets the targets
   * @param lines the table of one run
   * @return one outcome per target, in order
   */
  public static List<Outcome> evaluate(List<Target> targets, List<Line> lines) {
    return targets.stream().map(target -> {
      double ratio = lines.stream()
          .filter(l -> l.measurement().workload().equals(target.workload())
              && l.measurement().threads() == target.threads()
              && l.measurement().contender().equals(target.contender()))
          .mapToDouble(Line::vsBaseline)
          .findFirst()
          .orElse(Double.NaN);
      Status status = Double.isNaN(ratio) ? Status.NOT_MEASURED
          : ratio >= target.minimum() ? Status.MET : Status.MISSED;
      return new Outcome(target, ratio, status);
    }).toList();
  }

  /**
   * Renders outcomes as a Markdown table, followed by the rule that a miss is reported, not failed.
   *
   * @param outcomes the outcomes
   * @return the table and the sentence, ending in a newline
   */
  public static String markdown(List<Outcome> outcomes) {
    StringBuilder out = new StringBuilder("| Target | Needs | Measured | Status |\n|---|---:|---:|---|\n");
    for (Outcome o : outcomes) {
      String status = switch (o.status()) {
        case MET -> "MET";
        case MISSED -> "MISSED (" + RatioTable.ratio(o.ratio()) + " ×)";
        case NOT_MEASURED -> "NOT MEASURED" + (o.target().notMeasuredBecause() == null ? " (did not run)"
            : " (" + o.target().notMeasuredBecause() + ")");
      };
      out.append("| ").append(o.target().description())
          .append(" | ≥ ").append(String.format(Locale.ROOT, "%.2f", o.target().minimum()))
          .append(" | ").append(RatioTable.ratio(o.ratio()))
          .append(" | ").append(status)
          .append(" |\n");
    }
    out.append("\nA missed target is reported here, not failed: the run still succeeds, and the README explains"
        + " why the target is missed. Only a benchmark that crashes or produces no result fails the run.\n");
    return out.toString();
  }
}
