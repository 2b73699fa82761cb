/*
 * A near cache: a small in-process copy (L1) in front of Redis, so that a hot key costs no round trip. The hard part
 * is staleness: another instance writes to Redis, and this one must stop serving its old copy. Redis does the work
 * (server-assisted client tracking, Redis 6+): it pushes an invalidation to every tracking client when a key they
 * watch is written, by anyone, and the near cache drops its copy the moment it arrives.
 *
 * Instance A writes through a plain Redis store; instance B reads through a near cache. The example waits for each
 * invalidation to arrive (a real event from a real server) before B reads again, so the counts it prints are the
 * same on every run. L1's time to live, the safety net should an invalidation ever be lost, runs on a clock the
 * example advances by hand.
 */
package dev.cachelab.examples.near;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.Ticker;
import dev.cachelab.codec.Codec;
import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.Tour;
import dev.cachelab.redis.NearCacheStats;
import dev.cachelab.redis.NearCacheStoreFactory;
import dev.cachelab.redis.RedisStoreFactory;
import dev.cachelab.redis.RedisStores;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;

/** Instance B's near cache drops its copy the moment instance A, or any Redis client, writes the key. */
public final class NearCacheExample {

  /** Every key of this example starts with it, so it meets nothing else in a shared Redis. */
  static final String NAMESPACE = "cachelab-tour";

  /** How long an L1 copy may live, at most. */
  static final Duration L1_TIME_TO_LIVE = Duration.ofSeconds(10);

  /**
   * What the example saw.
   *
   * @param stats instance B's L1 counters at the end
   * @param lastRead what B read last, after L1's time to live had passed
   */
  public record Outcome(NearCacheStats stats, String lastRead) {}

  private NearCacheExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("near-cache", args);
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
      NearCacheStats stats = run(context.out(), redis.uri()).stats();
      return String.format(Locale.ROOT, "B: %d L1 hits, %d Redis hits, %d Redis miss; %d invalidations pushed by "
              + "Redis, each copy dropped at once", stats.l1HitCount(), stats.redisHitCount(),
          stats.redisMissCount(), stats.invalidationCount());
    }
  }

  /**
   * Runs the example against the Redis at {@code uri}.
   *
   * @param out where to print
   * @param uri the Redis both instances share
   * @return what it saw
   */
  public static Outcome run(PrintStream out, String uri) {
    AtomicLong nanos = new AtomicLong();
    Ticker clock = nanos::get;
    // A cache waits up to one health-check interval for its invalidation stream before it starts; until the stream
    // is up, L1 stays out of the way (every read goes to Redis). 2 s instead of 1 s lets a busy machine connect in
    // time, so B's first reads fill L1 as the output says.
    NearCacheStoreFactory near = RedisStores.nearCache(redis(uri, "B")).timeToLive(L1_TIME_TO_LIVE).ticker(clock)
        .healthCheck(Duration.ofSeconds(2));
    try (Cache<String, String> a = CacheBuilder.newBuilder().name("prices").store(redis(uri, "A")).build()) {
      a.invalidateAll(); // a shared Redis may hold a previous run's entries
      a.put("apple", "1.00");
      a.put("pear", "0.80");
      say(out, "Instance A writes through the Redis store: apple = 1.00, pear = 0.80.");
      say(out, "Instance B reads through a near cache: RedisStores.nearCache(RedisStores.redis(uri))"
          + ".timeToLive(%ds)", L1_TIME_TO_LIVE.toSeconds());

      try (Cache<String, String> b = CacheBuilder.newBuilder().name("prices").store(near).build()) {
        Reader reader = new Reader(out, b, near);
        say(out, "%n1. B reads apple three times: the first read goes to Redis, the next two never leave B");
        reader.read("apple");
        reader.read("apple");
        reader.read("apple");

        say(out, "%n2. A writes apple = 1.25; Redis pushes an invalidation to B, which drops its copy");
        reader.writeAndAwaitInvalidation("A's write", () -> a.put("apple", "1.25"));
        reader.read("apple");
        reader.read("apple");

        say(out, "%n3. Any Redis client, not only cachelab: redis-cli DEL %s:prices:apple", NAMESPACE);
        reader.writeAndAwaitInvalidation("the plain client's DEL", () -> {
          try (Jedis plain = new Jedis(URI.create(uri))) {
            plain.del(NAMESPACE + ":prices:apple");
          }
        });
        reader.read("apple");

        say(out, "%n4. The safety net: an L1 copy lives at most %ds, even if an invalidation were lost",
            L1_TIME_TO_LIVE.toSeconds());
        reader.read("pear");
        reader.read("pear");
        nanos.addAndGet(L1_TIME_TO_LIVE.plusSeconds(1).toNanos());
        say(out, "   (the clock moves on %ds)", L1_TIME_TO_LIVE.plusSeconds(1).toSeconds());
        String last = reader.read("pear");

        NearCacheStats stats = near.stats();
        say(out, "%nB's near cache: %d L1 hits (no round trip), %d Redis hits, %d Redis miss, %d invalidations "
                + "received.", stats.l1HitCount(), stats.redisHitCount(), stats.redisMissCount(),
            stats.invalidationCount());
        say(out, "B never served a value that A or the plain client had replaced or deleted, once Redis had told it.");
        a.invalidateAll(); // leave nothing behind in a shared Redis
        return new Outcome(stats, last);
      }
    }
  }

  /** A Redis store on the shared server with readable keys, and a client of its own (an application instance). */
  private static RedisStoreFactory redis(String uri, String instance) {
    return RedisStores.redis(uri).namespace(NAMESPACE).keyCodec(Codec.string()).valueCodec(Codec.string())
        .clientName("tour-instance-" + instance);
  }

  /** B's reads, each printed with the tier that answered it (from the near cache's counters). */
  private static final class Reader {
    private final PrintStream out;
    private final Cache<String, String> cache;
    private final NearCacheStoreFactory near;

    Reader(PrintStream out, Cache<String, String> cache, NearCacheStoreFactory near) {
      this.out = out;
      this.cache = cache;
      this.near = near;
    }

    String read(String key) {
      NearCacheStats before = near.stats();
      String value = cache.getIfPresent(key);
      NearCacheStats after = near.stats();
      String tier = after.l1HitCount() > before.l1HitCount() ? "L1 hit, no round trip"
          : after.redisHitCount() > before.redisHitCount() ? "from Redis, now copied into L1"
          : "Redis has nothing";
      say(out, "   B: get(%s) -> %-5s %s", key, value, tier);
      return value;
    }

    /**
     * Runs {@code write}, then waits (bounded) until Redis's invalidation reaches B: a real message from a real
     * server, which can arrive before the write's own reply, so the count is read before the write.
     */
    void writeAndAwaitInvalidation(String cause, Runnable write) {
      long before = near.stats().invalidationCount();
      write.run();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (near.stats().invalidationCount() == before) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("no invalidation reached B within 10 s of " + cause);
        }
        try {
          Thread.sleep(1); // waiting on Redis's push, not on time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for an invalidation", e);
        }
      }
      say(out, "   B: invalidation received for %s; its L1 copy is gone", cause);
    }
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
