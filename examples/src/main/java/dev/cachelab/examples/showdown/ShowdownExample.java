/*
 * The policy showdown: real cache traces replayed through one cachelab cache per eviction policy, at three sizes
 * each, with the hit ratio as the score. Three traces, three lessons:
 *
 *   glimpse (LIRS): a text-search tool whose accesses loop over its index — mixed recency and frequency;
 *   loop (LIRS): keys 0 .. 1010 in order, 500 times — a scan, the worst case for recency;
 *   corda (R3's vault service): every key comes back a few dozen requests later, once — pure recency.
 *
 * Each trace's first 100,000 accesses are replayed (loop's first 99 cycles, corda's first three quarters), which
 * keeps the example to a few seconds and every lesson intact.
 *
 * The replay uses only the public API: CacheBuilder.maximumSize(n).evictionPolicy(p); per access getIfPresent, and
 * put on a miss.
 * cache-benchmarks has the full simulator (more traces, Caffeine, Ehcache, and Belady's optimum); this is its
 * short version. The traces come from cache-core's test resources, copied into the examples at build time with their
 * README, which gives their origin and terms; the table is printed and a chart written as a PNG.
 */
package dev.cachelab.examples.showdown;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.examples.Tour;
import dev.cachelab.policy.EvictionPolicy;
import java.awt.Color;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Replays three real traces through every eviction policy at three sizes; prints a table, writes a chart. */
public final class ShowdownExample {

  static {
    System.setProperty("java.awt.headless", "true"); // the chart is drawn off-screen, also on a machine with no display
  }

  /** Where the traces are on the classpath (copied from cache-core/src/test/resources/traces by the build). */
  static final String TRACES = "/dev/cachelab/examples/showdown/traces/";

  /** How many accesses of each trace are replayed: the start of each, so the whole showdown takes seconds. */
  static final int MAX_ACCESSES = 100_000;

  /** The chart's file name, in the example's state directory. */
  static final String CHART = "hit-ratio.png";

  /**
   * A trace and the cache sizes it is replayed at.
   *
   * @param name its short name
   * @param file its file under {@link #TRACES}
   * @param sizes three cache sizes, in entries
   */
  record Trace(String name, String file, List<Integer> sizes) {}

  static final List<Trace> TRACE_LIST = List.of(
      new Trace("glimpse", "gli.trace.gz", List.of(500, 1_000, 1_500)),
      new Trace("loop", "loop.trace.gz", List.of(250, 500, 1_000)),
      new Trace("corda", "trace_vaultservice.gz", List.of(250, 1_000, 5_000)));

  /** The policies, in the order of the table's columns. */
  static final Map<String, EvictionPolicy> POLICIES = policies();

  /**
   * One row of the table.
   *
   * @param trace the trace's name
   * @param size the cache size
   * @param accesses how many accesses the trace has
   * @param hitRatios the hit ratio of each policy, in {@link #POLICIES} order, 0 to 1
   */
  public record Row(String trace, int size, int accesses, List<Double> hitRatios) {

    /** The policies with the highest hit ratio in this row (ties included). */
    List<String> winners() {
      double best = hitRatios.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      List<String> names = new ArrayList<>(POLICIES.keySet());
      return IntStream.range(0, names.size()).filter(i -> hitRatios.get(i) >= best - 1e-9).mapToObj(names::get)
          .toList();
    }

    double ratio(String policy) {
      return hitRatios.get(new ArrayList<>(POLICIES.keySet()).indexOf(policy));
    }
  }

  private ShowdownExample() {}

  private static Map<String, EvictionPolicy> policies() {
    Map<String, EvictionPolicy> policies = new LinkedHashMap<>();
    policies.put("LRU", EvictionPolicy.lru());
    policies.put("FIFO", EvictionPolicy.fifo());
    policies.put("CLOCK", EvictionPolicy.clock());
    policies.put("SIEVE", EvictionPolicy.sieve());
    policies.put("LFU", EvictionPolicy.lfu());
    policies.put("S3-FIFO", EvictionPolicy.s3Fifo());
    policies.put("W-TinyLFU", EvictionPolicy.wTinyLfu());
    return policies;
  }

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("showdown", args);
  }

  /**
   * The tour's entry: writes the chart into the example's state directory.
   *
   * @param context where to print and write the chart
   * @return the summary line
   * @throws IOException if a trace cannot be read or the chart cannot be written
   */
  public static String tour(Tour.Context context) throws IOException {
    List<Row> rows = run(context.out(), context.stateDirectory());
    Row loop = row(rows, "loop", 500);
    return String.format(Locale.ROOT, "%d replays; loop at 500 entries: LRU %.1f %%, W-TinyLFU %.1f %%; chart: %s",
        rows.size() * POLICIES.size(), 100 * loop.ratio("LRU"), 100 * loop.ratio("W-TinyLFU"),
        Tour.display(context.stateDirectory().resolve(CHART)));
  }

  /**
   * Replays every trace at its sizes through every policy, prints the table and the lessons, and writes the chart.
   *
   * @param out where to print
   * @param directory where the chart goes (created if needed)
   * @return the table's rows
   * @throws IOException if a trace cannot be read or the chart cannot be written
   */
  public static List<Row> run(PrintStream out, Path directory) throws IOException {
    long start = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    for (Trace trace : TRACE_LIST) {
      long[] all = read(trace.file());
      long[] keys = Arrays.copyOf(all, Math.min(all.length, MAX_ACCESSES));
      for (int size : trace.sizes()) {
        // One cache per policy, replayed on two threads at a time: each replay is single-threaded, so exact.
        List<Double> ratios = POLICIES.values().parallelStream().map(policy -> replay(keys, size, policy)).toList();
        rows.add(new Row(trace.name(), size, keys.length, ratios));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    say(out, "Hit ratio in %%: the first %,d accesses of each trace, replayed through a cachelab cache of each size and",
        MAX_ACCESSES);
    say(out, "policy (the traces' origin and terms: traces/README.md, next to the traces on the classpath).");
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-8s %6s %8s", "trace", "size", "accesses"));
    POLICIES.keySet().forEach(name -> header.append(String.format(Locale.ROOT, " %9s", name)));
    say(out, "%s", header);
    for (Row row : rows) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %,6d %,8d", row.trace(), row.size(),
          row.accesses()));
      List<String> winners = row.winners();
      List<String> names = new ArrayList<>(POLICIES.keySet());
      for (int i = 0; i < names.size(); i++) {
        String cell = String.format(Locale.ROOT, "%.2f", 100 * row.hitRatios().get(i));
        line.append(String.format(Locale.ROOT, " %9s", winners.contains(names.get(i)) ? "*" + cell + "*" : cell));
      }
      say(out, "%s", line);
    }
    say(out, "(*x* marks the best in a row; %d replays, %,d accesses in all, took %.1f s)",
        rows.size() * POLICIES.size(), rows.stream().mapToLong(r -> (long) r.accesses() * POLICIES.size()).sum(),
        seconds);

    Path chart = chart(rows, directory);
    say(out, "Chart: %s", Tour.display(chart));

    Row loop = row(rows, "loop", 500);
    Row corda = row(rows, "corda", 250);
    say(out, "%nWhat it teaches:");
    say(out, "- Recency fails on scans: loop reads 1,011 keys in a cycle, so LRU, FIFO, CLOCK and SIEVE evict each key");
    say(out, "  just before it returns: %.1f %% at every size below 1,011.", 100 * maxOf(rows, "loop",
        List.of("LRU", "FIFO", "CLOCK", "SIEVE")));
    say(out, "- Admission rescues them: W-TinyLFU lets a newcomer into main only if it was seen more often than the");
    say(out, "  key it would push out, so the resident keys stay and hit: %.1f %% on loop at 500 entries.",
        100 * loop.ratio("W-TinyLFU"));
    say(out, "- No policy wins everywhere: on corda, where each key returns a few dozen requests later, SIEVE falls to");
    say(out, "  %.1f %% where LRU gets %.1f %%. The best: %s.",
        100 * corda.ratio("SIEVE"), 100 * corda.ratio("LRU"), winnersByTrace(rows));
    return rows;
  }

  /**
   * Replays {@code keys} through a cache of {@code size} entries with {@code policy}; returns the hit ratio. Each
   * access is the traces' rule, as the simulator follows it: {@code getIfPresent}, and on a miss {@code put} — what
   * {@code get(key, loader)} does, without the bookkeeping of a load that a replay does not need.
   */
  static double replay(long[] keys, int size, EvictionPolicy policy) {
    long hits = 0;
    try (Cache<Long, Boolean> cache = CacheBuilder.newBuilder().maximumSize(size).evictionPolicy(policy).build()) {
      for (long key : keys) {
        Long boxed = key;
        if (cache.getIfPresent(boxed) != null) {
          hits++;
        } else {
          cache.put(boxed, Boolean.TRUE);
        }
      }
    }
    return hits / (double) keys.length;
  }

  /** Reads a trace from the classpath: LIRS text (one key per line, {@code *} lines skipped) or Corda's binary. */
  static long[] read(String file) throws IOException {
    try (InputStream resource = ShowdownExample.class.getResourceAsStream(TRACES + file)) {
      if (resource == null) {
        throw new IOException("trace " + TRACES + file + " is not on the classpath; the examples' build copies it from"
            + " cache-core/src/test/resources/traces (run the tour through Maven, as examples/README.md shows)");
      }
      InputStream in = new GZIPInputStream(resource, 1 << 16);
      return file.startsWith("trace_") ? longs(in) : lirs(in);
    }
  }

  private static long[] lirs(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.equals("*"))
        .mapToLong(Long::parseLong).toArray();
  }

  private static long[] longs(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16));
    long[] keys = new long[1 << 17];
    int n = 0;
    while (true) {
      long key;
      try {
        key = data.readLong();
      } catch (EOFException end) {
        break;
      }
      if (n == keys.length) {
        keys = Arrays.copyOf(keys, n * 2);
      }
      keys[n++] = key;
    }
    return Arrays.copyOf(keys, n);
  }

  /** A grouped bar chart: a group per trace and size, a bar per policy. */
  private static Path chart(List<Row> rows, Path directory) throws IOException {
    Files.createDirectories(directory);
    CategoryChart chart = new CategoryChartBuilder()
        .width(1200).height(560)
        .title("Hit ratio by policy: three traces at three sizes (higher is better)")
        .xAxisTitle("trace @ cache size (entries)")
        .yAxisTitle("hit ratio (%)")
        .build();
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(45); // nine groups: level labels would run into each other
    List<String> groups = rows.stream().map(r -> r.trace() + " @ " + r.size()).toList();
    List<String> names = new ArrayList<>(POLICIES.keySet());
    for (int i = 0; i < names.size(); i++) {
      int policy = i;
      chart.addSeries(names.get(i), groups, rows.stream().map(r -> 100 * r.hitRatios().get(policy)).toList());
    }
    Path file = directory.resolve(CHART);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
    return file;
  }

  static Row row(List<Row> rows, String trace, int size) {
    return rows.stream().filter(r -> r.trace().equals(trace) && r.size() == size).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row for " + trace + " at " + size));
  }

  private static double maxOf(List<Row> rows, String trace, List<String> policies) {
    return rows.stream().filter(r -> r.trace().equals(trace) && r.size() < 1_011)
        .flatMap(r -> policies.stream().map(r::ratio)).max(Comparator.naturalOrder()).orElse(0.0);
  }

  /** Per trace, the policies that won its rows: "W-TinyLFU on glimpse; LRU/FIFO on corda". */
  private static String winnersByTrace(List<Row> rows) {
    return rows.stream().collect(Collectors.groupingBy(Row::trace, LinkedHashMap::new,
            Collectors.mapping(r -> String.join("/", r.winners()), Collectors.toCollection(LinkedHashSet::new))))
        .entrySet().stream().map(e -> String.join(" or ", e.getValue()) + " on " + e.getKey())
        .collect(Collectors.joining("; "));
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
