package dev.cachelab.bench;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.redis.RedisStores;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.RedisClient;

/**
 * The near cache's invalidation delay, end to end: instance A (its own client) writes a key through the Redis store;
 * the time until instance B (its own client and near cache, holding the old value in L1) first reads the new
 * value. That is Redis's tracking push, B dropping the key, and B's next read going to Redis. Sampled
 * ({@code Mode.SampleTime}), so JMH prints the percentiles; each operation includes A's write itself (one round
 * trip, {@code writeOnly} measures it alone), so the delay is the difference.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@BenchmarkMode(Mode.SampleTime)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class NearCacheInvalidationBenchmark {

  private LocalRedis redis;
  private RedisClient clientA;
  private RedisClient clientB;
  private Cache<String, Integer> a;
  private Cache<String, Integer> b;
  private int version;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    redis = LocalRedis.start();
    clientA = RedisClient.builder().hostAndPort(redis.hostAndPort()).build();
    clientB = RedisClient.builder().hostAndPort(redis.hostAndPort()).build();
    a = CacheBuilder.newBuilder().name(NearCacheBenchmark.CACHE).store(NearCacheBenchmark.redis(clientA)).build();
    b = CacheBuilder.newBuilder().name(NearCacheBenchmark.CACHE)
        .store(RedisStores.nearCache(NearCacheBenchmark.redis(clientB))).build();
    a.put("k", 0);
    while (b.getIfPresent("k") == null) {
      Thread.onSpinWait();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      a.close();
      b.close();
      clientA.close();
      clientB.close();
    } finally {
      redis.close();
    }
  }

  /** A writes a new value; B reads until it sees it (B's L1 held the previous value). */
  @Benchmark
  public int writeThenSeenByB() {
    int next = ++version;
    a.put("k", next);
    Integer seen;
    do {
      seen = b.getIfPresent("k");
    } while (seen == null || seen != next);
    return seen;
  }

  /** A's write alone: subtract it from {@link #writeThenSeenByB} for the delay. */
  @Benchmark
  public int writeOnly() {
    int next = ++version;
    a.put("w", next);
    return next;
  }
}
