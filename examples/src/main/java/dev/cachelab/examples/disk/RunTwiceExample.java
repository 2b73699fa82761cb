/*
 * Persistent memoization, Python's joblib.Memory for the JVM: results are memoized into a directory, so they outlive
 * the program. Run this example twice. The first run computes each day's summary (slowly: a stand-in for reading a
 * day of data) and writes it to disk; the second run finds every summary on disk and returns at once, and says so.
 * Change VERSION when the computation changes, and the old results are discarded.
 */
package dev.cachelab.examples.disk;

import dev.cachelab.codec.Codec;
import dev.cachelab.memo.CacheInfo;
import dev.cachelab.memo.MemoizedFunction;
import dev.cachelab.memo.PersistentMemoizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Summarizes days of sensor readings through a persistent memoizer; the second run reads every summary from disk. */
public final class RunTwiceExample {

  /** The function's version: bump it when {@link #summarize} changes, and the results of the old one are dropped. */
  static final String VERSION = "1";

  /** A day's summary: what the slow function returns and the memoizer keeps on disk. */
  public record DaySummary(int day, int readings, double mean, double max) {}

  /** What one run did, for the test. */
  public record Outcome(int computed, int fromDisk, List<DaySummary> summaries, CacheInfo info) {}

  private RunTwiceExample() {}

  /**
   * Runs the example on six days that take half a second each, in {@code <tmp>/cachelab-run-twice} or the directory
   * given; {@code --clear} deletes the results first.
   *
   * @param args {@code [--clear] [directory]}
   */
  public static void main(String[] args) {
    boolean clear = args.length > 0 && args[0].equals("--clear");
    Path directory = args.length > (clear ? 1 : 0) ? Path.of(args[clear ? 1 : 0]) : defaultDirectory();
    if (clear) {
      try (PersistentMemoizer memory = PersistentMemoizer.open(directory)) {
        memory.clear();
      }
      System.out.println("Cleared the results in " + directory + ".");
    }
    run(System.out, directory, 6, Duration.ofMillis(500));
  }

  /**
   * The tour's entry: the same example with a tenth of a second per day, so the whole tour stays quick.
   *
   * @param args ignored
   */
  public static void tour(String[] args) {
    run(System.out, defaultDirectory(), 6, Duration.ofMillis(100));
  }

  /**
   * Where {@link #main} keeps its results unless told otherwise.
   *
   * @return {@code cachelab-run-twice} under the system's temporary directory
   */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "cachelab-run-twice");
  }

  /**
   * Summarizes days 1 to {@code days}, each through the persistent memoizer in {@code directory}, and prints what
   * came from where.
   *
   * @param out where the example writes
   * @param directory where the results are kept between runs
   * @param days how many days to summarize
   * @param costPerDay how long computing one day takes (tests use zero)
   * @return what this run computed and read
   */
  public static Outcome run(PrintStream out, Path directory, int days, Duration costPerDay) {
    AtomicInteger computed = new AtomicInteger();
    List<DaySummary> summaries = new ArrayList<>();
    long start = System.nanoTime();
    CacheInfo info;
    try (PersistentMemoizer memory = PersistentMemoizer.open(directory)) {
      MemoizedFunction<Integer, DaySummary> summarize = memory.memoize("summarize", VERSION, day -> {
        computed.incrementAndGet();
        return summarize(day, costPerDay);
      }, Codec.canonical(DaySummary.class)); // results are records: encoded by component, safe to decode

      say(out, "Results live in %s (run with --clear to start over).", directory);
      say(out, "Summarizing %d days of readings; computing a day takes %d ms.", days, costPerDay.toMillis());
      for (int day = 1; day <= days; day++) {
        int before = computed.get();
        long dayStart = System.nanoTime();
        DaySummary summary = summarize.apply(day);
        summaries.add(summary);
        say(out, "  day %d: %d readings, mean %.2f, max %.2f   %s (%d ms)", day, summary.readings(), summary.mean(),
            summary.max(), computed.get() > before ? "computed" : "from disk",
            (System.nanoTime() - dayStart) / 1_000_000);
      }
      info = summarize.cacheInfo();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int fromDisk = days - computed.get();
    say(out, "This run: %d computed, %d from disk, in %.2f s. %s", computed.get(), fromDisk, seconds, info);
    if (computed.get() == 0) {
      say(out, "All %d results came from disk: nothing was recomputed.", days);
    } else {
      say(out, "Run it again: the results are on disk now, so the next run returns at once.");
    }
    return new Outcome(computed.get(), fromDisk, List.copyOf(summaries), info);
  }

  /** The slow function: a day of readings (the same every run), summarized, after {@code cost} of "reading" them. */
  static DaySummary summarize(int day, Duration cost) {
    try {
      Thread.sleep(cost.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while summarizing day " + day, e);
    }
    Random readings = new Random(day);
    int count = 1_000 + readings.nextInt(1_000);
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      double reading = 15 + 10 * readings.nextDouble();
      sum += reading;
      max = Math.max(max, reading);
    }
    return new DaySummary(day, count, sum / count, max);
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
