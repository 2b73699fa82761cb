package dev.cachelab.bench.report;

import dev.cachelab.bench.CacheBenchmark;
import dev.cachelab.bench.DirectoryBenchmark;
import dev.cachelab.bench.RedisBenchmark;
import dev.cachelab.bench.HitPathBenchmark;
import dev.cachelab.bench.MemoBenchmark;
import dev.cachelab.bench.report.RatioTable.Line;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite through JMH's Java API and writes the report.
 *
 * <p>Usage: {@code java -cp cache-benchmarks/target/benchmarks.jar dev.cachelab.bench.report.BenchReport
 * smoke|full [--out DIR] [--include REGEX]}, from the repository root. Writes into {@code DIR} (default
 * {@code cache-benchmarks/target/benchmark-report}): {@code jmh-result.json} (JMH's own JSON), {@code report.md}
 * and one PNG chart per workload and thread count, then prints the report.
 *
 * <p>Exit status: 0 when every benchmark produced a result, however slow; 1 when one crashed or produced no result
 * (the report is still written, listing what is missing); 2 for a bad command line.
 */
public final class BenchReport {

  /** Where the report goes unless {@code --out} says otherwise; relative to the repository root. */
  static final Path DEFAULT_OUT = Path.of("cache-benchmarks", "target", "benchmark-report");

  /**
   * The benchmark classes the report covers; a new one (such as memoization's) is added here. Each has exactly one
   * {@code @Param}, an enum of contenders; results of all classes are grouped by workload and thread count, and
   * divided by the one raw-Caffeine constant, named {@code CAFFEINE}, of that group.
   */
  static final List<Class<?>> SUITE = List.of(CacheBenchmark.class, DirectoryBenchmark.class, MemoBenchmark.class,
      RedisBenchmark.class);

  /** How long to measure. */
  enum Mode {
    /**
     * The whole suite in under five minutes on two cores, for CI: indicative, with no computable error. About 2.5 s
     * a run (1.1 s measured, the rest forking, setup and teardown), 94 runs; each new contender adds eight runs,
     * about 20 s. (Warmup was 1 × 1 s and measurement 2 × 0.5 s until Ehcache and the directory store joined.)
     */
    SMOKE(1, 1, 500, 2, 300, false),
    /** Settings fit to publish, with allocation measured by {@code -prof gc}; about 40 minutes on two cores. */
    FULL(2, 3, 2000, 5, 2000, true);

    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int measurementIterations;
    final int measurementMillis;
    final boolean profileAllocation;

    Mode(int forks, int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis,
        boolean profileAllocation) {
      this.forks = forks;
      this.warmupIterations = warmupIterations;
      this.warmupMillis = warmupMillis;
      this.measurementIterations = measurementIterations;
      this.measurementMillis = measurementMillis;
      this.profileAllocation = profileAllocation;
    }

    String describe() {
      return String.format(Locale.ROOT, "%d fork%s, warmup %d × %s, measurement %d × %s%s", forks,
          forks == 1 ? "" : "s", warmupIterations, seconds(warmupMillis), measurementIterations,
          seconds(measurementMillis), profileAllocation ? ", -prof gc" : "");
    }

    private static String seconds(int millis) {
      return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
  }

  private BenchReport() {}

  /**
   * Runs the suite and writes the report; exits with the status described on the class.
   *
   * @param args {@code smoke} or {@code full}, then optionally {@code --out DIR} and {@code --include REGEX}
   */
  public static void main(String[] args) {
    // Before any AWT class loads: the charts are drawn on machines without a display.
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args));
  }

  static int run(String[] args) {
    Mode mode = null;
    Path out = DEFAULT_OUT;
    String include = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("--out") || arg.equals("--include")) && i + 1 < args.length) {
        if (arg.equals("--out")) {
          out = Path.of(args[++i]);
        } else {
          include = args[++i];
        }
      } else if (mode == null && (arg.equals("smoke") || arg.equals("full"))) {
        mode = Mode.valueOf(arg.toUpperCase(Locale.ROOT));
      } else {
        return usage("unexpected argument: " + arg);
      }
    }
    if (mode == null) {
      return usage("the mode is missing");
    }
    try {
      return run(mode, out, include);
    } catch (IOException e) {
      System.err.println("benchmark report: cannot write the report in " + out.toAbsolutePath() + ": " + e);
      return 1;
    }
  }

  private static int usage(String problem) {
    System.err.println("benchmark report: " + problem);
    System.err.println("usage: java -cp cache-benchmarks/target/benchmarks.jar " + BenchReport.class.getName()
        + " smoke|full [--out DIR] [--include REGEX]");
    return 2;
  }

  private static int run(Mode mode, Path out, String include) throws IOException {
    Files.createDirectories(out);
    Path json = out.resolve("jmh-result.json");
    List<String> expected = expectedRuns(include);
    if (expected.isEmpty()) {
      return usage("no benchmark matches --include " + include);
    }

    ChainedOptionsBuilder options = new OptionsBuilder()
        .forks(mode.forks)
        .warmupIterations(mode.warmupIterations)
        .warmupTime(TimeValue.milliseconds(mode.warmupMillis))
        .measurementIterations(mode.measurementIterations)
        .measurementTime(TimeValue.milliseconds(mode.measurementMillis))
        // A crash must not stop the other benchmarks; it shows up below as a missing result and fails the run.
        .shouldFailOnError(false)
        .result(json.toString())
        .resultFormat(ResultFormatType.JSON);
    if (include != null) {
      options.include(include);
    } else {
      for (Class<?> benchmark : SUITE) {
        options.include(Pattern.quote(benchmark.getName()) + "\\.");
      }
    }
    if (mode.profileAllocation) {
      options.addProfiler(GCProfiler.class);
    }

    double loadBefore = loadAverage();
    Instant start = Instant.now();
    Collection<RunResult> results;
    try {
      results = new Runner(options.build()).run();
    } catch (RunnerException e) {
      System.err.println("benchmark report: JMH could not run the suite: " + e);
      e.printStackTrace();
      return 1;
    }
    Duration wall = Duration.between(start, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    double loadAfter = loadAverage();

    List<Measurement> measurements = new ArrayList<>();
    Set<String> produced = new LinkedHashSet<>();
    BenchmarkParams anyParams = null;
    for (RunResult result : results) {
      BenchmarkParams params = result.getParams();
      anyParams = params;
      Result<?> primary = result.getPrimaryResult();
      if (primary == null || primary.getSampleCount() == 0 || Double.isNaN(primary.getScore())) {
        continue;
      }
      // dev.cachelab.bench.CacheBenchmark.read_t1 -> CacheBenchmark.read_t1, as expectedRuns names it.
      String benchmark = params.getBenchmark();
      int dot = benchmark.lastIndexOf('.');
      String method = benchmark.substring(dot + 1);
      String contender = params.getParam(params.getParamsKeys().iterator().next());
      produced.add(benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1) + " " + contender);
      Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      measurements.add(new Measurement(workload(method), params.getThreads(), contender,
          primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
          alloc == null ? Double.NaN : alloc.getScore()));
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(produced);

    List<Line> lines = RatioTable.lines(measurements);
    Map<String, String> charts = Charts.write(lines, out);
    String report = report(mode, lines, charts, missing, wall, loadBefore, loadAfter, anyParams);
    Files.writeString(out.resolve("report.md"), report);

    System.out.println();
    System.out.println(report);
    System.out.println("Report written to " + out.resolve("report.md").toAbsolutePath() + " (wall time "
        + minutes(wall) + ")");
    if (!missing.isEmpty()) {
      System.err.println("benchmark report: " + missing.size() + " benchmark(s) crashed or produced no result: "
          + missing);
      return 1;
    }
    return 0;
  }

  /**
   * Every run the suite should produce: each benchmark method that {@code include} selects, times every constant of
   * its class's contender enum, as {@code CacheBenchmark.read_t1 CAFFEINE}.
   */
  static List<String> expectedRuns(String include) {
    Pattern filter = include == null ? null : Pattern.compile(include);
    List<String> runs = new ArrayList<>();
    for (Class<?> benchmark : SUITE) {
      Object[] contenders = contenderParameter(benchmark).getType().getEnumConstants();
      for (Method method : benchmark.getMethods()) {
        String name = benchmark.getName() + "." + method.getName();
        if (method.isAnnotationPresent(Benchmark.class) && (filter == null || filter.matcher(name).find())) {
          for (Object contender : contenders) {
            runs.add(benchmark.getSimpleName() + "." + method.getName() + " " + ((Enum<?>) contender).name());
          }
        }
      }
    }
    runs.sort(null);
    return runs;
  }

  /** The suite's convention: each benchmark class has exactly one {@code @Param}, an enum of contenders. */
  static Field contenderParameter(Class<?> benchmark) {
    List<Field> params = new ArrayList<>();
    for (Field field : benchmark.getDeclaredFields()) {
      if (field.isAnnotationPresent(Param.class)) {
        params.add(field);
      }
    }
    if (params.size() != 1 || !params.get(0).getType().isEnum()) {
      throw new IllegalStateException(benchmark.getName() + " must have exactly one @Param, an enum of contenders;"
          + " it has " + params);
    }
    return params.get(0);
  }

  private static final Pattern THREAD_SUFFIX = Pattern.compile("(.*)_t\\d+");

  /** {@code read_t2} is workload {@code read}; the thread count comes from JMH's parameters. */
  static String workload(String method) {
    Matcher matcher = THREAD_SUFFIX.matcher(method);
    return matcher.matches() ? matcher.group(1) : method;
  }

  private static String report(Mode mode, List<Line> lines, Map<String, String> charts, List<String> missing,
      Duration wall, double loadBefore, double loadAfter, BenchmarkParams params) {
    int processors = Runtime.getRuntime().availableProcessors();
    StringBuilder md = new StringBuilder();
    md.append("# cachelab benchmark report\n\n");
    md.append("- Mode: **").append(mode.name().toLowerCase(Locale.ROOT)).append("** (").append(mode.describe())
        .append(").");
    if (mode == Mode.SMOKE) {
      md.append(" Short iterations for CI: two iterations give no error estimate, and ratios are indicative;"
          + " publish only full-mode numbers.");
    }
    md.append('\n');
    md.append("- Run: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", wall time ")
        .append(minutes(wall)).append(".\n");
    md.append("- Machine: ").append(System.getProperty("os.name")).append(' ')
        .append(System.getProperty("os.arch")).append(", ").append(processors).append(" processors");
    if (params != null) {
      md.append(", ").append(params.getVmName()).append(' ').append(params.getVmVersion())
          .append(", JMH ").append(params.getJmhVersion())
          .append(", JVM options ").append(String.join(" ", params.getJvmArgs()));
    }
    md.append(".\n");
    md.append(String.format(Locale.ROOT, "- Load average: %.1f before, %.1f after", loadBefore, loadAfter));
    if (Math.max(loadBefore, loadAfter) > processors) {
      md.append(" — above the processor count: other work shared the machine, so these numbers were measured"
          + " under load and the ratios, taken in the same run, are the thing to read");
    }
    md.append(".\n");
    md.append("- JMH's own results: `jmh-result.json`.\n\n");

    md.append("## What is measured\n\n");
    md.append(String.format(Locale.ROOT, "Throughput of the hit path, in millions of operations per second summed"
        + " over the threads (higher is better). %,d distinct keys, all present (the cache is bounded to %,d, so"
        + " nothing is evicted and every read hits) — except the directory store, a disk store with a benchmark of"
        + " its own, whose %,d keys (bound %,d) are files written in setup; a seeded Zipf(1) stream of %,d keys,"
        + " each thread walking it from its own offset. Statistics off on every side; each library's default"
        + " executor."
        + " Workloads: `read` 100 %% get; `readWrite` 75 %% get, 25 %% put; `write` 100 %% put (updates);"
        + " `getOrLoad` 100 %% get(key, loader), always a hit. Hit ratio is the simulator's business, not this"
        + " report's.\n\n", CacheBenchmark.POPULATION, CacheBenchmark.MAXIMUM_SIZE, DirectoryBenchmark.POPULATION,
        DirectoryBenchmark.MAXIMUM_SIZE, HitPathBenchmark.STREAM));

    md.append("## Targets\n\n");
    md.append(Targets.markdown(Targets.evaluate(Targets.ISSUE_6, lines))).append('\n');

    md.append("## Results\n\n");
    md.append("Each ratio divides a result by another from the same run, same workload and same thread count."
        + " **× raw Caffeine** is the baseline: Caffeine's `getIfPresent`/`put` for read, readWrite and write, its"
        + " `get(key, fn)` for getOrLoad. **× ConcurrentHashMap** is the ceiling: an unbounded map with no policy,"
        + " which no cache beats. **× its raw library** is, for cachelab over a third-party store, that library"
        + " used directly (`CACHELAB_EHCACHE` over `EHCACHE`, `CACHELAB_CAFFEINE` over `CAFFEINE`): what the"
        + " facade costs on top of the store. `CACHELAB_DIRECTORY` keeps every entry in a file on disk, so it is"
        + " orders of magnitude slower than any heap cache, by design. ± is half of JMH's 99.9 % confidence"
        + " interval, `?` where there were too few iterations to compute one (smoke mode).\n\n");
    md.append(RatioTable.markdown(lines)).append('\n');

    if (!missing.isEmpty()) {
      md.append("## Missing results\n\n");
      md.append("These crashed or produced no result, which fails the run:\n\n");
      for (String run : missing) {
        md.append("- `").append(run).append("`\n");
      }
      md.append('\n');
    }

    md.append("## Charts\n\n");
    for (Map.Entry<String, String> chart : charts.entrySet()) {
      md.append("### ").append(chart.getKey()).append("\n\n![").append(chart.getKey()).append("](")
          .append(chart.getValue()).append(")\n\n");
    }
    return md.toString();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String minutes(Duration wall) {
    return wall.toMinutes() + " min " + wall.toSecondsPart() + " s";
  }
}
