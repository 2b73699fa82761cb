package dev.cachelab.bench.report;

import dev.cachelab.bench.CacheBenchmark;
import dev.cachelab.bench.DirectoryBenchmark;
import dev.cachelab.bench.EvictionBenchmark;
import dev.cachelab.bench.Footprint;
import dev.cachelab.bench.LatencyBenchmark;
import dev.cachelab.bench.RedisBenchmark;
import dev.cachelab.bench.HitPathBenchmark;
import dev.cachelab.bench.MemoBenchmark;
import dev.cachelab.bench.ScaleBenchmark;
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
import java.util.TreeMap;
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
 * (the report is still written, listing what is missing); 2 for a bad command line; 3 with
 * {@code --fail-on-regression} when a ratio fell below the last published full run's by more than the noise
 * ({@link Regressions}; off by default, since a shared CI machine is noisier than any error bar).
 */
public final class BenchReport {

  /** Where the report goes unless {@code --out} says otherwise; relative to the repository root. */
  static final Path DEFAULT_OUT = Path.of("cache-benchmarks", "target", "benchmark-report");

  /**
   * The benchmark classes the report covers; a new one (such as memoization's) is added here. Each has exactly one
   * enum {@code @Param}, its contenders, and may have other {@code @Param}s with their values listed (such as
   * {@link ScaleBenchmark}'s {@code entries}); results of all classes are grouped by workload and thread count, and
   * divided by the one raw-Caffeine constant, named {@code CAFFEINE}, of that group. A result with another parameter
   * gets its own group, its workload named after the value too ({@code read@1024}).
   */
  static final List<Class<?>> SUITE = List.of(CacheBenchmark.class, DirectoryBenchmark.class, MemoBenchmark.class,
      EvictionBenchmark.class, LatencyBenchmark.class, ScaleBenchmark.class,
      RedisBenchmark.class);

  /**
   * The name {@code --include} is matched against to select the bytes-per-entry measurement ({@link Footprints}),
   * which is not a JMH benchmark; its expected runs are named {@code Footprint.bytesPerEntry STORE}.
   */
  /** The package of the benchmark classes, as JMH names a benchmark: {@code dev.cachelab.bench.}. */
  static final String SUITE_PACKAGE = CacheBenchmark.class.getPackageName() + ".";

  static final String FOOTPRINT_NAME = Footprint.class.getName() + ".bytesPerEntry";

  /** How long to measure. */
  enum Mode {
    /**
     * The whole suite for CI: indicative, with no computable error. 8 min 43 s on two cores (2026-11-30), about
     * 2.5 s a run (1.1 s measured, the rest forking, setup and teardown); each new in-memory contender adds eight runs, about 20 s. Bytes per entry at
     * 100,000 entries rather than a million: a million takes 1.5–22 s per store (cachelab over Ehcache is the slow
     * one), 100,000 about 1–6 s. (Warmup was 1 × 1 s and measurement 2 × 0.5 s until Ehcache and the directory
     * store joined.)
     */
    SMOKE(1, 1, 500, 2, 300, true, 100_000),
    /**
     * Settings fit to publish, with allocation measured by {@code -prof gc}, bytes per entry at a million: 33 s a
     * run on two cores, so about 1 h 50 min for the whole suite, 28 min with {@code --targets}.
     */
    FULL(2, 3, 2000, 5, 2000, true, 1_000_000);

    final int forks;
    final int warmupIterations;
    final int warmupMillis;
    final int measurementIterations;
    final int measurementMillis;
    final boolean profileAllocation;
    /** How many entries the bytes-per-entry measurement fills each store with. */
    final int footprintEntries;

    Mode(int forks, int warmupIterations, int warmupMillis, int measurementIterations, int measurementMillis,
        boolean profileAllocation, int footprintEntries) {
      this.footprintEntries = footprintEntries;
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
    boolean failOnRegression = false;
    boolean targetsOnly = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--fail-on-regression")) {
        failOnRegression = true;
      } else if (arg.equals("--targets")) {
        targetsOnly = true;
      } else if ((arg.equals("--out") || arg.equals("--include")) && i + 1 < args.length) {
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
    if (targetsOnly && include != null) {
      return usage("--targets chooses the runs itself; leave out --include");
    }
    try {
      return run(mode, out, include, targetsOnly, failOnRegression);
    } catch (IOException e) {
      System.err.println("benchmark report: cannot write the report in " + out.toAbsolutePath() + ": " + e);
      return 1;
    }
  }

  private static int usage(String problem) {
    System.err.println("benchmark report: " + problem);
    System.err.println("usage: java -cp cache-benchmarks/target/benchmarks.jar " + BenchReport.class.getName()
        + " smoke|full [--out DIR] [--include REGEX | --targets] [--fail-on-regression]");
    return 2;
  }

  private static int run(Mode mode, Path out, String include, boolean targetsOnly, boolean failOnRegression)
      throws IOException {
    Files.createDirectories(out);
    Path json = out.resolve("jmh-result.json");
    Map<String, Set<String>> plan = targetsOnly ? TargetRuns.plan(Targets.ISSUE_15) : Map.of();
    List<String> expected = targetsOnly ? TargetRuns.expected(plan) : expectedRuns(include);
    if (expected.isEmpty()) {
      return usage("no benchmark matches --include " + include);
    }

    ChainedOptionsBuilder options = settings(mode).result(json.toString());
    if (include != null) {
      options.include(include);
    } else if (!targetsOnly) {
      for (Class<?> benchmark : SUITE) {
        options.include(Pattern.quote(benchmark.getName()) + "\\.");
      }
    }

    boolean runJmh = expected.stream().anyMatch(run -> !run.startsWith("Footprint."));
    boolean runFootprint = include == null || Pattern.compile(include).matcher(FOOTPRINT_NAME).find();

    double loadBefore = loadAverage();
    Instant start = Instant.now();
    Collection<RunResult> results = new ArrayList<>();
    try {
      if (targetsOnly) {
        // One JMH run per benchmark method, with just the contenders its targets need (JMH's parameter overrides
        // go by parameter name, and several classes name their different contender enums alike).
        for (Map.Entry<String, Set<String>> method : plan.entrySet()) {
          Class<?> benchmark = TargetRuns.benchmarkClass(method.getKey());
          ChainedOptionsBuilder one = settings(mode)
              .include(Pattern.quote(SUITE_PACKAGE + method.getKey()) + "$")
              .param(contenderParameter(benchmark).getName(), method.getValue().toArray(String[]::new))
              .result(out.resolve("jmh-" + method.getKey() + ".json").toString());
          results.addAll(new Runner(one.build()).run());
        }
      } else if (runJmh) {
        results = new Runner(options.build()).run();
      }
    } catch (RunnerException e) {
      System.err.println("benchmark report: JMH could not run the suite: " + e);
      e.printStackTrace();
      return 1;
    }
    // After JMH, never beside it: the children would take turns with the benchmark threads.
    List<Footprint.Result> footprints = runFootprint ? Footprints.run(mode.footprintEntries) : List.of();
    Duration wall = Duration.between(start, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    double loadAfter = loadAverage();

    List<Measurement> measurements = new ArrayList<>();
    List<Latency> latencies = new ArrayList<>();
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
      String contenderKey = contenderKey(benchmark.substring(0, dot), params);
      String contender = params.getParam(contenderKey);
      // The other parameters, such as ScaleBenchmark's entries, name the run and make a group of their own.
      StringBuilder runSuffix = new StringBuilder();
      StringBuilder workloadSuffix = new StringBuilder();
      for (String key : paramsOf(params).keySet()) {
        if (!key.equals(contenderKey)) {
          runSuffix.append(' ').append(key).append('=').append(params.getParam(key));
          workloadSuffix.append('@').append(params.getParam(key));
        }
      }
      produced.add(benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1) + " " + contender + runSuffix);
      Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      if (params.getMode() == org.openjdk.jmh.annotations.Mode.SampleTime) {
        var stats = primary.getStatistics();
        latencies.add(new Latency(workload(method), contender, stats.getPercentile(50), stats.getPercentile(99),
            stats.getPercentile(99.9), primary.getScoreUnit()));
        continue;
      }
      measurements.add(new Measurement(workload(method) + workloadSuffix, params.getThreads(), contender,
          primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
          alloc == null ? Double.NaN : alloc.getScore()));
    }
    for (Footprint.Result footprint : footprints) {
      produced.add(Footprints.runName(footprint.store()));
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(produced);

    List<Line> lines = RatioTable.lines(measurements);
    // Results at other sizes (read@1024) are drawn as lines over the size, not as bars of their own.
    Map<String, String> charts = Charts.write(lines.stream().filter(l -> !Scale.isSized(l)).toList(), out);
    String scaleSection = Scale.markdown(lines, out);
    String footprintSection = Footprints.markdown(footprints, mode.footprintEntries, out);
    List<Line> targetLines = new ArrayList<>(lines);
    targetLines.addAll(Footprints.lines(footprints));
    List<String> anomalies = LoadCheck.anomalies(lines, loadBefore, loadAfter,
        Runtime.getRuntime().availableProcessors());
    Map<String, Regressions.Published> published = Regressions.readPublished(Regressions.PUBLISHED);
    List<Regressions.Regression> regressions = Regressions.find(lines, published);
    String report = report(mode, lines, charts, missing, wall, loadBefore, loadAfter, anyParams)
        .replace(TARGETS_PLACEHOLDER, Targets.markdown(Targets.evaluate(Targets.ISSUE_15, targetLines,
            anomalies.isEmpty())))
        .replace(LOAD_PLACEHOLDER, LoadCheck.markdown(anomalies))
        .replace(SUMMARY_PLACEHOLDER, Summary.markdown(lines))
        .replace(REGRESSIONS_PLACEHOLDER, Regressions.markdown(Regressions.comparable(lines, published), regressions)
            + (anomalies.isEmpty() ? "" : "\nMeasured under load: read these as hints, not verdicts.\n"))
        .replace(LATENCY_PLACEHOLDER, latencies.isEmpty() ? "Not run.\n" : Latency.markdown(latencies))
        .replace(SCALE_PLACEHOLDER, scaleSection)
        .replace(FOOTPRINT_PLACEHOLDER, footprintSection);
    Files.writeString(out.resolve("report.md"), report);

    System.out.println();
    System.out.println(report);
    System.out.println("Report written to " + out.resolve("report.md").toAbsolutePath() + " (wall time "
        + minutes(wall) + ")");
    if (failOnRegression && !regressions.isEmpty()) {
      System.err.println("benchmark report: " + regressions.size() + " ratio(s) regressed beyond the noise: "
          + regressions);
      return 3;
    }
    if (!missing.isEmpty()) {
      System.err.println("benchmark report: " + missing.size() + " benchmark(s) crashed or produced no result: "
          + missing);
      return 1;
    }
    return 0;
  }

  /** The mode's JMH settings, with allocation profiling when the mode asks for it; no benchmark chosen yet. */
  private static ChainedOptionsBuilder settings(Mode mode) {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .forks(mode.forks)
        .warmupIterations(mode.warmupIterations)
        .warmupTime(TimeValue.milliseconds(mode.warmupMillis))
        .measurementIterations(mode.measurementIterations)
        .measurementTime(TimeValue.milliseconds(mode.measurementMillis))
        // A crash must not stop the other benchmarks; it shows up below as a missing result and fails the run.
        .shouldFailOnError(false)
        .resultFormat(ResultFormatType.JSON);
    if (mode.profileAllocation) {
      options.addProfiler(GCProfiler.class);
    }
    return options;
  }

  /**
   * Every run the suite should produce: each benchmark method that {@code include} selects, times every constant of
   * its class's contender enum, times the values of its other parameters, as {@code CacheBenchmark.read_t1 CAFFEINE}
   * or {@code ScaleBenchmark.read_t1 CAFFEINE entries=1024}; and, when {@code include} selects
   * {@value #FOOTPRINT_NAME} (or is null), one {@code Footprint.bytesPerEntry STORE} per store.
   */
  static List<String> expectedRuns(String include) {
    Pattern filter = include == null ? null : Pattern.compile(include);
    List<String> runs = new ArrayList<>();
    for (Class<?> benchmark : SUITE) {
      Object[] contenders = contenderParameter(benchmark).getType().getEnumConstants();
      List<String> suffixes = otherParameterSuffixes(benchmark);
      for (Method method : benchmark.getMethods()) {
        String name = benchmark.getName() + "." + method.getName();
        if (method.isAnnotationPresent(Benchmark.class) && (filter == null || filter.matcher(name).find())) {
          for (Object contender : contenders) {
            for (String suffix : suffixes) {
              runs.add(benchmark.getSimpleName() + "." + method.getName() + " " + ((Enum<?>) contender).name()
                  + suffix);
            }
          }
        }
      }
    }
    if (filter == null || filter.matcher(FOOTPRINT_NAME).find()) {
      for (Footprint.Store store : Footprint.Store.values()) {
        runs.add(Footprints.runName(store.name()));
      }
    }
    runs.sort(null);
    return runs;
  }

  /**
   * The suite's convention: each benchmark class has exactly one enum {@code @Param}, its contenders (inherited
   * {@code @Param}s count too).
   */
  static Field contenderParameter(Class<?> benchmark) {
    List<Field> enums = new ArrayList<>();
    for (Field field : parameters(benchmark)) {
      if (field.getType().isEnum()) {
        enums.add(field);
      }
    }
    if (enums.size() != 1) {
      throw new IllegalStateException(benchmark.getName() + " must have exactly one enum @Param, its contenders;"
          + " it has " + enums);
    }
    return enums.get(0);
  }

  /** The {@code @Param} fields of a benchmark class and its superclasses. */
  private static List<Field> parameters(Class<?> benchmark) {
    List<Field> params = new ArrayList<>();
    for (Class<?> c = benchmark; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.isAnnotationPresent(Param.class)) {
          params.add(field);
        }
      }
    }
    return params;
  }

  /**
   * One suffix per combination of the values of a class's parameters other than its contenders, as expectedRuns
   * appends them ({@code " entries=1024"}); a single empty suffix when it has none. Such a parameter must list its
   * values, or the report could not know which runs to expect.
   */
  private static List<String> otherParameterSuffixes(Class<?> benchmark) {
    Field contenders = contenderParameter(benchmark);
    Map<String, String[]> others = new TreeMap<>();
    for (Field field : parameters(benchmark)) {
      if (!field.equals(contenders)) {
        String[] values = field.getAnnotation(Param.class).value();
        if (values.length == 0) {
          throw new IllegalStateException(benchmark.getName() + "'s @Param " + field.getName()
              + " must list its values");
        }
        others.put(field.getName(), values);
      }
    }
    List<String> suffixes = new ArrayList<>(List.of(""));
    for (Map.Entry<String, String[]> other : others.entrySet()) {
      List<String> longer = new ArrayList<>();
      for (String suffix : suffixes) {
        for (String value : other.getValue()) {
          longer.add(suffix + " " + other.getKey() + "=" + value);
        }
      }
      suffixes = longer;
    }
    return suffixes;
  }

  /** The name of a run's contender parameter: its class's enum {@code @Param}, or JMH's first key if unknown. */
  private static String contenderKey(String benchmarkClass, BenchmarkParams params) {
    for (Class<?> benchmark : SUITE) {
      if (benchmark.getName().equals(benchmarkClass)) {
        return contenderParameter(benchmark).getName();
      }
    }
    return params.getParamsKeys().iterator().next();
  }

  private static Map<String, String> paramsOf(BenchmarkParams params) {
    Map<String, String> values = new TreeMap<>();
    for (String key : params.getParamsKeys()) {
      values.put(key, params.getParam(key));
    }
    return values;
  }

  private static final Pattern THREAD_SUFFIX = Pattern.compile("(.*)_t\\d+");

  /** {@code read_t2} is workload {@code read}; the thread count comes from JMH's parameters. */
  static String workload(String method) {
    Matcher matcher = THREAD_SUFFIX.matcher(method);
    return matcher.matches() ? matcher.group(1) : method;
  }

  private static final String TARGETS_PLACEHOLDER = "@@TARGETS@@";
  private static final String LOAD_PLACEHOLDER = "@@LOAD@@";
  private static final String SUMMARY_PLACEHOLDER = "@@SUMMARY@@";
  private static final String REGRESSIONS_PLACEHOLDER = "@@REGRESSIONS@@";
  private static final String LATENCY_PLACEHOLDER = "@@LATENCY@@";
  private static final String SCALE_PLACEHOLDER = "@@SCALE@@";
  private static final String FOOTPRINT_PLACEHOLDER = "@@FOOTPRINT@@";

  private static String report(Mode mode, List<Line> lines, Map<String, String> charts, List<String> missing,
      Duration wall, double loadBefore, double loadAfter, BenchmarkParams params) {
    int processors = Runtime.getRuntime().availableProcessors();
    StringBuilder md = new StringBuilder();
    md.append("# cachelab benchmark report\n\n");
    md.append(LOAD_PLACEHOLDER).append('\n');
    md.append("## Which store when\n\n").append(SUMMARY_PLACEHOLDER).append('\n');
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
    md.append("- JMH's own results: `jmh-result.json` (with `--targets`, one `jmh-<benchmark>.json` per benchmark"
        + " method).\n\n");

    md.append("## What is measured\n\n");
    md.append(String.format(Locale.ROOT, "Throughput of the hit path, in millions of operations per second summed"
        + " over the threads (higher is better). %,d distinct keys, all present (the cache is bounded to %,d, so"
        + " nothing is evicted and every read hits) — except the directory store, a disk store with a benchmark of"
        + " its own, whose %,d keys (bound %,d) are files written in setup; a seeded Zipf(1) stream of %,d keys,"
        + " each thread walking it from its own offset. Statistics off on every side; each library's default"
        + " executor."
        + " Workloads: `read` 100 %% get; `readWrite` 75 %% get, 25 %% put; `write` 100 %% put (updates);"
        + " `getOrLoad` 100 %% get(key, loader), always a hit; `putEvict` (a benchmark of its own, %,d entries)"
        + " put of a key the full cache does not hold, so every put evicts. Allocation per operation from"
        + " `-prof gc` (`gc.alloc.rate.norm`). Hit ratio is the simulator's business, not this"
        + " report's.\n\n", CacheBenchmark.POPULATION, CacheBenchmark.MAXIMUM_SIZE, DirectoryBenchmark.POPULATION,
        DirectoryBenchmark.MAXIMUM_SIZE, HitPathBenchmark.STREAM, EvictionBenchmark.MAXIMUM_SIZE));

    md.append("## Targets\n\n");
    md.append(TARGETS_PLACEHOLDER).append('\n');
    md.append("## Against the last published full run\n\n").append(REGRESSIONS_PLACEHOLDER).append('\n');

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

    md.append("## Latency percentiles\n\n");
    md.append("JMH sample time, one thread, " + LatencyBenchmark.POPULATION + " keys: `hit` is getIfPresent of a"
        + " present key, `missLoad` get(key, loader) of an absent key in a full cache (load, store, evict), `write`"
        + " put of a present key. Sampling timers are coarse: values under ~50 ns mostly measure the timer.\n\n");
    md.append(LATENCY_PLACEHOLDER).append('\n');

    md.append("## Hit throughput by size\n\n").append(SCALE_PLACEHOLDER).append('\n');
    md.append("## Memory per entry\n\n").append(FOOTPRINT_PLACEHOLDER).append('\n');

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
