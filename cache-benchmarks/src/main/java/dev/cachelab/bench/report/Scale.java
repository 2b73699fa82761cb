package dev.cachelab.bench.report;

import dev.cachelab.bench.CacheBenchmark;
import dev.cachelab.bench.ScaleBenchmark;
import dev.cachelab.bench.report.RatioTable.Line;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's "Hit throughput by size": {@link ScaleBenchmark}'s reads at 1 k and 1 M entries (workloads
 * {@code read@1024} and {@code read@1048576}) beside {@link CacheBenchmark}'s {@code read} at 64 k, the same
 * machinery at its population, for each of {@code ScaleBenchmark}'s contenders: a table and one line chart per thread
 * count (Mops/s over entries, logarithmic entries axis).
 *
 * <p>Not thread-safe; used from the report writer's one thread.
 */
final class Scale {

  private static final String READ = "read";
  private static final String PREFIX = READ + "@";

  private Scale() {}

  /**
   * Returns whether a line is a result at a size of its own ({@code read@1024}), which the bar charts leave out.
   *
   * @param line a line of the table
   * @return true for a sized result
   */
  static boolean isSized(Line line) {
    return line.measurement().workload().contains("@");
  }

  /**
   * Finds the line of one contender at one size and thread count: {@code read@N}, or {@code read} at
   * {@link CacheBenchmark#POPULATION}.
   */
  static Optional<Line> find(List<Line> lines, String contender, int entries, int threads) {
    String workload = entries == CacheBenchmark.POPULATION ? READ : PREFIX + entries;
    return lines.stream()
        .filter(l -> l.measurement().workload().equals(workload) && l.measurement().threads() == threads
            && l.measurement().contender().equals(contender))
        .findFirst();
  }

  /**
   * Writes the section and its charts ({@code scale-t1.png}, {@code scale-t2.png}).
   *
   * @param lines the run's table
   * @param directory where the charts go
   * @return the section's Markdown, ending in a newline; "Not run." if {@code ScaleBenchmark} did not run
   * @throws IOException if a chart cannot be written
   */
  static String markdown(List<Line> lines, Path directory) throws IOException {
    if (lines.stream().noneMatch(l -> l.measurement().workload().startsWith(PREFIX))) {
      return "Not run.\n";
    }
    List<Integer> sizes = List.of(ScaleBenchmark.SMALL, CacheBenchmark.POPULATION, ScaleBenchmark.LARGE);
    TreeSet<Integer> threadCounts = new TreeSet<>();
    lines.stream().filter(l -> l.measurement().workload().startsWith(PREFIX))
        .forEach(l -> threadCounts.add(l.measurement().threads()));
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Hits (`read`: get of a present key, Zipf(1)"
        + " keys) at %,d, %,d and %,d entries, each under a bound of twice that: how the cost of a hit grows once"
        + " the table no longer fits in the CPU's caches. Mops/s summed over the threads, with the ratio to raw"
        + " Caffeine at the same size in parentheses. The %,d-entry column is `CacheBenchmark`'s `read` (the same"
        + " machinery at that population), the others `ScaleBenchmark`'s.%n%n", ScaleBenchmark.SMALL,
        CacheBenchmark.POPULATION, ScaleBenchmark.LARGE, CacheBenchmark.POPULATION));
    md.append("| Cache | Threads |");
    sizes.forEach(size -> md.append(String.format(Locale.ROOT, " %,d |", size)));
    md.append("\n|---|---:|").append("---:|".repeat(sizes.size())).append('\n');
    for (int threads : threadCounts) {
      for (ScaleBenchmark.Contender contender : ScaleBenchmark.Contender.values()) {
        md.append("| ").append(contender.name()).append(" | ").append(threads).append(" |");
        for (int size : sizes) {
          md.append(' ').append(find(lines, contender.name(), size, threads)
              .map(l -> String.format(Locale.ROOT, "%.1f", l.measurement().score())
                  + (Double.isNaN(l.vsBaseline()) ? "" : " (" + RatioTable.ratio(l.vsBaseline()) + "×)"))
              .orElse("–")).append(" |");
        }
        md.append('\n');
      }
    }
    md.append('\n');
    for (int threads : threadCounts) {
      String file = "scale-t" + threads + ".png";
      chart(lines, sizes, threads, directory.resolve(file));
      md.append("![hit throughput by size, ").append(threads).append(threads == 1 ? " thread" : " threads")
          .append("](").append(file).append(")\n\n");
    }
    return md.toString();
  }

  private static void chart(List<Line> lines, List<Integer> sizes, int threads, Path file) throws IOException {
    // The map at 1 k entries and LRU at 1 M can be three orders of magnitude apart: a log axis keeps both readable.
    List<Double> scores = new ArrayList<>();
    for (ScaleBenchmark.Contender contender : ScaleBenchmark.Contender.values()) {
      for (int size : sizes) {
        find(lines, contender.name(), size, threads).map(l -> l.measurement().score()).filter(score -> score > 0)
            .ifPresent(scores::add);
      }
    }
    boolean logY = !scores.isEmpty()
        && scores.stream().mapToDouble(d -> d).max().getAsDouble()
            / scores.stream().mapToDouble(d -> d).min().getAsDouble() >= Charts.LOG_SCALE_SPREAD;
    XYChart chart = new XYChartBuilder()
        .width(1000).height(640)
        .title("Hit throughput by size, " + threads + (threads == 1 ? " thread" : " threads")
            + " — read, higher is better" + (logY ? " (log scales)" : ""))
        .xAxisTitle("entries (log scale)")
        .yAxisTitle("Mops/s" + (logY ? ", log scale" : ""))
        .build();
    chart.getStyler().setXAxisLogarithmic(true);
    if (logY) {
      chart.getStyler().setYAxisLogarithmic(true);
    } else {
      chart.getStyler().setYAxisMin(0.0);
    }
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    for (ScaleBenchmark.Contender contender : ScaleBenchmark.Contender.values()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int size : sizes) {
        find(lines, contender.name(), size, threads).ifPresent(l -> {
          x.add((double) size);
          y.add(l.measurement().score());
        });
      }
      if (x.isEmpty()) {
        continue;
      }
      XYSeries series = chart.addSeries(contender.name().toLowerCase(Locale.ROOT).replace('_', ' '), x, y);
      series.setMarker(SeriesMarkers.CIRCLE);
      boolean raw = contender == ScaleBenchmark.Contender.CAFFEINE
          || contender == ScaleBenchmark.Contender.CONCURRENT_HASH_MAP;
      // Baselines dashed, cachelab solid: the two kinds tell apart without reading the legend.
      series.setLineStyle(raw ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
          new float[] {8f, 6f}, 0f) : new BasicStroke(2f));
      if (contender == ScaleBenchmark.Contender.CAFFEINE) {
        series.setLineColor(Charts.BASELINE);
        series.setMarkerColor(Charts.BASELINE);
      } else if (contender == ScaleBenchmark.Contender.CONCURRENT_HASH_MAP) {
        series.setLineColor(Charts.RAW);
        series.setMarkerColor(Charts.RAW);
      }
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
  }
}
