package dev.cachelab.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.redis.NearCacheStoreFactory;
import dev.cachelab.redis.RedisStores;
import dev.cachelab.store.Stores;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * What the near cache buys: a read answered by its L1 against a raw Caffeine {@code getIfPresent} (the bound: at most
 * 2×), against cachelab over plain Caffeine (the facade's own share), and against a read that goes to Redis — raw
 * Jedis {@code GET} of the same Redis key and cachelab over the Redis store (the bound: an L1 hit at least 500× faster
 * than a {@code GET} round trip). Throughput at 1 and 2 threads, and latency percentiles at 1 thread
 * ({@code Mode.SampleTime}); the invalidation delay is {@link NearCacheInvalidationBenchmark}'s.
 *
 * <p>{@value #POPULATION} string keys drawn from a Zipf distribution (exponent 1), all present: in Caffeine, in
 * Redis and, after a first read in setup, in the near cache's L1 (which holds 10,000). Each fork starts its own
 * {@code redis-server} from {@code PATH} on a free loopback port and stops it in teardown.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class NearCacheBenchmark {

  /** Distinct keys; all present everywhere. */
  public static final int POPULATION = 1 << 12;
  private static final int STREAM = 1 << 16;
  private static final int MASK = STREAM - 1;
  static final String NAMESPACE = "bench";
  static final String CACHE = "near";

  /** The contenders. */
  public enum Contender {
    /** Raw Caffeine {@code getIfPresent}: the near cache's bound is 2× this. */
    RAW_CAFFEINE,
    /** cachelab over {@code Stores.caffeine()}: what the facade alone costs. */
    CACHELAB_CAFFEINE,
    /** cachelab over {@code RedisStores.nearCache(...)}: every read an L1 hit. */
    NEAR_CACHE,
    /** Raw Jedis {@code GET} of the Redis key the near cache reads: one loopback round trip. */
    RAW_JEDIS_GET,
    /** cachelab over {@code RedisStores.redis(...)}: a round trip and the decoding. */
    CACHELAB_REDIS
  }

  @Param
  Contender contender;

  private LocalRedis redis;
  private RedisClient client;
  private com.github.benmanes.caffeine.cache.Cache<String, Integer> caffeine;
  private Cache<String, Integer> cache;
  private String[] stream;
  private byte[][] redisKeys;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    redis = LocalRedis.start();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(16);
    pool.setMaxIdle(16);
    client = RedisClient.builder().hostAndPort(redis.hostAndPort()).poolConfig(pool).build();
    int[] ranks = ZipfKeys.ranks(POPULATION, 1.0, STREAM, 0x5EED_CAC4EL);
    stream = new String[STREAM];
    redisKeys = new byte[STREAM][];
    for (int i = 0; i < STREAM; i++) {
      stream[i] = "k" + ranks[i];
      redisKeys[i] = (NAMESPACE + ":" + CACHE + ":" + stream[i]).getBytes(StandardCharsets.UTF_8);
    }
    caffeine = Caffeine.newBuilder().maximumSize(2 * POPULATION).build();
    NearCacheStoreFactory near = RedisStores.nearCache(redis(client));
    cache = switch (contender) {
      case RAW_CAFFEINE, RAW_JEDIS_GET -> null;
      case CACHELAB_CAFFEINE -> CacheBuilder.newBuilder().name(CACHE).store(Stores.caffeine())
          .maximumSize(2 * POPULATION).build();
      case NEAR_CACHE -> CacheBuilder.newBuilder().name(CACHE).store(near).build();
      case CACHELAB_REDIS -> CacheBuilder.newBuilder().name(CACHE).store(redis(client)).build();
    };
    Cache<String, Integer> writer = CacheBuilder.newBuilder().name(CACHE).store(redis(client)).build();
    for (int i = 0; i < POPULATION; i++) {
      writer.put("k" + i, i);
      caffeine.put("k" + i, i);
      if (contender == Contender.CACHELAB_CAFFEINE) {
        cache.put("k" + i, i);
      }
    }
    writer.close();
    if (cache != null) {
      for (int i = 0; i < POPULATION; i++) {
        if (cache.getIfPresent("k" + i) == null) { // fills the near cache's L1
          throw new IllegalStateException("k" + i + " is missing from " + contender);
        }
      }
    }
    if (contender == Contender.NEAR_CACHE) {
      long before = near.stats().l1HitCount();
      cache.getIfPresent("k0");
      if (near.stats().l1HitCount() != before + 1) {
        throw new IllegalStateException("the near cache did not answer from L1: " + near.stats());
      }
    }
  }

  static dev.cachelab.redis.RedisStoreFactory redis(RedisClient client) {
    return RedisStores.redis(client).namespace(NAMESPACE).keyCodec(Codec.string());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      if (cache != null) {
        cache.close();
      }
      client.close();
    } finally {
      redis.close();
    }
  }

  /** Each thread's position in the key stream. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger THREADS = new AtomicInteger();
    int index = THREADS.getAndIncrement() * (int) (STREAM * 0.6180339887);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public Object read_t1(Cursor cursor) {
    return read(cursor);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(2)
  public Object read_t2(Cursor cursor) {
    return read(cursor);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Threads(1)
  public Object readLatency(Cursor cursor) {
    return read(cursor);
  }

  private Object read(Cursor cursor) {
    int position = cursor.index++ & MASK;
    return switch (contender) {
      case RAW_CAFFEINE -> caffeine.getIfPresent(stream[position]);
      case RAW_JEDIS_GET -> client.get(redisKeys[position]);
      default -> cache.getIfPresent(stream[position]);
    };
  }
}
