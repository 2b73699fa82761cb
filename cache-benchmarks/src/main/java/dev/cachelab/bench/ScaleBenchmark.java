package dev.cachelab.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Threads;

/**
 * How the cost of a hit grows with the number of entries: {@link PopulatedCache}'s {@code read} workload (a
 * {@code get} of a present key, Zipf(1) keys) at {@value #SMALL} and {@value #LARGE} entries, at one and two threads.
 * At 1 k entries the whole table sits in the CPU's caches; at 1 M it does not, and a hit pays a trip to memory for
 * the table slot, the entry and whatever the policy touches. Each population is filled under a bound of twice itself,
 * as in {@link CacheBenchmark}, so every read hits.
 *
 * <p>The middle point, 64 k entries, is not run here: it is {@link CacheBenchmark}'s {@code read} workload, the same
 * machinery with {@value CacheBenchmark#POPULATION} entries, and the report takes it from there rather than pay for
 * the same runs twice. JMH reports each result with its {@code entries} parameter; the report groups them as
 * {@code read@1024} and {@code read@1048576}.
 *
 * <p>The contenders: the ceiling, the baseline, cachelab over Caffeine, and the built-in engine with the policy that
 * buffers its hits (LRU), one that does not (SIEVE), and W-TinyLFU. Filling a million entries takes about a second;
 * with a million {@code Integer} keys and the cache itself the heap needs a few hundred MB, inside the 1 GB every
 * hit-path fork gets.
 */
public class ScaleBenchmark extends PopulatedCache {

  /** The small population: a cache that fits in the CPU's caches. */
  public static final int SMALL = 1 << 10;
  /** The large population: a cache far larger than the CPU's caches. */
  public static final int LARGE = 1 << 20;

  /** The contenders, under the names of {@link dev.cachelab.bench.Contender}. */
  public enum Contender {
    /** Raw {@code ConcurrentHashMap}, the ceiling. */
    CONCURRENT_HASH_MAP,
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

  /** The population; the bound is twice it. */
  @Param({"" + SMALL, "" + LARGE})
  int entries;

  @Override
  int population() {
    return entries;
  }

  @Override
  BenchCache create(int maximumSize) {
    return dev.cachelab.bench.Contender.valueOf(cache.name()).create(maximumSize);
  }

  @Override
  String contender() {
    return cache.name();
  }

  @Benchmark
  @Threads(1)
  public Object read_t1(Cursor cursor) {
    return read(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object read_t2(Cursor cursor) {
    return read(cursor);
  }
}
