package dev.cachelab.bench.report;

import dev.cachelab.bench.report.RatioTable.Line;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a run's ratios to raw Caffeine with those of the last published full run, kept in the repository as
 * {@code cache-benchmarks/results/full-report.md}, and names the ones that fell by more than the noise.
 *
 * <p><b>Noise.</b> A ratio divides two scores, each with JMH's 99.9 % confidence half-width; the published run's
 * relative errors of the contender and of raw Caffeine, added in quadrature, bound how much the ratio could move by
 * chance. A ratio is a regression when it falls below the published one by more than that, and by at least
 * {@value #FLOOR_PERCENT} % (no error estimate is ever that good on a shared machine). Ratios, not scores, are
 * compared, so a faster or slower machine does not count as a regression.
 *
 * <p>Pure functions of their arguments, except {@link #readPublished}; thread-safe.
 */
public final class Regressions {

  /** The published full run, relative to the repository root. */
  public static final Path PUBLISHED = Path.of("cache-benchmarks", "results", "full-report.md");
  static final int FLOOR_PERCENT = 10;

  private Regressions() {}

  /**
   * A published ratio with the relative noise it carries.
   *
   * @param ratio the ratio to raw Caffeine
   * @param noise the relative noise of that ratio (0.1 = 10 %)
   */
  public record Published(double ratio, double noise) {}

  /**
   * One regression.
   *
   * @param group the workload and thread count
   * @param contender the contender
   * @param published the published ratio
   * @param now this run's ratio
   * @param allowed the relative fall the noise allows
   */
  public record Regression(String group, String contender, double published, double now, double allowed) {}

  /**
   * Reads the published report's results table.
   *
   * @param report the Markdown report of a full run
   * @return the ratio and noise of each published row, keyed by {@code workload|threads|contender}; empty if the
   *     file does not exist
   * @throws IOException if it exists but cannot be read
   */
  public static Map<String, Published> readPublished(Path report) throws IOException {
    Map<String, Published> published = new HashMap<>();
    if (!Files.isRegularFile(report)) {
      return published;
    }
    Map<String, double[]> scores = new HashMap<>();
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(report)) {
      String[] cells = line.split("\\|");
      // | workload | threads | cache | 10.6 ± 4.4 Mops/s | 1.00 | ...
      if (cells.length < 6 || !cells[2].trim().matches("\\d+") || !cells[4].contains("±")) {
        continue;
      }
      String[] score = cells[4].trim().split("[ ±]+");
      double value = Double.parseDouble(score[0]);
      double error = score[1].equals("?") ? Double.NaN : Double.parseDouble(score[1]);
      String key = cells[1].trim() + "|" + cells[2].trim() + "|" + cells[3].trim();
      scores.put(key, new double[] {value, error});
      rows.add(new String[] {key, cells[5].trim(), cells[1].trim() + "|" + cells[2].trim()});
    }
    for (String[] row : rows) {
      if (row[1].equals("–")) {
        continue;
      }
      double[] own = scores.get(row[0]);
      double[] baseline = scores.get(row[2] + "|" + RatioTable.BASELINE);
      double noise = (baseline == null) ? Double.NaN : Math.hypot(own[1] / own[0], baseline[1] / baseline[0]);
      published.put(row[0], new Published(Double.parseDouble(row[1]), noise));
    }
    return published;
  }

  /**
   * Finds this run's ratios that fell below the published ones by more than the noise.
   *
   * @param lines this run's table
   * @param published {@link #readPublished}'s answer
   * @return the regressions, in table order
   */
  public static List<Regression> find(List<Line> lines, Map<String, Published> published) {
    List<Regression> found = new ArrayList<>();
    for (Line line : lines) {
      Measurement m = line.measurement();
      Published before = published.get(m.workload() + "|" + m.threads() + "|" + m.contender());
      if (before == null || Double.isNaN(line.vsBaseline()) || m.contender().equals(RatioTable.BASELINE)) {
        continue;
      }
      double allowed = Math.max(FLOOR_PERCENT / 100.0, Double.isNaN(before.noise()) ? 0 : before.noise());
      if (line.vsBaseline() < before.ratio() * (1 - allowed)) {
        found.add(new Regression(m.group(), m.contender(), before.ratio(), line.vsBaseline(), allowed));
      }
    }
    return found;
  }

  /**
   * Renders the comparison as Markdown.
   *
   * @param compared how many ratios had a published counterpart
   * @param regressions the regressions
   * @return the section's text, ending in a newline
   */
  public static String markdown(int compared, List<Regression> regressions) {
    if (compared == 0) {
      return "No published full run to compare with (`" + PUBLISHED + "`).\n";
    }
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%d ratios compared with the published full run (`%s`); %d fell by more than the noise.%n%n", compared,
        PUBLISHED, regressions.size()));
    if (!regressions.isEmpty()) {
      out.append("| Group | Cache | Published | Now | Noise allowed |\n|---|---|---:|---:|---:|\n");
      for (Regression r : regressions) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f %% |%n", r.group(), r.contender(),
            RatioTable.ratio(r.published()), RatioTable.ratio(r.now()), 100 * r.allowed()));
      }
    }
    return out.toString();
  }

  /**
   * Counts the lines that have a published counterpart.
   *
   * @param lines this run's table
   * @param published the published ratios
   * @return how many can be compared
   */
  public static int comparable(List<Line> lines, Map<String, Published> published) {
    return (int) lines.stream()
        .filter(l -> published.containsKey(l.measurement().workload() + "|" + l.measurement().threads() + "|"
            + l.measurement().contender()) && !l.measurement().contender().equals(RatioTable.BASELINE))
        .count();
  }
}
