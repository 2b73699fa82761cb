package dev.cachelab.policy;

/**
 * How often each key was seen lately, approximately and in little memory: the frequency "histogram" of TinyLFU
 * (G. Einziger, R. Friedman, B. Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM Transactions on
 * Storage 13(4), 2017), used by {@link WTinyLfu} to decide admissions.
 *
 * <p><b>Count-min sketch</b> (G. Cormode, S. Muthukrishnan, 2005). Four rows of counters; each row hashes a key to
 * one counter with its own hash function. Counting a key raises its counter in every row; the estimate is the
 * smallest of its four counters. Other keys that share a counter can only inflate it, so the estimate is never too
 * low, and the row where the key shares with the fewest others gives the best answer. Each row has about four
 * counters per cache entry (and never fewer than for 256 entries), which keeps collisions rare without storing a
 * single key.
 *
 * <p><b>4-bit counters.</b> Admission only asks "is the newcomer more popular than the victim?", so counts above 15
 * add nothing: a counter stops at 15, and sixteen counters share one {@code long}.
 *
 * <p><b>Aging ("reset").</b> After {@code 10 × entries} additions (at least 2,560) every counter is halved (a shift and a mask per
 * {@code long}). Popularity that is not renewed fades geometrically, so a key that was hot an hour ago cannot block
 * the keys that are hot now. The paper shows halving keeps the counts proportional to the recent frequencies.
 *
 * <p><b>Cost.</b> O(1) per increment and estimate (four counters); the halving is O(table) once every 10·n
 * additions, amortized O(1). Memory: 4 rows × 4 counters × ½ byte = 8 bytes per entry.
 *
 * <p>Not thread-safe: used under the engine's eviction lock.
 */
final class FrequencySketch {

  private static final int ROWS = 4;
  private static final int MAX_COUNT = 15;
  private static final long MIN_KEYS = 256;

  /** One odd multiplier per row: multiplying a mixed hash and keeping its top bits picks the row's counter. */
  private static final long[] ROW_SEEDS = {
      0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L};

  /** Clears the bit that a right shift moves into the top of each neighbouring 4-bit counter. */
  private static final long HALVE_MASK = 0x7777_7777_7777_7777L;

  private final long[] table;
  private final int indexBits;
  private final int width;
  private final long samplePeriod;
  private long additions;

  /**
   * Creates a sketch sized for {@code entries} keys.
   *
   * @param entries how many keys the cache holds (for a weight bound, its weight: an upper bound)
   */
  FrequencySketch(long entries) {
    // At least 256 keys: a tiny cache's sketch would otherwise halve so often that it forgets everything between
    // two reads of a key (a 64-entry cache on the 1,011-key loop trace: every count 0 or 1, admission blind, 0 %
    // hits). Beyond a million keys the cost outgrows the gain.
    long keys = Math.max(MIN_KEYS, Math.min(entries, 1L << 20));
    this.width = Integer.highestOneBit((int) (4 * keys - 1)) << 1; // four counters per key, a power of two
    this.indexBits = Integer.numberOfTrailingZeros(width);
    this.table = new long[ROWS * width / 16];
    this.samplePeriod = 10 * keys;
  }

  /** How many additions pass between two halvings; W-TinyLFU's flooding defence measures a victim's tenure in it. */
  long samplePeriod() {
    return samplePeriod;
  }

  /** Returns the estimated recent frequency of {@code key}, 0 to 15. */
  int frequency(Object key) {
    long hash = mix(key.hashCode());
    int estimate = MAX_COUNT;
    for (int row = 0; row < ROWS; row++) {
      estimate = Math.min(estimate, count(counterIndex(hash, row)));
    }
    return estimate;
  }

  /** Counts one occurrence of {@code key}; every {@link #samplePeriod()} additions, halves all counters. */
  void increment(Object key) {
    long hash = mix(key.hashCode());
    boolean added = false;
    for (int row = 0; row < ROWS; row++) {
      int index = counterIndex(hash, row);
      if (count(index) < MAX_COUNT) {
        table[index >>> 4] += 1L << shift(index);
        added = true;
      }
    }
    if (added && ++additions >= samplePeriod) {
      halve();
    }
  }

  private void halve() {
    for (int i = 0; i < table.length; i++) {
      table[i] = (table[i] >>> 1) & HALVE_MASK;
    }
    additions /= 2;
  }

  /** The position of the key's counter in {@code row}, counting counters (not {@code long}s) from the start. */
  private int counterIndex(long hash, int row) {
    return row * width + (int) ((hash * ROW_SEEDS[row]) >>> (64 - indexBits));
  }

  private int count(int index) {
    return (int) (table[index >>> 4] >>> shift(index)) & 0xF;
  }

  private static int shift(int index) {
    return (index & 15) << 2;
  }

  /** Spreads a 32-bit hash code over 64 bits (the SplitMix64 finalizer), so that poor hash codes still spread. */
  private static long mix(int hashCode) {
    long z = hashCode * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
