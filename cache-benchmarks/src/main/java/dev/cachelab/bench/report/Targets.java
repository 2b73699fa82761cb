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
      String notMeasuredBecause, Reference reference) {

    /** A target read as a ratio to raw Caffeine. */
    public Target(String description, String workload, int threads, String contender, double minimum,
        String notMeasuredBecause) {
      this(description, workload, threads, contender, minimum, notMeasuredBecause, Reference.CAFFEINE);
    }
  }

  /** What a target's number is read from. */
  public enum Reference {
    /** The ratio to raw Caffeine; at least the minimum meets it. */
    CAFFEINE,
    /** The ratio to raw {@code ConcurrentHashMap}; at least the minimum meets it. */
    MAP,
    /** The ratio to the raw library the contender runs on; at least the minimum meets it. */
    RAW_LIBRARY,
    /** Bytes allocated per operation ({@code -prof gc}); at most the "minimum" meets it. */
    ALLOCATION,
    /**
     * Heap per entry over raw Caffeine's ({@link Footprints}); at most the "minimum" meets it. Judged even on a
     * loaded machine: other work changes how fast a cache runs, not how many bytes its entries take.
     */
    FOOTPRINT
  }

  /** Where a target stands after a run. */
  public enum Status {
    /** The ratio reached the minimum. */
    MET,
    /** The ratio fell short; reported, not failed. */
    MISSED,
    /** The benchmark for it did not run, or does not exist yet. */
    NOT_MEASURED,
    /** Measured on a loaded machine, so neither met nor missed: see the report's load warning. */
    NOT_JUDGED
  }

  /**
   * A target with its outcome.
   *
   * @param target the target
   * @param ratio the measured number (a ratio, or bytes per operation for an allocation target), or NaN
   * @param status where it stands
   */
  public record Outcome(Target target, double ratio, Status status) {}

  /** The targets of issue 15 (superseding issue 6's), each read off one line of the table. */
  public static final List<Target> ISSUE_15 = List.of(
      measured("cachelab over Caffeine, get(key, loader) hit, 1 thread, vs raw Caffeine get(key, fn)",
          "getOrLoad", 1, Contender.CACHELAB_CAFFEINE, 0.95),
      measured("cachelab over Caffeine, get(key, loader) hit, 2 threads, vs raw Caffeine get(key, fn)",
          "getOrLoad", 2, Contender.CACHELAB_CAFFEINE, 0.95),
      new Target("cachelab over Caffeine with expireAfterWrite(1 h), get(key, loader) hit, 1 thread, vs raw Caffeine"
          + " with the same expireAfterWrite", "getOrLoad", 1, Contender.CACHELAB_CAFFEINE_TIMED.name(), 0.8, null,
          Reference.RAW_LIBRARY),
      new Target("cachelab over Caffeine with expireAfterWrite(1 h), get(key, loader) hit, 2 threads, vs raw"
          + " Caffeine with the same expireAfterWrite", "getOrLoad", 2, Contender.CACHELAB_CAFFEINE_TIMED.name(), 0.8,
          null, Reference.RAW_LIBRARY),
      new Target("Memoized function hit, 1 thread, vs raw Caffeine get(key, fn)", "memo", 1, "MEMOIZED", 0.9, null),
      new Target("Memoized function hit, 2 threads, vs raw Caffeine get(key, fn)", "memo", 2, "MEMOIZED", 0.9,
          null),
      measured("Built-in LRU hit, 2 threads, vs raw Caffeine getIfPresent", "read", 2, Contender.CACHELAB_LRU, 1.0),
      measured("Built-in LFU hit, 2 threads, vs raw Caffeine getIfPresent", "read", 2, Contender.CACHELAB_LFU, 1.0),
      measured("Built-in S3-FIFO hit, 2 threads, vs raw Caffeine getIfPresent", "read", 2,
          Contender.CACHELAB_S3FIFO, 1.0),
      measured("Built-in W-TinyLFU hit, 2 threads, vs raw Caffeine getIfPresent", "read", 2,
          Contender.CACHELAB_WTINYLFU, 1.0),
      vsMap("Built-in FIFO hit, 2 threads, vs raw ConcurrentHashMap.get", Contender.CACHELAB_FIFO),
      vsMap("Built-in CLOCK hit, 2 threads, vs raw ConcurrentHashMap.get", Contender.CACHELAB_CLOCK),
      vsMap("Built-in SIEVE hit, 2 threads, vs raw ConcurrentHashMap.get", Contender.CACHELAB_SIEVE),
      new Target("Allocation on the hit path, cachelab over Caffeine (untimed), 1 thread (B/op)", "read", 1,
          Contender.CACHELAB_CAFFEINE.name(), 0, null, Reference.ALLOCATION),
      new Target("Allocation on the hit path, built-in LRU (untimed), 1 thread (B/op)", "read", 1,
          Contender.CACHELAB_LRU.name(), 0, null, Reference.ALLOCATION),
      measured("Writes with eviction, built-in LRU, 1 thread", "putEvict", 1, Contender.CACHELAB_LRU, 0.5),
      measured("Writes with eviction, built-in LRU, 2 threads", "putEvict", 2, Contender.CACHELAB_LRU, 0.5),
      measured("Writes with eviction, built-in FIFO, 2 threads", "putEvict", 2, Contender.CACHELAB_FIFO, 0.5),
      measured("Writes with eviction, built-in CLOCK, 2 threads", "putEvict", 2, Contender.CACHELAB_CLOCK, 0.5),
      measured("Writes with eviction, built-in SIEVE, 2 threads", "putEvict", 2, Contender.CACHELAB_SIEVE, 0.5),
      measured("Writes with eviction, built-in LFU, 2 threads", "putEvict", 2, Contender.CACHELAB_LFU, 0.5),
      measured("Writes with eviction, built-in S3-FIFO, 2 threads", "putEvict", 2, Contender.CACHELAB_S3FIFO, 0.5),
      measured("Writes with eviction, built-in W-TinyLFU, 2 threads", "putEvict", 2, Contender.CACHELAB_WTINYLFU,
          0.5),
      measured("cachelab over Caffeine put, 1 thread, vs raw Caffeine put", "write", 1, Contender.CACHELAB_CAFFEINE,
          0.7),
      measured("cachelab over Caffeine put, 2 threads, vs raw Caffeine put", "write", 2, Contender.CACHELAB_CAFFEINE,
          0.7),
      new Target("Ehcache store put, 1 thread, vs raw Ehcache put", "write", 1, Contender.CACHELAB_EHCACHE.name(),
          0.5, null, Reference.RAW_LIBRARY),
      new Target("Ehcache store put, 2 threads, vs raw Ehcache put", "write", 2, Contender.CACHELAB_EHCACHE.name(),
          0.5, null, Reference.RAW_LIBRARY),
      footprint("LRU", Contender.CACHELAB_LRU),
      footprint("FIFO", Contender.CACHELAB_FIFO),
      footprint("CLOCK", Contender.CACHELAB_CLOCK),
      footprint("SIEVE", Contender.CACHELAB_SIEVE),
      footprint("LFU", Contender.CACHELAB_LFU),
      footprint("S3-FIFO", Contender.CACHELAB_S3FIFO),
      footprint("W-TinyLFU", Contender.CACHELAB_WTINYLFU));

  private Targets() {}

  private static Target measured(String description, String workload, int threads, Contender contender,
      double minimum) {
    return new Target(description, workload, threads, contender.name(), minimum, null);
  }

  private static Target footprint(String policy, Contender contender) {
    return new Target("Built-in engine, " + policy + ": heap per entry, no more than raw Caffeine's",
        Footprints.WORKLOAD, 1, contender.name(), 1.0, null, Reference.FOOTPRINT);
  }

  private static Target vsMap(String description, Contender contender) {
    return new Target(description, "read", 2, contender.name(), 0.5, null, Reference.MAP);
  }

  /**
   * Reads each target's ratio off the table.
   *
   * @param targets the targets
   * @param lines the table of one run
   * @return one outcome per target, in order
   */
  public static List<Outcome> evaluate(List<Target> targets, List<Line> lines) {
    return evaluate(targets, lines, true);
  }

  /**
   * Reads each target's number off the table; on a loaded machine, none is judged.
   *
   * @param targets the targets
   * @param lines the table of one run
   * @param judge false when the run was measured under load: every measured target is then {@code NOT_JUDGED}
   * @return one outcome per target, in order
   */
  public static List<Outcome> evaluate(List<Target> targets, List<Line> lines, boolean judge) {
    return targets.stream().map(target -> {
      double value = lines.stream()
          .filter(l -> l.measurement().workload().equals(target.workload())
              && l.measurement().threads() == target.threads()
              && l.measurement().contender().equals(target.contender()))
          .mapToDouble(l -> switch (target.reference()) {
            case CAFFEINE -> l.vsBaseline();
            case MAP -> l.vsCeiling();
            case RAW_LIBRARY -> l.vsRawLibrary();
            case ALLOCATION -> l.measurement().allocBytesPerOp();
            case FOOTPRINT -> l.vsBaseline();
          })
          .findFirst()
          .orElse(Double.NaN);
      boolean met = switch (target.reference()) {
        case ALLOCATION -> value <= target.minimum() + 0.5;
        case FOOTPRINT -> value <= target.minimum();
        default -> value >= target.minimum();
      };
      Status status = Double.isNaN(value) ? Status.NOT_MEASURED
          : !judge && target.reference() != Reference.FOOTPRINT ? Status.NOT_JUDGED
          : met ? Status.MET : Status.MISSED;
      return new Outcome(target, value, status);
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
        case MISSED -> "MISSED (" + RatioTable.ratio(o.ratio())
            + (o.target().reference() == Reference.ALLOCATION ? " B/op)" : " ×)");
        case NOT_JUDGED -> "NOT JUDGED (measured under load)";
        case NOT_MEASURED -> "NOT MEASURED" + (o.target().notMeasuredBecause() == null ? " (did not run)"
            : " (" + o.target().notMeasuredBecause() + ")");
      };
      out.append("| ").append(o.target().description())
          .append(o.target().reference() == Reference.ALLOCATION || o.target().reference() == Reference.FOOTPRINT
              ? " | ≤ " : " | ≥ ")
          .append(String.format(Locale.ROOT, "%.2f", o.target().minimum()))
          .append(switch (o.target().reference()) {
            case CAFFEINE -> " × Caffeine";
            case MAP -> " × map";
            case RAW_LIBRARY -> " × its library";
            case ALLOCATION -> " B/op";
            case FOOTPRINT -> " × Caffeine's bytes/entry";
          })
          .append(" | ").append(RatioTable.ratio(o.ratio()))
          .append(" | ").append(status)
          .append(" |\n");
    }
    out.append("\nA missed target is reported here, not failed: the run still succeeds, and the README explains"
        + " why the target is missed. Only a benchmark that crashes or produces no result fails the run.\n");
    return out.toString();
  }
}
