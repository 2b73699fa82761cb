/*
 * A distributed cache: several instances of one application (here two caches in one JVM, each with its own Redis
 * client, standing in for two servers) keep their entries in one Redis. What one instance computes, every other
 * reads; an in-process cache cannot do that.
 *
 * Single flight inside one process (the stampede example) is not enough any more: on a cold key each instance
 * still loads once, so N instances mean N loads. The Redis store's distributed single flight takes a per-key lock in
 * Redis before it loads, so one instance loads and the others wait for its value.
 *
 * To make the herd certain, the pretend database answers only once every thread of both instances has missed (the
 * caches' miss counts say so), and then takes a little longer: a slow query and a busy service, made exact.
 */
package dev.cachelab.examples.distributed;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.Tour;
import dev.cachelab.redis.RedisStoreFactory;
import dev.cachelab.redis.RedisStores;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Two application instances share one Redis: one computes, the other reads; a lock in Redis stops a stampede. */
public final class DistributedCacheExample {

  /** How many threads each instance runs in the stampede, in the tour. */
  static final int THREADS_PER_INSTANCE = 10;

  /** Every key of this example starts with it, so it meets nothing else in a shared Redis. */
  static final String NAMESPACE = "cachelab-tour";

  /** How long the query goes on once every thread has missed: the lock's waiters are polling by then. */
  private static final long QUERY_TAIL_MILLIS = 300;

  /**
   * What the example saw.
   *
   * @param firstQueries database queries when instance A read a report and then instance B read it
   * @param threads threads in each stampede, both instances together
   * @param queriesWithoutLock queries in the stampede without the distributed lock
   * @param queriesWithLock queries in the stampede with it
   */
  public record Outcome(int firstQueries, int threads, int queriesWithoutLock, int queriesWithLock) {}

  /** A pretend database that counts its queries. */
  static final class Database {
    private final AtomicInteger queries = new AtomicInteger();

    String report(String instance, String key) {
      queries.incrementAndGet();
      return key + " (computed by instance " + instance + ")";
    }

    int queries() {
      return queries.get();
    }
  }

  private DistributedCacheExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("distributed-cache", args);
  }

  /**
   * The tour's entry: uses {@code REDIS_URL}, else starts a redis-server and stops it at the end.
   *
   * @param context where to print
   * @return the summary line
   * @throws Exception if it fails
   */
  public static String tour(Tour.Context context) throws Exception {
    try (ExampleRedis redis = ExampleRedis.fromEnvironment()) {
      context.out().println("Redis: " + redis.description() + ".");
      Outcome outcome = run(context.out(), redis.uri(), THREADS_PER_INSTANCE);
      return String.format(Locale.ROOT, "A computed, B read it (%d query); %d threads on 2 instances: %d queries "
              + "without the Redis lock, %d with it", outcome.firstQueries(), outcome.threads(),
          outcome.queriesWithoutLock(), outcome.queriesWithLock());
    }
  }

  /**
   * Runs the example against the Redis at {@code uri}.
   *
   * @param out where to print
   * @param uri the Redis to share
   * @param threadsPerInstance how many threads each instance runs in the stampedes
   * @return what it saw
   * @throws InterruptedException if interrupted while the threads run
   */
  public static Outcome run(PrintStream out, String uri, int threadsPerInstance) throws InterruptedException {
    say(out, "Two instances of one application, A and B, each with its own cache and its own Redis client, share");
    say(out, "one Redis: CacheBuilder.newBuilder().name(\"reports\").store(RedisStores.redis(uri)).build()");

    say(out, "%n1. One computes, the other reads");
    Database db = new Database();
    int firstQueries;
    try (Cache<String, String> a = instance(uri, "reports", "A", false);
         Cache<String, String> b = instance(uri, "reports", "B", false)) {
      a.invalidateAll(); // a shared Redis may hold a previous run's entries
      String key = "report:2026-11";
      say(out, "   A: get(\"%s\") -> %s", key, a.get(key, k -> db.report("A", k)));
      say(out, "   B: get(\"%s\") -> %s", key, b.get(key, k -> db.report("B", k)));
      firstQueries = db.queries();
      try (var plain = redisClient(uri)) {
        String redisKey = NAMESPACE + ":reports:" + key;
        say(out, "   In Redis, as any client sees it: key \"%s\" exists: %s", redisKey, plain.exists(redisKey));
      }
      say(out, "   database queries: %d (by A). B's stats: %d hit, %d loads: B read A's result from Redis.",
          firstQueries, b.stats().hitCount(), b.stats().loadSuccessCount());
      a.invalidateAll();
    }

    int threads = 2 * threadsPerInstance;
    say(out, "%n2. A cold key, %d threads on each instance at once (%d in all)", threadsPerInstance, threads);
    say(out, "   Each cache has single flight: within one instance, one thread loads and the others wait.");
    int withoutLock = stampede(uri, "pages", false, threadsPerInstance);
    say(out, "   Without a distributed lock: %d database queries, one per instance. Single flight stops at the", 
        withoutLock);
    say(out, "   edge of the process; with 50 instances it would be 50.");

    say(out, "%n   With RedisStores.redis(uri).distributedSingleFlight(Duration.ofSeconds(10)): before loading, an");
    say(out, "   instance takes a lock in Redis for that key (SET lock NX PX); the other waits for its value.");
    int withLock = stampede(uri, "locked-pages", true, threadsPerInstance);
    say(out, "   With the lock: %s for %d threads on 2 instances; every thread got the page.",
        plural(withLock, "database query", "database queries"), threads);
    say(out, "%nThe lock narrows a stampede to one load; it does not promise exactly-once (a load that starts just as");
    say(out, "another finishes can still run). Here the query outlasts the herd, so it is 1.");
    return new Outcome(firstQueries, threads, withoutLock, withLock);
  }

  /** One application instance: a cache on the shared Redis, with a client of its own. */
  private static Cache<String, String> instance(String uri, String name, String instance, boolean lock) {
    RedisStoreFactory store = RedisStores.redis(uri).namespace(NAMESPACE).keyCodec(Codec.string())
        .valueCodec(Codec.string()).clientName("tour-instance-" + instance);
    if (lock) {
      store = store.distributedSingleFlight(Duration.ofSeconds(10));
    }
    return CacheBuilder.newBuilder().name(name).store(store).recordStats().build();
  }

  /**
   * Runs {@code perInstance} threads on each of two instances, all asking for one cold key; returns how many
   * database queries they caused.
   */
  private static int stampede(String uri, String name, boolean lock, int perInstance) throws InterruptedException {
    try (Cache<String, String> a = instance(uri, name, "A", lock);
         Cache<String, String> b = instance(uri, name, "B", lock)) {
      a.invalidateAll();
      int threads = 2 * perInstance;
      LongSupplier misses = () -> a.stats().missCount() + b.stats().missCount();
      AtomicInteger queries = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<String>> pages = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          Cache<String, String> cache = i % 2 == 0 ? a : b;
          String instance = i % 2 == 0 ? "A" : "B";
          pages.add(pool.submit(() -> {
            start.await();
            return cache.get("front-page", key -> {
              queries.incrementAndGet();
              awaitEveryMiss(misses, threads);
              return "<html>" + key + " by " + instance + "</html>";
            });
          }));
        }
        start.countDown();
        for (Future<String> page : pages) {
          try {
            page.get(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("a reader failed", e);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      a.invalidateAll(); // leave nothing behind in a shared Redis
      return queries.get();
    }
  }

  /**
   * The slow query: returns once every thread has missed, and a little later (or after a generous safety timeout,
   * so that nothing can hang).
   */
  private static void awaitEveryMiss(LongSupplier misses, int threads) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      while (misses.getAsLong() < threads && System.nanoTime() - deadline < 0) {
        Thread.sleep(5); // waiting on other threads, not on time
      }
      Thread.sleep(QUERY_TAIL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the query", e);
    }
  }

  private static redis.clients.jedis.Jedis redisClient(String uri) {
    return new redis.clients.jedis.Jedis(java.net.URI.create(uri));
  }

  private static String plural(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
