package dev.cachelab.bench;

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

/**
 * Writes with eviction: every operation puts a key the cache does not hold into a cache that is full, so each put
 * inserts one entry and evicts one. This is the path {@link CacheBenchmark}'s {@code write} (updates of present keys)
 * never takes: the policy's victim selection, the removal from the map and the bookkeeping of both.
 *
 * <p>The cache is bounded to {@value #MAXIMUM_SIZE} entries and filled in setup. Keys come from a pool of
 * {@value #KEYS} distinct {@code Integer}s allocated in setup (so no boxing is measured); each thread walks the pool
 * from its own offset, and a key comes round again only after millions of newer ones, long after it was evicted.
 * The unbounded {@code ConcurrentHashMap} cannot take part (it would grow until the heap ran out); every bounded
 * contender does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EvictionBenchmark {

  /** The bound of every contender. */
  public static final int MAXIMUM_SIZE = 1 << 14;
  /** Distinct keys in the pool; a power of two. */
  public static final int KEYS = 1 << 21;
  private static final int MASK = KEYS - 1;

  /** The bounded contenders of {@link dev.cachelab.bench.Contender}, under the same names. */
  public enum Contender {
    /** Raw Caffeine, the baseline. */
    CAFFEINE,
    /** Raw Ehcache's heap tier. */
    EHCACHE,
    /** cachelab, built-in engine, LRU. */
    CACHELAB_LRU,
    /** cachelab, built-in engine, FIFO. */
    CACHELAB_FIFO,
    /** cachelab, built-in engine, CLOCK. */
    CACHELAB_CLOCK,
    /** cachelab, built-in engine, SIEVE. */
    CACHELAB_SIEVE,
    /** cachelab, built-in engine, LFU. */
    CACHELAB_LFU,
    /** cachelab, built-in engine, S3-FIFO. */
    CACHELAB_S3FIFO,
    /** cachelab, built-in engine, W-TinyLFU. */
    CACHELAB_WTINYLFU,
    /** cachelab over {@code Stores.caffeine()}. */
    CACHELAB_CAFFEINE;

    BenchCache create() {
      return dev.cachelab.bench.Contender.valueOf(name()).create(MAXIMUM_SIZE);
    }
  }

  @Param
  Contender cache;

  BenchCache target;
  Integer[] keys;

  @Setup(Level.Trial)
  public void setUp() {
    keys = new Integer[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = i;
    }
    target = cache.create();
    for (int i = 0; i < MAXIMUM_SIZE; i++) {
      target.put(keys[KEYS - 1 - i], keys[KEYS - 1 - i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      long size = target.size();
      if (size > MAXIMUM_SIZE) {
        throw new IllegalStateException(cache + " holds " + size + " entries, above its bound " + MAXIMUM_SIZE
            + ": it did not evict, so the benchmark measured something else");
      }
    } finally {
      target.close();
    }
  }

  /** Each thread's position in the key pool. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger THREADS = new AtomicInteger();
    int index = THREADS.getAndIncrement() * (KEYS / 2);
  }

  @Benchmark
  @Threads(1)
  public Object putEvict_t1(Cursor cursor) {
    return putNew(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object putEvict_t2(Cursor cursor) {
    return putNew(cursor);
  }

  private Object putNew(Cursor cursor) {
    Integer key = keys[cursor.index++ & MASK];
    target.put(key, key);
    return key;
  }
}
