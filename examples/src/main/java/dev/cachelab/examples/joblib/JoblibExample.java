/*
 * joblib for Java. In Python, data people write
 *
 *     memory = joblib.Memory("cache")
 *     report = memory.cache(station_report)
 *     results = joblib.Parallel(n_jobs=4)(joblib.delayed(report)(s) for s in stations)
 *
 * to fan a heavy computation out over worker processes and keep every result on disk, so that rerunning the
 * notebook or the pipeline recomputes nothing. Here the same is a thread pool and a PersistentMemoizer: the memoized
 * function is thread-safe (equal arguments share one computation) and writes each result to its own file.
 *
 * The example runs the batch three times, each with a freshly opened memoizer, as a new process would:
 *   run 1 computes every station's report in parallel and writes it to disk;
 *   run 2 finds every report on disk and computes nothing;
 *   run 3 is version 2 of the function (a bug fix: sensor error codes are no longer averaged in), so the reports of
 *   version 1 are discarded and everything is computed again.
 * It starts from an empty directory of its own each time, so it always tells the whole story.
 */
package dev.cachelab.examples.joblib;

import dev.cachelab.codec.Codec;
import dev.cachelab.examples.Tour;
import dev.cachelab.memo.CacheInfo;
import dev.cachelab.memo.MemoizedFunction;
import dev.cachelab.memo.PersistentMemoizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** A data-heavy batch fanned out over a thread pool, memoized on disk. */
public final class JoblibExample {

  /** Worker threads: joblib's {@code n_jobs}. */
  static final int WORKERS = 4;

  /** A reading every five minutes for a year. */
  static final int READINGS_PER_YEAR = 365 * 288;

  /** A sensor's error code, mixed into the readings as real loggers do. */
  static final double ERROR_CODE = -999;

  /**
   * One station's year, summarized: what the heavy function returns and the memoizer keeps on disk.
   *
   * @param station the station
   * @param readings how many readings went into the mean
   * @param mean the mean temperature, °C
   * @param p95 the 95th percentile, °C
   */
  public record Report(int station, int readings, double mean, double p95) {}

  /**
   * One run of the batch.
   *
   * @param version the function's version
   * @param computed how many reports were computed
   * @param fromDisk how many were read from disk
   * @param reports the reports, by station
   * @param info the memoized function's counts
   */
  public record Run(String version, int computed, int fromDisk, List<Report> reports, CacheInfo info) {}

  private JoblibExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("joblib", args);
  }

  /**
   * The tour's entry: eight stations, each a year of readings every five minutes.
   *
   * @param context where to print and keep the results
   * @return the summary line
   * @throws Exception if a computation fails
   */
  public static String tour(Tour.Context context) throws Exception {
    List<Run> runs = run(context.out(), context.stateDirectory(), 8, READINGS_PER_YEAR);
    return String.format(Locale.ROOT, "%d reports computed on %d threads; rerun: %d from disk; version 2: %d "
        + "recomputed", runs.get(0).computed(), WORKERS, runs.get(1).fromDisk(), runs.get(2).computed());
  }

  /**
   * Runs the batch three times in {@code directory}, which is emptied first.
   *
   * @param out where to print
   * @param directory where results are kept
   * @param stations how many stations
   * @param readingsPerStation how many readings each station has (tests use fewer)
   * @return the three runs
   * @throws Exception if a computation fails
   */
  public static List<Run> run(PrintStream out, Path directory, int stations, int readingsPerStation)
      throws Exception {
    try (PersistentMemoizer memory = PersistentMemoizer.open(directory)) {
      memory.clear();
    }
    say(out, "Results live in %s (emptied first, so the story starts from the beginning).",
        Tour.display(directory));
    say(out, "%d stations, %,d readings each; %d worker threads.", stations, readingsPerStation, WORKERS);
    List<Run> runs = new ArrayList<>();
    runs.add(batch(out, directory, "1", "run 1: nothing on disk yet", stations,
        station -> report(station, readingsPerStation, false)));
    runs.add(batch(out, directory, "1", "run 2: the same, as a new process would run it", stations,
        station -> report(station, readingsPerStation, false)));
    runs.add(batch(out, directory, "2", "run 3: version 2 skips the sensors' error codes", stations,
        station -> report(station, readingsPerStation, true)));
    say(out, "%nVersion 1 averaged the error code %.0f in; version 2 drops it, so its means are higher. The version"
        + " is", ERROR_CODE);
    say(out, "how you tell the memoizer that the code changed: joblib notices a change to the function's source;");
    say(out, "Java cannot, so you bump the version, and the results of the old one are deleted.");
    return runs;
  }

  /** One run: opens the memoizer as a new process would, fans the stations out, and reports where each came from. */
  private static Run batch(PrintStream out, Path directory, String version, String title, int stations,
      Function<Integer, Report> compute) throws InterruptedException, ExecutionException {
    say(out, "%n%s (version %s)", title, version);
    Set<Integer> computed = ConcurrentHashMap.newKeySet();
    long start = System.nanoTime();
    List<Report> reports = new ArrayList<>();
    CacheInfo info;
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try (PersistentMemoizer memory = PersistentMemoizer.open(directory)) {
      MemoizedFunction<Integer, Report> report = memory.memoize("station-report", version, (Integer station) -> {
        computed.add(station);
        return compute.apply(station);
      }, Codec.canonical(Report.class));
      List<Future<Report>> futures = new ArrayList<>();
      for (int station = 1; station <= stations; station++) {
        int s = station;
        futures.add(pool.submit(() -> report.apply(s)));
      }
      for (Future<Report> future : futures) {
        reports.add(future.get());
      }
      info = report.cacheInfo();
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (Report r : reports) {
      say(out, "  station %d: %,d readings, mean %6.2f °C, p95 %5.2f °C   %s", r.station(), r.readings(), r.mean(),
          r.p95(), computed.contains(r.station()) ? "computed" : "from disk");
    }
    int fromDisk = stations - computed.size();
    say(out, "  %d computed, %d from disk, in %.2f s. %s", computed.size(), fromDisk, seconds, info);
    if (computed.isEmpty()) {
      say(out, "  Every result came from disk: nothing was recomputed.");
    }
    return new Run(version, computed.size(), fromDisk, List.copyOf(reports), info);
  }

  /**
   * The heavy function: a station's year of readings (the same every run), its mean and 95th percentile.
   *
   * @param station the station
   * @param readings how many readings to generate
   * @param skipErrorCodes whether error codes are left out (version 2) or averaged in (version 1's bug)
   * @return the report
   */
  static Report report(int station, int readings, boolean skipErrorCodes) {
    SplittableRandom random = new SplittableRandom(station);
    double[] values = new double[readings];
    int kept = 0;
    for (int i = 0; i < readings; i++) {
      double season = 10 * Math.sin(2 * Math.PI * i / READINGS_PER_YEAR);
      double day = 5 * Math.sin(2 * Math.PI * i / 288);
      double value = random.nextInt(1_000) == 0 ? ERROR_CODE : 8 + station + season + day + random.nextGaussian();
      if (!(skipErrorCodes && value == ERROR_CODE)) {
        values[kept++] = value;
      }
    }
    double[] sorted = Arrays.copyOf(values, kept);
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return new Report(station, kept, sum / kept, sorted[(int) Math.floor(0.95 * (kept - 1))]);
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
