package dev.cachelab.bench.report;

import dev.cachelab.bench.Footprint;
import dev.cachelab.bench.report.RatioTable.Line;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The report's "Memory per entry": runs {@link Footprint} in a fresh JVM per store, one after the other, and turns
 * the results into a table, a chart and the lines the bytes-per-entry targets are read from. The method, and why it
 * counts only the cache's own structure, is on {@link Footprint}.
 *
 * <p>Not thread-safe; used from the report writer's one thread.
 */
final class Footprints {

  /**
   * The child JVM's options: a fixed 1 GB heap (the most a million entries of any store here needs is about 200 MB)
   * the serial collector, whose full collections leave "used" equal to the live bytes, and no thread-local
   * allocation buffers, which would make "used" jump by a whole buffer (see {@link Footprint}).
   */
  static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UseTLAB", "-Xms1g", "-Xmx1g");
  /** A child that takes longer has hung; a million entries take at most about 25 s on a loaded 2-core machine. */
  private static final long TIMEOUT_SECONDS = 300;
  /** The workload name of the lines {@link #lines} makes, which the targets read. */
  static final String WORKLOAD = "footprint";

  private Footprints() {}

  /**
   * The expected-run name of one store's measurement, as {@link BenchReport#expectedRuns} lists it.
   *
   * @param store the store's name
   * @return {@code Footprint.bytesPerEntry STORE}
   */
  static String runName(String store) {
    return "Footprint.bytesPerEntry " + store;
  }

  /**
   * Measures every store, each in a JVM of its own. A child that fails is reported on standard error and left out,
   * so it shows as a missing result.
   *
   * @param entries how many entries to fill each store with
   * @return the measurements that succeeded, in {@link Footprint.Store} order
   */
  static List<Footprint.Result> run(int entries) {
    List<Footprint.Result> results = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (Footprint.Store store : Footprint.Store.values()) {
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(JVM_OPTIONS);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Footprint.class.getName(), store.name(),
          Integer.toString(entries)));
      System.out.println("# Footprint: " + store + ", " + entries + " entries");
      Path output = null;
      try {
        // Into a file, not a pipe: a pipe read would block past the timeout if the child hung.
        output = Files.createTempFile("footprint-", ".txt");
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectOutput(output.toFile()).start();
        if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          child.destroyForcibly();
          System.err.println("benchmark report: footprint of " + store + " took over " + TIMEOUT_SECONDS + " s");
          continue;
        }
        if (child.exitValue() != 0) {
          System.err.println("benchmark report: footprint of " + store + " exited with " + child.exitValue());
          continue;
        }
        Footprint.Result result = Footprint.parse(Files.readString(output));
        System.out.println(Footprint.format(result));
        results.add(result);
      } catch (IOException | IllegalArgumentException e) {
        System.err.println("benchmark report: footprint of " + store + " failed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return results;
      } finally {
        deleteQuietly(output);
      }
    }
    return results;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A temporary file left behind is harmless.
      }
    }
  }

  /**
   * Turns the measurements into table lines of workload {@value #WORKLOAD}, score = bytes per entry, so the targets
   * read a store's ratio to raw Caffeine the way they read every other ratio ({@code vsBaseline}); lower is better
   * here, which {@link Targets.Reference#FOOTPRINT} knows.
   *
   * @param results the measurements
   * @return one line per store
   */
  static List<Line> lines(List<Footprint.Result> results) {
    List<Measurement> measurements = results.stream()
        .filter(r -> !Double.isNaN(r.bytesPerEntry()))
        .map(r -> new Measurement(WORKLOAD, 1, r.store(), r.bytesPerEntry(), Double.NaN, "B/entry", Double.NaN))
        .toList();
    return RatioTable.lines(measurements);
  }

  /**
   * Writes the section: how it was measured, the table, and the chart ({@code footprint.png}).
   *
   * @param results the measurements
   * @param entries how many entries each store was filled with
   * @param directory where the chart goes
   * @return the section's Markdown, ending in a newline
   * @throws IOException if the chart cannot be written
   */
  static String markdown(List<Footprint.Result> results, int entries, Path directory) throws IOException {
    if (results.isEmpty()) {
      return "Not run.\n";
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "The heap each store takes per entry, with %,d"
        + " entries (bounded stores bounded to as many), lower is better. Measured as a heap delta in a fresh JVM"
        + " per store (`%s`): the keys (`Integer`s, each its own value) are allocated before the baseline, so only"
        + " the cache's own structure — table, entries, policy lists, sketch — is counted; the cache is created"
        + " after the baseline, so what a store sizes up front for its bound is in the delta, spread over the"
        + " entries. `System.gc()` until the used heap is stable, before and after filling (and reading each key"
        + " once). Bytes per entry = delta ÷ entries held. The serial collector's full GC leaves \"used\" equal to"
        + " the live bytes; no TLABs, which would make it jump by a buffer.", entries, String.join(" ", JVM_OPTIONS)));
    if (entries != 1_000_000) {
      md.append(String.format(Locale.ROOT, " **%,d entries, not a million**: smoke mode's shortcut (a million"
          + " takes up to 22 s per store); a hash table's power-of-two sizing moves the figure by a few bytes"
          + " between sizes, so publish the full run's.", entries));
    }
    md.append("\n\n| Store | Bytes per entry | × raw Caffeine | × ConcurrentHashMap | Entries held |\n"
        + "|---|---:|---:|---:|---:|\n");
    for (Line line : lines(results)) {
      Footprint.Result result = results.stream()
          .filter(r -> r.store().equals(line.measurement().contender())).findFirst().orElseThrow();
      md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %,d%s |%n", result.store(),
          result.bytesPerEntry(), RatioTable.ratio(line.vsBaseline()), RatioTable.ratio(line.vsCeiling()),
          result.held(), result.held() == result.entries() ? "" : " of " + result.entries()));
    }
    md.append("\n![bytes per entry](footprint.png)\n");
    chart(results, entries, directory.resolve("footprint.png"));
    return md.toString();
  }

  private static void chart(List<Footprint.Result> results, int entries, Path file) throws IOException {
    CategoryChart chart = new CategoryChartBuilder()
        .width(1200).height(640)
        .title(String.format(Locale.ROOT, "Heap per entry at %,d entries — lower is better; (n×) = ratio to raw"
            + " Caffeine", entries))
        .yAxisTitle("bytes per entry")
        .build();
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setDecimalPattern("0");
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    Optional<Double> caffeine = results.stream().filter(r -> r.store().equals(RatioTable.BASELINE))
        .map(Footprint.Result::bytesPerEntry).findFirst();
    List<String> names = new ArrayList<>();
    List<Double> baseline = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    List<Double> cachelab = new ArrayList<>();
    for (Footprint.Result r : results) {
      // Short labels, or XChart drops every other one for lack of room; the colour tells cachelab from the rest.
      String label = r.store().toLowerCase(Locale.ROOT).replace("cachelab_caffeine", "over caffeine")
          .replace("cachelab_ehcache", "over ehcache").replace("cachelab_", "").replace("concurrent_hash_map", "map")
          .replace('_', ' ');
      if (!r.store().equals(RatioTable.BASELINE) && caffeine.isPresent()) {
        label += " (" + RatioTable.ratio(r.bytesPerEntry() / caffeine.get()) + "×)";
      }
      names.add(label);
      boolean isBaseline = r.store().equals(RatioTable.BASELINE);
      boolean isRaw = !isBaseline && !r.store().startsWith("CACHELAB_");
      baseline.add(isBaseline ? r.bytesPerEntry() : null);
      raw.add(isRaw ? r.bytesPerEntry() : null);
      cachelab.add(isBaseline || isRaw ? null : r.bytesPerEntry());
    }
    if (baseline.stream().anyMatch(java.util.Objects::nonNull)) {
      chart.addSeries("raw Caffeine (the baseline)", names, baseline).setFillColor(Charts.BASELINE);
    }
    if (raw.stream().anyMatch(java.util.Objects::nonNull)) {
      chart.addSeries("other raw libraries (map, Ehcache)", names, raw).setFillColor(Charts.RAW);
    }
    if (cachelab.stream().anyMatch(java.util.Objects::nonNull)) {
      chart.addSeries("cachelab (built-in engine by policy, unbounded, over Caffeine, over Ehcache)", names, cachelab)
          .setFillColor(Charts.CACHELAB);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
  }
}
