package dev.cachelab.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Throughput of the hit path of every in-memory {@link Contender} — raw {@code ConcurrentHashMap}, raw Caffeine, raw
 * Ehcache, and cachelab over each policy and store — on the workloads of {@link HitPathBenchmark}.
 *
 * <p>A population of {@value #POPULATION} distinct keys under a bound of {@value #MAXIMUM_SIZE} (twice the
 * population), the same for every contender, so every read hits and every write updates a present key.
 */
public class CacheBenchmark extends HitPathBenchmark {

  /** Distinct keys; all of them are in the cache. */
  public static final int POPULATION = 1 << 16;
  /** The bound given to every bounded contender. */
  public static final int MAXIMUM_SIZE = 2 * POPULATION;

  @Param
  Contender cache;

  @Override
  int population() {
    return POPULATION;
  }

  @Override
  BenchCache create(int maximumSize) {
    return cache.create(maximumSize);
  }

  @Override
  String contender() {
    return cache.name();
  }
}
