package dev.cachelab.bench.report;

import dev.cachelab.bench.report.RatioTable.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides whether a run was measured on a machine too busy to judge targets by. Two kinds of evidence: the load
 * average exceeded the processor count before or after the run, or the results contradict themselves — something
 * ran more than 10 % faster than a ceiling that it cannot beat (a cache built on a map faster than the raw
 * {@code ConcurrentHashMap}; a memoized call faster than the direct call). Either means other work took turns with
 * the benchmark threads, and a ratio taken across two forks measured at different moments is luck.
 *
 * <p>Pure functions; thread-safe.
 */
final class LoadCheck {

  /** The slack a contender may have over its ceiling before it counts as a contradiction. */
  static final double SLACK = 1.10;

  private LoadCheck() {}

  /**
   * Lists what makes this run untrustworthy; empty when nothing does.
   *
   * @param lines the run's table
   * @param loadBefore the load average before the run, or negative if unknown
   * @param loadAfter the load average after it
   * @param processors the processor count
   * @return one sentence per piece of evidence
   */
  static List<String> anomalies(List<Line> lines, double loadBefore, double loadAfter, int processors) {
    List<String> found = new ArrayList<>();
    double load = Math.max(loadBefore, loadAfter);
    if (load > processors) {
      found.add(String.format(Locale.ROOT, "the load average reached %.1f on %d processors", load, processors));
    }
    Map<String, Line> ceilings = new TreeMap<>();
    for (Line line : lines) {
      String contender = line.measurement().contender();
      if (contender.equals(RatioTable.CEILING) || contender.equals("DIRECT")) {
        ceilings.put(line.measurement().group(), line);
      }
    }
    for (Line line : lines) {
      Line ceiling = ceilings.get(line.measurement().group());
      if (ceiling != null && line != ceiling
          && line.measurement().score() > SLACK * ceiling.measurement().score()) {
        found.add(String.format(Locale.ROOT, "%s: %s ran %.2f× as fast as %s, which it cannot beat",
            line.measurement().group(), line.measurement().contender(),
            line.measurement().score() / ceiling.measurement().score(), ceiling.measurement().contender()));
      }
    }
    return found;
  }

  /**
   * Renders the verdict as Markdown: a warning with the evidence, or one line saying the run looks clean.
   *
   * @param anomalies {@link #anomalies}' answer
   * @return the text, ending in a newline
   */
  static String markdown(List<String> anomalies) {
    if (anomalies.isEmpty()) {
      return "Load check: the load average stayed within the processor count and no result beat its ceiling.\n";
    }
    StringBuilder out = new StringBuilder("> **Measured under load — targets are not judged.** ");
    out.append("Other work shared the machine, so the numbers below are hints, not verdicts; every target reads NOT"
        + " JUDGED. Evidence:\n");
    for (String anomaly : anomalies) {
      out.append(">\n> - ").append(anomaly).append('\n');
    }
    return out.toString();
  }
}
