package dev.cachelab.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machinery every hit-path benchmark shares: a cache filled with a population of distinct keys, a seeded Zipf
 * stream of those keys, each thread's cursor into it, and the operations the benchmark methods call. It declares no
 * {@code @Benchmark} method itself, so each subclass picks its own: {@link HitPathBenchmark} all four workloads,
 * {@link ScaleBenchmark} only reads, at several populations.
 *
 * <p><b>Sizes.</b> The subclass's population of distinct keys, all put in {@code @Setup}, under a bound of twice
 * that, so every read hits and every write updates a present key: this measures what a hit and an update cost, not
 * eviction, and not hit ratio (the simulator measures that). The setup checks that every key is present, and the
 * teardown that none was lost, so a cache that evicted (or expired) anyway fails the run instead of being measured on
 * misses.
 *
 * <p><b>Keys.</b> A stream of {@value #STREAM} keys drawn once, seeded, from a Zipf distribution with exponent 1 over
 * the population ({@link ZipfKeys}); each thread walks the stream from its own offset, so the threads do not touch the
 * same key at the same moment but see the same skew.
 *
 * <p>The annotations give the settings of a publishable run when the jar is run by hand;
 * {@link dev.cachelab.bench.report.BenchReport} overrides warmup, measurement and forks per mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public abstract class PopulatedCache {

  /** Length of the key stream; a power of two, so a position wraps with a mask. */
  public static final int STREAM = 1 << 20;
  private static final int MASK = STREAM - 1;
  private static final long SEED = 0x5EED_CAC4EL;
  /** Never called: every {@code getOrLoad} hits. It exists so the hit path is the one a loader would take. */
  private static final Function<Object, Object> LOADER = key -> key;

  BenchCache target;
  Integer[] keys;

  /**
   * Returns how many distinct keys the cache holds; the bound is twice this.
   *
   * @return the population
   */
  abstract int population();

  /**
   * Creates the cache under test, empty.
   *
   * @param maximumSize the bound, twice the population
   * @return the cache
   */
  abstract BenchCache create(int maximumSize);

  /**
   * Returns the name of the contender being measured, for error messages.
   *
   * @return the {@code @Param} value
   */
  abstract String contender();

  @Setup(Level.Trial)
  public void setUp() {
    int population = population();
    Integer[] all = new Integer[population];
    for (int i = 0; i < population; i++) {
      all[i] = i;
    }
    keys = ZipfKeys.keys(all, 1.0, STREAM, SEED);
    target = create(2 * population);
    for (Integer key : all) {
      target.put(key, key);
    }
    requireAllPresent("after setup");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      requireAllPresent("after the run");
    } finally {
      target.close();
    }
  }

  private void requireAllPresent(String when) {
    long size = target.size();
    if (size != population()) {
      throw new IllegalStateException(contender() + " holds " + size + " entries " + when + ", expected "
          + population() + "; the benchmark would measure misses");
    }
  }

  /** Each thread's position in the key stream. */
  @State(Scope.Thread)
  public static class Cursor {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Thread n starts n golden-ratio strides in, far from every other thread's start. */
    int index = THREADS.getAndIncrement() * (int) (STREAM * 0.6180339887);

    Integer next(Integer[] keys) {
      return keys[index++ & MASK];
    }
  }

  /** {@code get} of the next key: always a hit. */
  final Object read(Cursor cursor) {
    return target.get(cursor.next(keys));
  }

  /** Every fourth position of the stream a {@code put} of a present key, the rest {@code get}. */
  final Object readWrite(Cursor cursor) {
    int position = cursor.index;
    Integer key = cursor.next(keys);
    if ((position & 3) == 0) {
      target.put(key, key);
      return key;
    }
    return target.get(key);
  }

  /** {@code put} of the next key, which is present: an update. */
  final Object write(Cursor cursor) {
    Integer key = cursor.next(keys);
    target.put(key, key);
    return key;
  }

  /** {@code get(key, loader)} of the next key: always a hit, the loader never runs. */
  final Object getOrLoad(Cursor cursor) {
    return target.getOrLoad(cursor.next(keys), LOADER);
  }
}
