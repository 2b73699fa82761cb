package dev.cachelab.bench.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a simulation's results for people: a Markdown table ({@value #TABLE}: a row per policy, a column per cache
 * size, hit ratio in %) and a line chart ({@value #CHART}: x = cache size, y = hit ratio in %, one line per policy).
 * The chart is drawn off-screen (AWT headless), so it works on a server without a display.
 */
final class Report {

  static final String TABLE = "results.md";
  static final String CHART = "hit-ratio.png";

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Report() {}

  /**
   * Writes both files into {@code dir}, creating it if needed.
   *
   * @param dir the output directory
   * @param workload the name of what was replayed, for titles
   * @param results one per policy and size
   * @throws IOException if a file cannot be written
   */
  static void write(Path dir, String workload, List<Result> results) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TABLE), markdown(workload, results), StandardCharsets.UTF_8);
    XYChart chart = chart(workload, results);
    try (OutputStream png = Files.newOutputStream(dir.resolve(CHART))) {
      BitmapEncoder.saveBitmap(chart, png, BitmapFormat.PNG);
    }
  }

  /** The table: a row per policy in the order run, a column per size in ascending order. */
  static String markdown(String workload, List<Result> results) {
    TreeSet<Long> sizes = sizes(results);
    StringBuilder md = new StringBuilder();
    md.append("# Hit ratio (%)\n\n");
    md.append(String.format(Locale.ROOT, "Workload: %s, %,d accesses. Each cell is hits / accesses for a cache of "
        + "that many entries.%n%n", Workload.shortName(workload), results.isEmpty() ? 0 : results.get(0).accesses()));
    md.append("| policy |");
    sizes.forEach(size -> md.append(' ').append(size).append(" |"));
    md.append("\n|---|");
    sizes.forEach(size -> md.append("---:|"));
    md.append('\n');
    for (Map.Entry<SimPolicy, Map<Long, Result>> row : byPolicy(results).entrySet()) {
      md.append("| ").append(row.getKey().id()).append(" |");
      for (long size : sizes) {
        Result result = row.getValue().get(size);
        md.append(' ').append(result == null ? "" : String.format(Locale.ROOT, "%.2f", 100 * result.hitRatio()))
            .append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static XYChart chart(String workload, List<Result> results) {
    TreeSet<Long> sizes = sizes(results);
    XYChart chart = new XYChartBuilder()
        .width(900)
        .height(560)
        .title("Hit ratio: " + Workload.shortName(workload))
        .xAxisTitle("cache size (entries)")
        .yAxisTitle("hit ratio (%)")
        .build();
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setXAxisLogarithmic(sizes.size() > 1 && sizes.last() >= 10 * sizes.first());
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisDecimalPattern("0.#");
    if (results.stream().anyMatch(result -> result.hitRatio() < 0.5)) {
      chart.getStyler().setYAxisMin(0.0); // from zero, unless every line is high up and would be squashed together
    }
    for (Map.Entry<SimPolicy, Map<Long, Result>> line : byPolicy(results).entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (long size : sizes) {
        Result result = line.getValue().get(size);
        if (result != null) {
          x.add((double) size);
          y.add(100 * result.hitRatio());
        }
      }
      style(chart.addSeries(line.getKey().id(), x, y), line.getKey());
    }
    return chart;
  }

  /**
   * Gives each policy its own colour, marker and dash, so that ten lines that often lie on top of each other (LRU,
   * FIFO and CLOCK on corda; every recency policy on loop) can still be told apart, in print too. The references are
   * dashed: OPT black, Caffeine grey; cachelab's W-TinyLFU is drawn thicker, as the policy the references measure.
   */
  private static void style(XYSeries series, SimPolicy policy) {
    Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL,
        SeriesMarkers.RECTANGLE, SeriesMarkers.CIRCLE};
    BasicStroke[] lines = {SeriesLines.SOLID, SeriesLines.DOT_DOT, SeriesLines.DASH_DOT, SeriesLines.SOLID,
        SeriesLines.DOT_DOT, SeriesLines.DASH_DOT, SeriesLines.SOLID};
    Color[] colours = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), Color.GRAY, new Color(0xBCBD22), Color.BLACK};
    int i = policy.ordinal();
    series.setMarker(markers[i % markers.length]);
    series.setLineColor(colours[i % colours.length]);
    series.setMarkerColor(colours[i % colours.length]);
    if (policy == SimPolicy.OPT || policy == SimPolicy.CAFFEINE) {
      series.setLineStyle(SeriesLines.DASH_DASH);
    } else if (policy == SimPolicy.WTINYLFU) {
      series.setLineStyle(new BasicStroke(3.0f));
    } else {
      series.setLineStyle(lines[i % lines.length]);
    }
  }

  private static TreeSet<Long> sizes(List<Result> results) {
    TreeSet<Long> sizes = new TreeSet<>();
    results.forEach(result -> sizes.add(result.size()));
    return sizes;
  }

  private static Map<SimPolicy, Map<Long, Result>> byPolicy(List<Result> results) {
    Map<SimPolicy, Map<Long, Result>> rows = new LinkedHashMap<>();
    for (Result result : results) {
      rows.computeIfAbsent(result.policy(), policy -> new LinkedHashMap<>()).put(result.size(), result);
    }
    return rows;
  }
}
