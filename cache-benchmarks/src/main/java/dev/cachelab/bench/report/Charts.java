package dev.cachelab.bench.report;

import dev.cachelab.bench.Contender;
import dev.cachelab.bench.report.RatioTable.Line;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Draws one PNG bar chart per workload and thread count: a bar per contender, raw libraries in grey and cachelab in
 * blue, raw Caffeine (the baseline) in orange, each labelled with its throughput, and each name but raw Caffeine's followed by its ratio to raw Caffeine
 * (and, for cachelab over another library such as Ehcache, its ratio to that library used directly). Needs
 * {@code java.awt.headless=true} on a machine without a display.
 *
 * <p>Not thread-safe; used from the report writer's one thread.
 */
final class Charts {

  static final Color RAW = new Color(0x9E, 0x9E, 0x9E);
  static final Color BASELINE = new Color(0xFF, 0x7F, 0x0E);
  static final Color CACHELAB = new Color(0x1F, 0x77, 0xB4);
  /** Bars this many times apart get a logarithmic axis, or the small ones (the directory store) vanish. */
  static final double LOG_SCALE_SPREAD = 100;

  private Charts() {}

  /**
   * Writes the charts.
   *
   * @param lines the report's table, already sorted
   * @param directory where the PNGs go
   * @return the file names written, keyed by the group they show ({@code read, 2 threads})
   * @throws IOException if a file cannot be written
   */
  static Map<String, String> write(List<Line> lines, Path directory) throws IOException {
    Map<String, List<Line>> groups = new LinkedHashMap<>();
    for (Line line : lines) {
      groups.computeIfAbsent(line.measurement().group(), g -> new ArrayList<>()).add(line);
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (Map.Entry<String, List<Line>> group : groups.entrySet()) {
      Line first = group.getValue().get(0);
      String file = first.measurement().workload() + "-t" + first.measurement().threads() + ".png";
      String path = directory.resolve(file).toString();
      try {
        BitmapEncoder.saveBitmap(chart(group.getKey(), group.getValue(), true), path, BitmapFormat.PNG);
      } catch (IllegalArgumentException logScaleRefused) {
        // XChart refuses a log axis when it meets a value it counts as zero or less (seen with sample-time groups);
        // the linear chart shows the same bars.
        BitmapEncoder.saveBitmap(chart(group.getKey(), group.getValue(), false), path, BitmapFormat.PNG);
      }
      files.put(group.getKey(), file);
    }
    return files;
  }

  private static CategoryChart chart(String title, List<Line> lines, boolean allowLog) {
    String unit = "ops/us".equals(lines.get(0).measurement().unit()) ? "Mops/s" : lines.get(0).measurement().unit();
    boolean log = allowLog && logScale(lines);
    CategoryChart chart = new CategoryChartBuilder()
        .width(1000).height(640)
        .title(title + " — throughput, higher is better" + (log ? " (log scale)" : "")
            + "; (n×) = ratio to raw Caffeine, n× ehcache = to raw Ehcache")
        .yAxisTitle(unit + (log ? ", log scale" : ""))
        .build();
    CategoryStyler styler = chart.getStyler();
    styler.setOverlapped(true);
    styler.setLabelsVisible(true);
    styler.setLabelsRotation(0);
    // At 45° each label ends at its tick; at a shallower angle XChart shifts them right and drops the last one.
    styler.setXAxisLabelRotation(45);
    styler.setLegendPosition(LegendPosition.OutsideS);
    styler.setLegendLayout(LegendLayout.Horizontal);
    if (log) {
      styler.setYAxisLogarithmic(true);
    } else {
      styler.setYAxisMin(0.0);
    }
    styler.setYAxisDecimalPattern("#,##0.#");
    styler.setDecimalPattern("0.0");
    styler.setSeriesColors(new Color[] {BASELINE, RAW, CACHELAB});
    styler.setChartBackgroundColor(Color.WHITE);
    // Two overlapped series, one bar of each category being null, give the two kinds of contender two colours.
    List<String> names = new ArrayList<>();
    List<Double> baseline = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    List<Double> cachelab = new ArrayList<>();
    for (Line line : lines) {
      String name = line.measurement().contender();
      String label = name.toLowerCase(Locale.ROOT).replace('_', ' ');
      if (!name.equals(RatioTable.BASELINE) && !Double.isNaN(line.vsBaseline())) {
        String rawLibrary = RatioTable.rawLibrary(name).orElse(RatioTable.BASELINE);
        label += " (" + RatioTable.ratio(line.vsBaseline()) + "×"
            + (rawLibrary.equals(RatioTable.BASELINE) || Double.isNaN(line.vsRawLibrary()) ? ""
                : "; " + RatioTable.ratio(line.vsRawLibrary()) + "× " + rawLibrary.toLowerCase(Locale.ROOT))
            + ")";
      }
      names.add(label);
      boolean isBaseline = name.equals(RatioTable.BASELINE);
      boolean isRaw = !isBaseline && isRaw(name);
      double score = line.measurement().score();
      baseline.add(isBaseline ? score : null);
      raw.add(isRaw ? score : null);
      cachelab.add(isBaseline || isRaw ? null : score);
    }
    // A series with no bar in this group (no raw Caffeine beside Redis, say) is left out: XChart would read it as
    // zeros, which a log axis refuses.
    if (baseline.stream().anyMatch(java.util.Objects::nonNull)) {
      chart.addSeries("raw Caffeine (the baseline)", names, baseline).setFillColor(BASELINE);
    }
    if (raw.stream().anyMatch(java.util.Objects::nonNull)) {
      chart.addSeries("other raw libraries (map, Ehcache, direct call)", names, raw).setFillColor(RAW);
    }
    if (cachelab.stream().anyMatch(java.util.Objects::nonNull)) {
      chart.addSeries("cachelab", names, cachelab).setFillColor(CACHELAB);
    }
    return chart;
  }

  /** Whether the group's largest bar is {@link #LOG_SCALE_SPREAD} times its smallest or more. */
  static boolean logScale(List<Line> lines) {
    double max = lines.stream().mapToDouble(l -> l.measurement().score()).max().orElse(0);
    double min = lines.stream().mapToDouble(l -> l.measurement().score()).filter(v -> v > 0).min().orElse(max);
    return min > 0 && max / min >= LOG_SCALE_SPREAD;
  }

  private static boolean isRaw(String contender) {
    if (contender.equals("DIRECT") || contender.startsWith("RAW_")) { // RAW_JEDIS and the like, of other benchmarks
      return true;
    }
    for (Contender c : Contender.values()) {
      if (c.name().equals(contender)) {
        return c.isRaw();
      }
    }
    return false;
  }
}
