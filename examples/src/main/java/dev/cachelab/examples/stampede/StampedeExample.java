/*
 * A cache stampede (also "thundering herd", "dog-piling"): a popular key is missing — the service just started, or
 * the key expired — and many requests ask for it at once. Each one misses, and each one goes to the database.
 *
 * The naive cache-aside that many codebases hand-write ("check the map; on a miss load and put") has exactly this
 * hole: between a thread's check and its put, every other thread checks too. cachelab's get(key, loader) closes it
 * with single flight: the first miss loads, and every other caller of that key waits for the same load.
 *
 * To make the herd certain rather than likely, the pretend database answers only once every thread has asked the
 * cache: a slow query and a busy service, made exact. (With a real database the naive count varies from run to run,
 * from a few to all of them; cachelab's is always 1.)
 */
package dev.cachelab.examples.stampede;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheStats;
import dev.cachelab.examples.Tour;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Many threads ask for one cold key: through a naive check-then-load cache, and through cachelab. */
public final class StampedeExample {

  /** How many threads ask at once in the tour. */
  static final int THREADS = 100;

  /** The key everyone wants. */
  static final String KEY = "front-page";

  /**
   * What one stampede did.
   *
   * @param threads how many threads asked
   * @param queries how many database queries they caused
   * @param answers how many threads got the page
   */
  public record Outcome(int threads, int queries, int answers) {}

  /**
   * A pretend database whose query for the front page answers only once {@code threads} callers have asked the cache
   * (or after a generous safety timeout, so that nothing can hang).
   */
  static final class Database {
    private final AtomicInteger queries = new AtomicInteger();
    private final CountDownLatch everyoneAsked;

    Database(CountDownLatch everyoneAsked) {
      this.everyoneAsked = everyoneAsked;
    }

    String renderFrontPage(String key) {
      queries.incrementAndGet();
      try {
        everyoneAsked.await(60, TimeUnit.SECONDS); // the query is slower than the herd
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rendering " + key, e);
      }
      return "<html>" + key + "</html>";
    }

    int queries() {
      return queries.get();
    }
  }

  private StampedeExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("stampede", args);
  }

  /**
   * The tour's entry.
   *
   * @param context where to print
   * @return the summary line
   * @throws InterruptedException if interrupted while the threads run
   */
  public static String tour(Tour.Context context) throws InterruptedException {
    List<Outcome> outcomes = run(context.out(), THREADS);
    return String.format(Locale.ROOT, "%d threads on a cold key: %d queries naively, %d with get(key, loader)",
        THREADS, outcomes.get(0).queries(), outcomes.get(1).queries());
  }

  /**
   * Runs both stampedes with {@code threads} threads each.
   *
   * @param out where to print
   * @param threads how many threads ask at once
   * @return the naive outcome, then cachelab's
   * @throws InterruptedException if interrupted while the threads run
   */
  public static List<Outcome> run(PrintStream out, int threads) throws InterruptedException {
    say(out, "%d threads ask for the key \"%s\" at the same moment; nothing is cached yet.", threads, KEY);

    say(out, "%n1. A hand-written cache-aside: check the map, and on a miss query the database and put");
    say(out, "     String page = map.get(key);");
    say(out, "     if (page == null) { page = db.renderFrontPage(key); map.put(key, page); }");
    Map<String, String> map = new ConcurrentHashMap<>();
    Outcome naive = stampede(threads, (db, asked) -> key -> {
      String page = map.get(key);
      asked.countDown(); // this thread has checked the cache
      if (page == null) {
        page = db.renderFrontPage(key);
        map.put(key, page);
      }
      return page;
    });
    say(out, "   %d threads, %d database queries: every thread checked before any put, so every one missed.",
        naive.threads(), naive.queries());

    say(out, "%n2. cachelab: cache.get(key, db::renderFrontPage)");
    CacheStats stats;
    try (Cache<String, String> cache = CacheBuilder.newBuilder().recordStats().build()) {
      Outcome cachelab = stampede(threads, (db, asked) -> key -> {
        asked.countDown(); // this thread is about to ask the cache
        return cache.get(key, db::renderFrontPage);
      });
      stats = cache.stats();
      say(out, "   %d threads, %s: the first miss loads; every other caller waits for that load",
          cachelab.threads(), plural(cachelab.queries(), "database query", "database queries"));
      say(out, "   (single flight) or, arriving after it, hits. stats: %s for %d requests.",
          plural(stats.loadCount(), "load", "loads"), stats.requestCount());
      say(out, "%nThe database saw %s instead of %d. Under a real herd the naive count varies from run to run;",
          plural(cachelab.queries(), "query", "queries"), naive.queries());
      say(out, "single flight makes it 1, whatever the timing.");
      return List.of(naive, cachelab);
    }
  }

  /** How a thread reads the page, given the database and the latch each thread counts down once it has asked. */
  @FunctionalInterface
  private interface Reader {
    Function<String, String> with(Database db, CountDownLatch asked);
  }

  /** Starts {@code threads} threads together; each reads the key once. */
  private static Outcome stampede(int threads, Reader reader) throws InterruptedException {
    CountDownLatch asked = new CountDownLatch(threads);
    Database db = new Database(asked);
    Function<String, String> read = reader.with(db, asked);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> pages = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        pages.add(pool.submit(() -> {
          start.await();
          return read.apply(KEY);
        }));
      }
      start.countDown(); // go!
      int answers = 0;
      for (Future<String> page : pages) {
        try {
          answers += page.get(30, TimeUnit.SECONDS) != null ? 1 : 0;
        } catch (Exception e) {
          throw new IllegalStateException("a reader failed", e);
        }
      }
      return new Outcome(threads, db.queries(), answers);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String plural(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
