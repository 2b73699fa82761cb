/*
 * Cache-aside, the most common way to use a cache: the application asks the cache first and, on a miss, asks the
 * database and keeps the answer. cache.get(key, loader) does both steps in one call. This example shows
 *   1. misses and hits, the hit rate from stats(), and the queries and time the hits saved;
 *   2. why a write must invalidate the cached copy (or readers see the old value);
 *   3. a maximumSize bound, and the removal listener reporting each SIZE eviction.
 */
package dev.cachelab.examples.cacheaside;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheStats;
import dev.cachelab.RemovalListener;
import dev.cachelab.examples.Tour;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Runs the cache-aside example against a database that takes 20 ms per query. */
public final class CacheAsideExample {

  /** The product ids the first part reads, in order: three distinct ids, so three misses and seven hits. */
  static final List<Integer> READS = List.of(1, 2, 1, 3, 1, 2, 1, 1, 3, 2);

  /** The ids the third part reads through a cache that holds at most two products. */
  static final List<Integer> BOUNDED_READS = List.of(1, 2, 3, 1, 3);

  private final PrintStream out;
  private final Database db;
  /** Removals heard by the listener, printed after the read that caused them. */
  private final Queue<String> removals = new ConcurrentLinkedQueue<>();
  private long reads;

  private CacheAsideExample(PrintStream out, Database db) {
    this.out = out;
    this.db = db;
  }

  /**
   * Runs the example under its tour banner, on a database with 20 ms of latency.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("cache-aside", args);
  }

  /**
   * The tour's entry: the example on a database with 20 ms of latency.
   *
   * @param context where to print
   * @return the summary line
   */
  public static String tour(Tour.Context context) {
    Database db = new Database(Duration.ofMillis(20));
    CacheAsideExample example = new CacheAsideExample(context.out(), db);
    example.run();
    return example.reads + " reads, " + db.queryCount() + " database queries; a write must invalidate";
  }

  /**
   * Runs the three parts of the example against {@code db}, printing what happens and why to {@code out}.
   *
   * @param out where the example writes its explanation
   * @param db the database the cache sits in front of; its query count shows what the cache saved
   */
  public static void run(PrintStream out, Database db) {
    new CacheAsideExample(out, db).run();
  }

  private void run() {
    long queriesBefore = db.queryCount();
    say("The database answers each query in %d ms; the cache keeps its answers in memory.", db.latency().toMillis());
    say("cache.get(id, db::findProduct) returns the cached product, or on a miss asks the database and keeps it.");

    // The same-thread executor runs the removal listener inside the call that removed the entry, so the example can
    // print each removal right after the read that caused it. (The default runs it on a background pool.) This cache
    // is unbounded to keep parts 1 and 2 simple; a real one would have a bound, as part 3 shows.
    try (Cache<Integer, Product> cache = CacheBuilder.newBuilder()
        .recordStats()
        .executor(Runnable::run)
        .removalListener(listener())
        .build()) {
      readThrough(cache);
      invalidateOnWrite(cache);
    }
    boundTheSize();

    say("%nIn all: %d reads, %d database queries.", reads, db.queryCount() - queriesBefore);
  }

  /** Part 1: the first read of each id misses and goes to the database; every later read is a hit. */
  private void readThrough(Cache<Integer, Product> cache) {
    say("%n1. Read through the cache: %d reads of %d products", READS.size(), READS.stream().distinct().count());
    long queriesBefore = db.queryCount();
    long start = System.nanoTime();
    for (int id : READS) {
      read(cache, id, "");
    }
    long elapsed = System.nanoTime() - start;

    CacheStats stats = cache.stats();
    say("  reads: %d, hits: %d, misses: %d, hit rate: %.0f%%",
        stats.requestCount(), stats.hitCount(), stats.missCount(), 100 * stats.hitRate());
    say("  database queries: %d, saved: %d (a miss costs one query, a hit none)",
        db.queryCount() - queriesBefore, stats.hitCount());
    say("  time: the %d reads took %s ms; a query took %s ms on average (stats: averageLoadPenalty)",
        stats.requestCount(), millis(elapsed), millis(stats.averageLoadPenalty()));
    say("  time saved: about %s ms (%d hits x %s ms), measured on this run",
        millis(stats.hitCount() * stats.averageLoadPenalty()), stats.hitCount(), millis(stats.averageLoadPenalty()));
  }

  /** Part 2: the database changes behind the cache's back; only an invalidation makes readers see it. */
  private void invalidateOnWrite(Cache<Integer, Product> cache) {
    say("%n2. Update a price: the cached copy goes stale until it is invalidated");
    db.updatePrice(1, 450);
    say("  database: #1 tea now costs 4.50");
    read(cache, 1, "   <- stale: the cache still holds the old row");
    cache.invalidate(1);
    say("  cache.invalidate(1)");
    printRemovals();
    read(cache, 1, "   <- fresh: the miss reloaded it");
    say("  Rule: the code that writes the database invalidates the cached key right after.");
  }

  /** Part 3: a bounded cache evicts to make room, and an evicted product costs a query when it is read again. */
  private void boundTheSize() {
    long queriesBefore = db.queryCount();
    say("%n3. Bound the cache: maximumSize(2), least recently used evicted first");
    try (Cache<Integer, Product> small = CacheBuilder.newBuilder()
        .maximumSize(2)
        .recordStats()
        .executor(Runnable::run)
        .removalListener(listener())
        .build()) {
      for (int id : BOUNDED_READS) {
        read(small, id, "");
      }
      small.cleanUp();
      CacheStats stats = small.stats();
      say("  size: %d, evictions: %d, hits: %d, database queries: %d",
          small.estimatedSize(), stats.evictionCount(), stats.hitCount(), db.queryCount() - queriesBefore);
      say("  A bound trades memory for misses: an evicted product is a database query again.");
    }
  }

  /** Reads one product through the cache and says whether the database was asked. */
  private void read(Cache<Integer, Product> cache, int id, String note) {
    long queriesBefore = db.queryCount();
    Product product = cache.get(id, db::findProduct);
    boolean asked = db.queryCount() > queriesBefore;
    reads++;
    say("  read #%d  %-18s %s%s", id, asked ? "miss -> database" : "hit", product, note);
    printRemovals();
  }

  private RemovalListener<Integer, Product> listener() {
    return (id, product, cause) -> removals.add(
        (cause.wasEvicted() ? "evicted " : "removed ") + product + " (" + cause + ")");
  }

  private void printRemovals() {
    for (String removal; (removal = removals.poll()) != null; ) {
      say("    listener: %s", removal);
    }
  }

  /** Prints one line; numbers are formatted the same in every locale. */
  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }

  private static String millis(double nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1_000_000);
  }
}
