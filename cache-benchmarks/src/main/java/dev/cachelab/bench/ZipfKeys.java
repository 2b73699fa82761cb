package dev.cachelab.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded Zipf-distributed key streams: rank {@code r} (1-based) of a population of {@code n} is drawn with
 * probability proportional to {@code 1 / r^s}. With {@code s = 1} the most popular key is drawn about twice as often
 * as the second and {@code n/2} times as often as the median one, the skew that makes caching pay.
 *
 * <p>Drawn by inversion: the cumulative distribution is computed once ({@code O(n)}), and each draw is a uniform
 * number looked up in it by binary search ({@code O(log n)}). Exact and short, which matters more here than speed —
 * the benchmarks draw their keys once, in {@code @Setup}, never while being measured.
 *
 * <p>The same seed gives the same stream, on every machine and JVM ({@link SplittableRandom} is specified
 * bit-for-bit). Thread-safe: the class has only static methods over their arguments.
 */
public final class ZipfKeys {

  private ZipfKeys() {}

  /**
   * Draws {@code count} ranks in {@code [0, population)}, rank 0 the most popular.
   *
   * @param population the number of distinct ranks, at least 1
   * @param exponent the skew {@code s}, at least 0 (0 is uniform)
   * @param count how many to draw, at least 0
   * @param seed the seed; the same seed gives the same ranks
   * @return the drawn ranks
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static int[] ranks(int population, double exponent, int count, long seed) {
    if (population < 1) {
      throw new IllegalArgumentException("population must be at least 1: " + population);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("exponent must be finite and not negative: " + exponent);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    double[] cumulative = new double[population];
    double sum = 0;
    for (int rank = 0; rank < population; rank++) {
      sum += 1 / Math.pow(rank + 1, exponent);
      cumulative[rank] = sum;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] ranks = new int[count];
    for (int i = 0; i < count; i++) {
      double u = random.nextDouble() * sum;
      int found = Arrays.binarySearch(cumulative, u);
      // Not found gives -(insertion point) - 1: the first rank whose cumulative weight exceeds u.
      ranks[i] = Math.min(found >= 0 ? found + 1 : -found - 1, population - 1);
    }
    return ranks;
  }

  /**
   * Draws {@code count} keys from {@code keys}, a Zipf rank picking the key at a seeded random position, so the
   * popular keys are scattered over the key space instead of being {@code 0, 1, 2, ...} (an {@code Integer}'s hash is
   * its value, and neighbouring hot keys would share hash-table cache lines as no real workload does).
   *
   * @param <K> the key type
   * @param keys the population, each distinct
   * @param exponent the skew {@code s}
   * @param count how many to draw
   * @param seed the seed for both the ranks and the scattering
   * @return {@code count} keys, each element one of {@code keys} (the same instances, so nothing is boxed later)
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static <K> K[] keys(K[] keys, double exponent, int count, long seed) {
    K[] scattered = keys.clone();
    SplittableRandom random = new SplittableRandom(~seed);
    for (int i = scattered.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      K swap = scattered[i];
      scattered[i] = scattered[j];
      scattered[j] = swap;
    }
    int[] ranks = ranks(keys.length, exponent, count, seed);
    K[] drawn = Arrays.copyOf(keys, count);
    for (int i = 0; i < count; i++) {
      drawn[i] = scattered[ranks[i]];
    }
    return drawn;
  }
}
