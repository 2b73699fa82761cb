/*
 * Persistent memoization, Python's joblib.Memory for the JVM: results are memoized into a directory, so they outlive
 * the program. Run this example twice. The first run computes each day's summary (slowly: a stand-in for reading a
 * day of data) and writes it to disk; the second run finds every summary on disk and returns at once, and says so.
 * Change VERSION when the computation changes, and the old results are discarded.
 */
package dev.cachelab.examples.disk;

import dev.cachelab.codec.Codec;
import dev.cachelab.examples.Tour;
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
   * Runs the example under its tour banner.
   *
   * @param args {@code [--clear] [--dir=DIR]}
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("run-twice", args);
  }

  /**
   * The tour's entry: six days at a tenth of a second each, in the example's own state directory (so a learner's
   * first run always computes) or the one given with {@code --dir=DIR}; {@code --clear} deletes the results first.
   *
   * @param context where to print and keep the results, and the options
   * @return the summary line
   */
  public static String tour(Tour.Context context) {
    Path directory = context.option("--dir").map(Path::of).orElse(context.stateDirectory()).toAbsolutePath();
    if (context.flag("--clear")) {
      try (PersistentMemoizer memory = PersistentMemoizer.open(directory)) {
        memory.clear();
      }
      context.out().println("Cleared the results in " + Tour.display(directory) + ".");
    }
    Outcome outcome = run(context.out(), directory, 6, Duration.ofMillis(100));
    if (outcome.computed() > 0) {
      context.out().println("Again: " + Tour.COMMAND + " -Dexec.args=run-twice");
      context.out().println("Start over: " + Tour.COMMAND + " -Dexec.args=\"run-twice --clear\"");
    }
    return outcome.computed() == 0 ? "a second run: all " + outcome.fromDisk() + " results read from disk"
        : "a first run: " + outcome.computed() + " results computed and written to disk; run it again to read them";
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

      say(out, "Results live in %s", Tour.display(directory));
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
