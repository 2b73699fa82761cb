package dev.cachelab.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachelab.memo.Memoizer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a memoized call costs when its result is already cached: {@code Memoizer.memoize(fn)} against the direct
 * call of {@code fn} and against raw Caffeine's {@code get(key, fn)}, the baseline of the target. The
 * function is cheap on purpose (a few arithmetic operations), so the numbers show the memoizer's own overhead.
 * Every key of the Zipf stream is computed in {@code @Setup}, so every measured call is a hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MemoBenchmark {

  /** The contenders: the memoizer and its two yardsticks. */
  public enum Contender {
    /** Calls the function itself: no caching at all. */
    DIRECT {
      @Override
      Function<Integer, Integer> wrap(Function<Integer, Integer> fn) {
        return fn;
      }
    },
    /** Raw Caffeine, {@code cache.get(key, fn)}: the baseline. */
    CAFFEINE {
      @Override
      Function<Integer, Integer> wrap(Function<Integer, Integer> fn) {
        Cache<Integer, Integer> cache = Caffeine.newBuilder().build();
        return key -> cache.get(key, fn);
      }
    },
    /**
     * Raw Caffeine plus what the memoizer adds to a hit besides the lookup, measured piece by piece (the cause of a
     * missed target, not a contender): an exact hit count in a {@link LongAdder}, as {@code cache_info()} keeps it.
     */
    CAFFEINE_COUNTED {
      @Override
      Function<Integer, Integer> wrap(Function<Integer, Integer> fn) {
        Cache<Integer, Integer> cache = Caffeine.newBuilder().build();
        LongAdder hits = new LongAdder();
        return key -> {
          Integer hit = cache.getIfPresent(key);
          if (hit != null) {
            hits.increment();
            return hit;
          }
          return cache.get(key, fn);
        };
      }
    },
    /**
     * {@link #CAFFEINE_COUNTED} with each result kept in a one-field box, as the facade keeps each value in a
     * {@code Stamped} entry: what one more pointer to follow on every hit costs.
     */
    CAFFEINE_BOXED_COUNTED {
      @Override
      Function<Integer, Integer> wrap(Function<Integer, Integer> fn) {
        Cache<Integer, Box> cache = Caffeine.newBuilder().build();
        LongAdder hits = new LongAdder();
        return key -> {
          Box hit = cache.getIfPresent(key);
          if (hit != null) {
            hits.increment();
            return hit.value;
          }
          return cache.get(key, k -> new Box(fn.apply(k))).value;
        };
      }
    },
    /** cachelab's {@code Memoizer.memoize(fn)}: unbounded, as {@code functools.cache}. */
    MEMOIZED {
      @Override
      Function<Integer, Integer> wrap(Function<Integer, Integer> fn) {
        return Memoizer.memoize(fn);
      }
    };

    abstract Function<Integer, Integer> wrap(Function<Integer, Integer> fn);
  }

  /** A result behind one more pointer. */
  static final class Box {
    final Integer value;

    Box(Integer value) {
      this.value = value;
    }
  }

  private static final int POPULATION = 1 << 16;
  private static final int STREAM = 1 << 20;
  private static final int MASK = STREAM - 1;
  private static final long SEED = 0x5EED_3E30L;

  @Param
  Contender memo;

  Function<Integer, Integer> function;
  Integer[] keys;

  @Setup(Level.Trial)
  public void setUp() {
    Integer[] population = new Integer[POPULATION];
    for (int i = 0; i < POPULATION; i++) {
      population[i] = i;
    }
    keys = ZipfKeys.keys(population, 1.0, STREAM, SEED);
    function = memo.wrap(x -> (x * 31 + 7) ^ (x >>> 3));
    for (Integer key : population) {
      function.apply(key);
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
  public Object memo_t1(Cursor cursor) {
    return function.apply(keys[cursor.index++ & MASK]);
  }

  @Benchmark
  @Threads(2)
  public Object memo_t2(Cursor cursor) {
    return function.apply(keys[cursor.index++ & MASK]);
  }
}
