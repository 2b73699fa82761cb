/*
 * Refresh on a timeline: what a reader sees before, during and after a background reload.
 *
 *   1. refreshAfterWrite (stale-while-revalidate): once a value is older than 10 s, the next read still gets it at
 *      once and starts one reload in the background; readers keep getting the old value until the new one is in.
 *   2. A failing reload: the old value is kept until it expires; after expiry, staleIfError serves it a while longer
 *      when the reload fails, and then the error reaches the caller.
 *   3. XFetch (earlyRefresh): no fixed refresh age. Each read near expiry volunteers to reload with a small
 *      probability that grows as expiry nears and with how long the value took to compute, so a hot key is
 *      reloaded before it expires and no reader ever waits; the more reads, the earlier someone volunteers.
 *
 * Time is a clock the example advances by hand (a Ticker); the backend "takes" its time by advancing it too. Background
 * work goes to an executor that only queues tasks, so the example decides when a reload runs and can show the
 * moments in between. XFetch's coin flips come from a seeded random source (CacheBuilder.random), so every run
 * prints the same timeline.
 */
package dev.cachelab.examples.refresh;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheLoadException;
import dev.cachelab.CacheStats;
import dev.cachelab.examples.Tour;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Three timelines of refresh: stale-while-revalidate, stale-if-error, and XFetch's early volunteers. */
public final class RefreshExample {

  /** The seed of XFetch's coin flips: any seed gives the same lesson, this one a fixed timeline. */
  static final long SEED = 14;

  /**
   * What the XFetch part measured for one setting.
   *
   * @param readsPerSecond how often the key was read
   * @param earlyRefresh whether XFetch was on
   * @param waited reads that waited for a load (a miss), the cold start included
   * @param volunteersBeforeExpiry for each early reload, how many seconds before expiry the volunteer read came
   */
  public record XFetchRun(int readsPerSecond, boolean earlyRefresh, int waited, List<Double> volunteersBeforeExpiry) {}

  /**
   * What the example saw, for the test.
   *
   * @param lines the timeline lines of parts 1 and 2
   * @param failing the stats of part 2's cache
   * @param xfetch the runs of part 3
   */
  public record Outcome(List<String> lines, CacheStats failing, List<XFetchRun> xfetch) {}

  /** A hand-driven clock, in nanoseconds. */
  private static final class Clock {
    private final AtomicLong nanos = new AtomicLong();

    long read() {
      return nanos.get();
    }

    void set(Duration time) {
      nanos.set(time.toNanos());
    }

    void advance(Duration by) {
      nanos.addAndGet(by.toNanos());
    }

    double seconds() {
      return nanos.get() / 1e9;
    }
  }

  /** An executor that only queues: the example runs the background work when it chooses. */
  private static final class Background implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int pending() {
      return tasks.size();
    }

    void runAll() {
      for (Runnable task; (task = tasks.poll()) != null; ) {
        task.run();
      }
    }
  }

  /** The backend: each call takes {@code cost} on the clock and returns the next version, or fails while down. */
  private static final class PriceService {
    private final Clock clock;
    private final Duration cost;
    private int version;
    private int calls;
    private boolean down;
    private double lastWrite;

    PriceService(Clock clock, Duration cost) {
      this.clock = clock;
      this.cost = cost;
    }

    String load(String key) {
      calls++;
      clock.advance(cost);
      if (down) {
        throw new IllegalStateException("price service unavailable");
      }
      lastWrite = clock.seconds();
      return key + " v" + (++version);
    }
  }

  private RefreshExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("refresh", args);
  }

  /**
   * The tour's entry.
   *
   * @param context where to print
   * @return the summary line
   */
  public static String tour(Tour.Context context) {
    Outcome outcome = run(context.out());
    XFetchRun plain = outcome.xfetch().get(0);
    XFetchRun early = outcome.xfetch().get(1);
    return String.format(Locale.ROOT, "no reader waited for a refresh; %d stale answer in an outage; XFetch: %d "
        + "wait instead of %d", outcome.failing().staleServedCount(), early.waited(), plain.waited());
  }

  /**
   * Runs the three timelines.
   *
   * @param out where to print
   * @return what was seen
   */
  public static Outcome run(PrintStream out) {
    List<String> lines = new ArrayList<>();
    staleWhileRevalidate(out, lines);
    CacheStats failing = failingReload(out, lines);
    List<XFetchRun> xfetch = xfetch(out);
    return new Outcome(List.copyOf(lines), failing, xfetch);
  }

  private static void staleWhileRevalidate(PrintStream out, List<String> lines) {
    say(out, "1. refreshAfterWrite(10 s), expireAfterWrite(60 s); a load takes 1 s");
    Clock clock = new Clock();
    Background background = new Background();
    PriceService prices = new PriceService(clock, Duration.ofSeconds(1));
    try (Cache<String, String> cache = CacheBuilder.newBuilder()
        .ticker(clock::read)
        .executor(background)
        .refreshAfterWrite(Duration.ofSeconds(10))
        .expireAfterWrite(Duration.ofSeconds(60))
        .build()) {
      Timeline timeline = new Timeline(out, lines, clock, background, prices, cache);
      timeline.read(Duration.ZERO, "before: nothing cached");
      timeline.read(Duration.ofSeconds(5), "fresh: 4 s old");
      timeline.read(Duration.ofSeconds(12), "11 s old: served at once, and a reload starts in the background");
      timeline.read(Duration.ofMillis(12_500), "during: the reload has not finished; no second one starts");
      timeline.runBackground(Duration.ofSeconds(13));
      timeline.read(Duration.ofSeconds(15), "after: the new value");
    }
  }

  private static CacheStats failingReload(PrintStream out, List<String> lines) {
    say(out, "%n2. The same with a failing reload: expireAfterWrite(30 s), staleIfError(60 s)");
    Clock clock = new Clock();
    Background background = new Background();
    PriceService prices = new PriceService(clock, Duration.ofSeconds(1));
    try (Cache<String, String> cache = CacheBuilder.newBuilder()
        .ticker(clock::read)
        .executor(background)
        .refreshAfterWrite(Duration.ofSeconds(10))
        .expireAfterWrite(Duration.ofSeconds(30))
        .staleIfError(Duration.ofSeconds(60))
        .recordStats()
        .build()) {
      Timeline timeline = new Timeline(out, lines, clock, background, prices, cache);
      timeline.read(Duration.ZERO, "loaded; it expires at t=31s");
      prices.down = true;
      say(out, "  t=5s     the price service goes down");
      timeline.read(Duration.ofSeconds(12), "11 s old: served at once, a reload starts in the background");
      timeline.runBackground(Duration.ofSeconds(12));
      timeline.read(Duration.ofSeconds(20), "the failed reload kept the old value; another reload is tried");
      timeline.runBackground(Duration.ofSeconds(20));
      timeline.read(Duration.ofSeconds(35), "expired: the reader's own load fails, staleIfError serves the old value");
      timeline.read(Duration.ofSeconds(95), "64 s past expiry, beyond the 60 s grace: the error reaches the caller");
      prices.down = false;
      say(out, "  t=96s    the price service is back");
      timeline.read(Duration.ofSeconds(100), "loaded afresh");
      CacheStats stats = cache.stats();
      say(out, "  stats: refresh failures %d, stale answers served %d, load failures %d",
          stats.refreshFailureCount(), stats.staleServedCount(), stats.loadFailureCount());
      return stats;
    }
  }

  /** Prints one read per line: the time, what the reader got, where it came from, and why. */
  private static final class Timeline {
    private final PrintStream out;
    private final List<String> lines;
    private final Clock clock;
    private final Background background;
    private final PriceService prices;
    private final Cache<String, String> cache;

    Timeline(PrintStream out, List<String> lines, Clock clock, Background background, PriceService prices,
        Cache<String, String> cache) {
      this.out = out;
      this.lines = lines;
      this.clock = clock;
      this.background = background;
      this.prices = prices;
      this.cache = cache;
    }

    void read(Duration time, String why) {
      clock.set(time);
      int callsBefore = prices.calls;
      int pendingBefore = background.pending();
      String got;
      String note = why;
      try {
        got = cache.get("AAPL", prices::load);
      } catch (CacheLoadException e) {
        got = "error";
        note = why + " (" + e.getCause().getMessage() + ")";
      }
      String source = prices.calls > callsBefore ? "the reader waited " + (prices.calls - callsBefore) + " s"
          : background.pending() > pendingBefore ? "at once; reload queued" : "at once";
      line(String.format(Locale.ROOT, "  t=%-6s read -> %-8s %-24s %s", format(time), got, source, note));
    }

    void runBackground(Duration time) {
      clock.set(time);
      int callsBefore = prices.calls;
      background.runAll();
      String result = prices.calls == callsBefore ? "nothing to do"
          : prices.down ? "the reload failed (" + (prices.calls - callsBefore) + " s)"
          : "the reload ran (" + (prices.calls - callsBefore) + " s) and stored " + cache.getIfPresent("AAPL");
      line(String.format(Locale.ROOT, "  t=%-6s background: %s", format(time), result));
    }

    private void line(String line) {
      out.println(line);
      lines.add(line.strip());
    }
  }

  private static List<XFetchRun> xfetch(PrintStream out) {
    say(out, "%n3. XFetch: expireAfterWrite(60 s), a value that takes 5 s to compute, 150 s of reads");
    say(out, "   A read refreshes early when 5 s x beta x -ln(random) >= the time left, so with beta = 1 a read 5 s"
        + " before");
    say(out, "   expiry volunteers with probability e^-1 = 37 %%, one 20 s before with e^-4 = 2 %%.");
    List<XFetchRun> runs = List.of(
        xfetchRun(10, false),
        xfetchRun(10, true),
        xfetchRun(1, true));
    for (XFetchRun run : runs) {
      String rate = String.format(Locale.ROOT, "%2d %s/s,", run.readsPerSecond(),
          run.readsPerSecond() == 1 ? "read" : "reads");
      say(out, "   %-11s %-16s %d read%s waited for a load%s", rate,
          run.earlyRefresh() ? "earlyRefresh(1):" : "plain expiry:",
          run.waited(), run.waited() == 1 ? "" : "s", run.earlyRefresh()
              ? "; early reloads " + run.volunteersBeforeExpiry().stream()
                  .map(s -> String.format(Locale.ROOT, "%.1f", s)).collect(Collectors.joining(", "))
                  + " s before expiry"
              : " (the cold start, then once at every expiry)");
    }
    say(out, "   Only the cold start waits with XFetch. The busier the key, the earlier someone volunteers, yet it is");
    say(out, "   still about one reload per lifetime: once a reload is running, no other starts.");
    return runs;
  }

  /** Reads one key {@code readsPerSecond} times a second for 150 s; background reloads run right after the read. */
  private static XFetchRun xfetchRun(int readsPerSecond, boolean earlyRefresh) {
    Clock clock = new Clock();
    Background background = new Background();
    PriceService prices = new PriceService(clock, Duration.ofSeconds(5));
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder()
        .ticker(clock::read)
        .executor(background)
        .expireAfterWrite(Duration.ofSeconds(60))
        .random(new Random(SEED));
    if (earlyRefresh) {
      builder.earlyRefresh(1.0);
    }
    int waited = 0;
    List<Double> volunteers = new ArrayList<>();
    Duration step = Duration.ofSeconds(1).dividedBy(readsPerSecond);
    try (Cache<String, String> cache = builder.build()) {
      while (clock.seconds() < 150) {
        int callsBefore = prices.calls;
        double now = clock.seconds();
        cache.get("AAPL", prices::load);
        if (prices.calls > callsBefore) {
          waited++;
        } else if (background.pending() > 0) {
          volunteers.add(Math.round((prices.lastWrite + 60 - now) * 10) / 10.0);
          background.runAll(); // the reload, in the background: the reader already has its value
        }
        clock.advance(step);
      }
    }
    return new XFetchRun(readsPerSecond, earlyRefresh, waited, List.copyOf(volunteers));
  }

  private static String format(Duration time) {
    long millis = time.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
