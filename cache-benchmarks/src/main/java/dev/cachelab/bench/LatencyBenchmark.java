package dev.cachelab.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Latency percentiles (JMH's {@code SampleTime}: the time of sampled single calls) of three paths at one thread:
 * {@code hit} ({@code getIfPresent} of a present key), {@code missLoad} ({@code get(key, loader)} of a key the cache
 * does not hold, in a full cache: the loader runs, the value is stored and an entry is evicted), and {@code write}
 * ({@code put} of a present key). Throughput hides the tail — a drain of buffered hits, a resize, an eviction that
 * walks far — which is what the 99th and 99.9th percentiles show.
 *
 * <p>{@value #POPULATION} distinct keys fill a cache bounded to as many entries; reads and writes walk them in a
 * seeded Zipf(1) order, the miss path walks {@value #MISS_KEYS} keys the cache never held. A subset of the
 * contenders: the baseline, the built-in engine with the policy that buffers its hits (LRU) and one that does not
 * (SIEVE), W-TinyLFU, and cachelab over Caffeine. The unbounded map cannot take the miss path (it would grow until
 * the heap ran out).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LatencyBenchmark {

  /** Distinct keys in the cache, and its bound. */
  public static final int POPULATION = 1 << 16;
  /** Keys that always miss; a power of two. */
  public static final int MISS_KEYS = 1 << 21;
  private static final int STREAM = HitPathBenchmark.STREAM;
  private static final long SEED = 0x5EED_1A7EL;
  private static final Function<Object, Object> LOADER = key -> key;

  /** The contenders, under the names of {@link dev.cachelab.bench.Contender}. */
  public enum Contender {
    /** Raw Caffeine, the baseline. */
    CAFFEINE,
    /** cachelab, built-in engine, LRU. */
    CACHELAB_LRU,
    /** cachelab, built-in engine, SIEVE. */
    CACHELAB_SIEVE,
    /** cachelab, built-in engine, W-TinyLFU. */
    CACHELAB_WTINYLFU,
    /** cachelab over {@code Stores.caffeine()}. */
    CACHELAB_CAFFEINE
  }

  @Param
  Contender cache;

  BenchCache target;
  Integer[] keys;
  Integer[] missKeys;
  int index;
  int missIndex;

  @Setup(Level.Trial)
  public void setUp() {
    Integer[] all = new Integer[POPULATION];
    for (int i = 0; i < POPULATION; i++) {
      all[i] = i;
    }
    keys = ZipfKeys.keys(all, 1.0, STREAM, SEED);
    missKeys = new Integer[MISS_KEYS];
    for (int i = 0; i < MISS_KEYS; i++) {
      missKeys[i] = POPULATION + i;
    }
    target = dev.cachelab.bench.Contender.valueOf(cache.name()).create(POPULATION);
    for (Integer key : all) {
      target.put(key, key);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    target.close();
  }

  @Benchmark
  @Threads(1)
  public Object hit_t1() {
    return target.get(keys[index++ & (STREAM - 1)]);
  }

  @Benchmark
  @Threads(1)
  public Object missLoad_t1() {
    return target.getOrLoad(missKeys[missIndex++ & (MISS_KEYS - 1)], LOADER);
  }

  @Benchmark
  @Threads(1)
  public Object write_t1() {
    Integer key = keys[index++ & (STREAM - 1)];
    target.put(key, key);
    return key;
  }
}
