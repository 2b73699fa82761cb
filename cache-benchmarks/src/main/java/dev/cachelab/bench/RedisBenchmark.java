package dev.cachelab.bench;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.redis.RedisStores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * What going remote costs, and what cachelab adds on top of Redis: a hit through cachelab's Redis store against raw
 * Jedis {@code GET} of the very same Redis key (the bytes cachelab wrote), and {@code getAllPresent} of 100 keys
 * against one raw {@code MGET} of theirs, at 1, 2 and 8 threads on one client. Both contenders read the same server
 * through the same kind of client (a {@code RedisClient} with a pool of 16); the difference is cachelab's work: key
 * encoding, the entry's header, the value codec, expiry checks and statistics.
 *
 * <p><b>The server.</b> Each fork starts its own {@code redis-server} (from {@code PATH}) on a free loopback port,
 * without persistence, and stops it in teardown; no server, no run (the error says what to install). Loopback TCP
 * makes a round trip tens of microseconds — over a real network it is more, and cachelab's share smaller.
 *
 * <p><b>Keys and values.</b> {@value #POPULATION} string keys, drawn from a Zipf distribution (exponent 1) as in
 * {@link HitPathBenchmark}, with their number as an {@code Integer} value (canonical codec); all present, so every
 * read hits. {@code getAll100} reads 100 consecutive keys of the stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RedisBenchmark {

  /** Distinct keys; all of them are in Redis. */
  public static final int POPULATION = 1 << 12;
  private static final int STREAM = 1 << 16;
  private static final int MASK = STREAM - 1;
  private static final int BATCH = 100;
  private static final String NAMESPACE = "bench";
  private static final String CACHE = "redis";

  /** The contenders: cachelab over Redis, and raw Jedis reading the same keys — its raw library. */
  public enum Contender {
    /** Raw Jedis: {@code GET} / {@code MGET} of the Redis keys cachelab wrote, bytes returned undecoded. */
    RAW_JEDIS,
    /** cachelab over {@code RedisStores.redis(client)}: {@code getIfPresent} / {@code getAllPresent}. */
    CACHELAB_REDIS
  }

  /**
   * The raw library a contender of this benchmark runs on, for the report's "× its raw library" column.
   *
   * @param contender a contender's name
   * @return {@code RAW_JEDIS} for {@code CACHELAB_REDIS}, otherwise empty
   */
  public static Optional<String> rawLibrary(String contender) {
    return Contender.CACHELAB_REDIS.name().equals(contender) ? Optional.of(Contender.RAW_JEDIS.name())
        : Optional.empty();
  }

  @Param
  Contender contender;

  private LocalRedis server;
  private RedisClient client;
  private Cache<String, Integer> cache;
  private String[] stream;
  private byte[][] redisKeys;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = LocalRedis.start();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(16);
    pool.setMaxIdle(16);
    client = RedisClient.builder().hostAndPort(server.hostAndPort()).poolConfig(pool).build();
    cache = CacheBuilder.newBuilder().name(CACHE)
        .store(RedisStores.redis(client).namespace(NAMESPACE).keyCodec(Codec.string()))
        .build();
    Map<String, Integer> all = new HashMap<>();
    for (int i = 0; i < POPULATION; i++) {
      all.put("k" + i, i);
    }
    cache.putAll(all);
    int[] ranks = ZipfKeys.ranks(POPULATION, 1.0, STREAM, 0x5EED_CAC4EL);
    stream = new String[STREAM];
    redisKeys = new byte[STREAM][];
    for (int i = 0; i < STREAM; i++) {
      stream[i] = "k" + ranks[i];
      redisKeys[i] = (NAMESPACE + ":" + CACHE + ":" + stream[i]).getBytes(StandardCharsets.UTF_8);
    }
    if (client.get(redisKeys[0]) == null || cache.getIfPresent(stream[0]) == null) {
      throw new IllegalStateException("the population is not in Redis under the expected keys");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      cache.close();
      client.close();
    } finally {
      server.close();
    }
  }

  /** Each thread's position in the key stream. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger THREADS = new AtomicInteger();
    int index = THREADS.getAndIncrement() * (int) (STREAM * 0.6180339887);
  }

  @Benchmark
  @Threads(1)
  public Object hit_t1(Cursor cursor) {
    return hit(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object hit_t2(Cursor cursor) {
    return hit(cursor);
  }

  @Benchmark
  @Threads(8)
  public Object hit_t8(Cursor cursor) {
    return hit(cursor);
  }

  @Benchmark
  @Threads(1)
  public Object getAll100_t1(Cursor cursor) {
    return getAll(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object getAll100_t2(Cursor cursor) {
    return getAll(cursor);
  }

  @Benchmark
  @Threads(8)
  public Object getAll100_t8(Cursor cursor) {
    return getAll(cursor);
  }

  private Object hit(Cursor cursor) {
    int position = cursor.index++ & MASK;
    return contender == Contender.RAW_JEDIS ? client.get(redisKeys[position]) : cache.getIfPresent(stream[position]);
  }

  private Object getAll(Cursor cursor) {
    int from = Math.min(cursor.index & MASK, STREAM - BATCH);
    cursor.index += BATCH;
    if (contender == Contender.RAW_JEDIS) {
      byte[][] keys = new byte[BATCH][];
      System.arraycopy(redisKeys, from, keys, 0, BATCH);
      return client.mget(keys);
    }
    List<String> keys = new ArrayList<>(BATCH);
    for (int i = from; i < from + BATCH; i++) {
      keys.add(stream[i]);
    }
    return cache.getAllPresent(keys);
  }
}
