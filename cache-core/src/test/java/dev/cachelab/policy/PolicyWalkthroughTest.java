package dev.cachelab.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every built-in policy, through the public API: the worked example that opens each policy's file (and the table in
 * {@link EvictionPolicy}), determinism, and the weight bound. Removal listeners run on {@code Runnable::run}, so a
 * victim is recorded before the write that evicted it returns.
 */
class PolicyWalkthroughTest {

  /**
   * Capacity 3: insert A, B, C; read A; insert D. FIFO ignores the read; LRU, CLOCK, SIEVE and LFU spare A, each for
   * its own reason (see each policy's worked example). The two newer policies, worked out by hand:
   *
   * <p><b>S3-FIFO</b> evicts A. At capacity 3 the small queue gets max(1, floor(0.3)) = 1 entry, main 3 − 1 = 2, the
   * ghost queue floor(2.7) = 2 keys. (1) A, B, C all enter small (nothing is evicted while the cache has room, so
   * small overfills): small [A B C], main []. (2) Reading A raises its frequency to 1; nothing moves. (3) D arrives
   * at a full cache: main (0) is not over its share (2), and small is not empty, so small is evicted from its oldest
   * key. (4) A has frequency 1, below the 2 it takes to move to main, so A is the victim and its key joins the ghost
   * queue. (5) D enters small: small [B C D], ghost [A]. One read is not enough for S3-FIFO: it wants proof of reuse
   * in small before it spends main's room.
   *
   * <p><b>W-TinyLFU</b> evicts C. At capacity 3 the window gets 3 − (long) (0.99 × 3) = 1 entry, main 2, protected
   * (long) (0.8 × 2) = 1. (1) A enters the window; the sketch counts A once. (2) B enters the window and pushes A, the
   * window's oldest, into probation (the cache has room, so no duel); C does the same to B: window [C], probation
   * [A B]. (3) Reading A in probation promotes it to protected, and A's count becomes 2. (4) D arrives at a full
   * cache with a full window, so D will push C out of the window: candidate C (count 1) duels main's victim, the
   * oldest in probation, B (count 1). (5) C is not seen more often than B, so admission refuses it: C is the victim,
   * and D enters the window: window [D], probation [B], protected [A]. The newcomer is never refused; the window's
   * previous newcomer is.
   */
  @ParameterizedTest(name = "{0} evicts {1}")
  @CsvSource({"LRU, B", "FIFO, A", "CLOCK, B", "SIEVE, B", "LFU, B", "S3FIFO, A", "WTINYLFU, C"})
  void walkthrough_insertThreeReadAInsertD_evictsWhatTheDocsSay(String policy, String victim) {
    List<String> victims = new ArrayList<>();
    Cache<String, String> cache = sizedCache(3, policy, victims);
    cache.put("A", "a");
    cache.put("B", "b");
    cache.put("C", "c");
    assertEquals("a", cache.getIfPresent("A"));
    assertEquals(List.of(), victims, "nothing leaves before the cache is over its bound");

    cache.put("D", "d");

    assertEquals(List.of(victim), victims);
    assertEquals(3, cache.estimatedSize());
    assertEquals("d", cache.getIfPresent("D"), "the newcomer is resident");
  }

  /**
   * The rest of S3-FIFO's worked example: a key evicted from small and requested again while its key is still in the
   * ghost queue was evicted too early, so it skips small and goes straight to main. Continuing from the walkthrough
   * (small [B C D], ghost [A]): B is read twice, then A returns. Small is evicted again: B (frequency 2) moves to main,
   * C (frequency 0) is evicted. A is found in the ghost queue, so it enters main: small [D], main [B A]. Two more new
   * keys show where A went: E evicts D and F evicts E, the small queue's only entry each time. Had A gone to small,
   * F would have evicted A.
   */
  @Test
  void s3Fifo_aKeyReturningWhileItIsAGhost_skipsTheSmallQueue() {
    List<String> victims = new ArrayList<>();
    Cache<String, String> cache = sizedCache(3, "S3FIFO", victims);
    for (String key : List.of("A", "B", "C")) {
      cache.put(key, key);
    }
    cache.getIfPresent("A");
    cache.put("D", "D");
    cache.getIfPresent("B");
    cache.getIfPresent("B");

    cache.put("A", "A");
    cache.put("E", "E");
    cache.put("F", "F");

    assertEquals(List.of("A", "C", "D", "E"), victims);
    assertEquals(Set.of("A", "B", "F"), cache.asMap().keySet());
  }

  /**
   * A policy must not depend on hash order, identity hash codes, the clock or a random source: the same accesses
   * must evict the same keys in the same order, or hit ratios are not reproducible and the oracle test is luck.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"LRU", "FIFO", "CLOCK", "SIEVE", "LFU", "S3FIFO", "WTINYLFU"})
  void sameAccesses_evictTheSameVictimsInTheSameOrder(String policy) {
    List<Integer> first = victimsOfMixedWorkload(policy);
    List<Integer> second = victimsOfMixedWorkload(policy);

    assertTrue(first.size() > 100, "the workload must evict, or there is nothing to compare: " + first.size());
    assertEquals(-1, firstDifference(first, second), "index of the first eviction where the two runs differ");
  }

  /**
   * Weights differ per entry and change when an entry is rewritten, so the bound must hold after inserts that need
   * several victims and after updates that make a resident entry heavier; an entry heavier than the whole bound is
   * admitted and evicted at once.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"LRU", "FIFO", "CLOCK", "SIEVE", "LFU", "S3FIFO", "WTINYLFU"})
  void weightedCache_neverExceedsItsWeightBound(String policy) {
    long bound = 50;
    List<Integer> victims = new ArrayList<>();
    Cache<Integer, Integer> cache = CacheBuilder.newBuilder()
        .maximumWeight(bound, (Integer key, Integer weight) -> weight)
        .evictionPolicy(TraceOracleTest.policy(policy))
        .executor(Runnable::run)
        .removalListener((Integer key, Integer weight, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            victims.add(key);
          }
        })
        .build();
    SplittableRandom random = new SplittableRandom(7);

    for (int i = 0; i < 5_000; i++) {
      int key = random.nextInt(40);
      int roll = random.nextInt(100);
      if (roll < 60) {
        cache.getIfPresent(key);
      } else if (roll < 99) {
        cache.put(key, random.nextInt(13)); // a rewrite of a resident key may make it heavier
      } else {
        cache.put(key, (int) bound + 1);
        assertFalse(cache.asMap().containsKey(key), "an entry heavier than the bound cannot stay");
      }
      long total = cache.asMap().values().stream().mapToLong(Integer::longValue).sum();
      assertTrue(total <= bound, "step " + i + ": total weight " + total + " exceeds " + bound);
    }
    assertTrue(victims.size() > 100, "the bound was never under pressure: " + victims.size() + " evictions");
  }

  /**
   * Reads, inserts, rewrites and invalidations over 60 keys in a 10-entry cache, from a fixed seed, so that every
   * path of a policy (hit, insert, update, remove, evict) runs many times.
   */
  private static List<Integer> victimsOfMixedWorkload(String policy) {
    List<Integer> victims = new ArrayList<>();
    Cache<Integer, String> cache = sizedCache(10, policy, victims);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 3_000; i++) {
      int key = random.nextInt(60);
      int roll = random.nextInt(100);
      if (roll < 80) {
        if (cache.getIfPresent(key) == null) {
          cache.put(key, "v" + i);
        }
      } else if (roll < 95) {
        cache.put(key, "w" + i);
      } else {
        cache.invalidate(key);
      }
    }
    return victims;
  }

  /** Returns the first index where the lists differ (a shorter list differs where it ends), or -1. */
  private static int firstDifference(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** A size-bounded cache that appends each size-evicted key to {@code victims}. */
  private static <K, V> Cache<K, V> sizedCache(long size, String policy, List<K> victims) {
    return CacheBuilder.newBuilder()
        .maximumSize(size)
        .evictionPolicy(TraceOracleTest.policy(policy))
        .executor(Runnable::run)
        .removalListener((K key, V value, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            victims.add(key);
          }
        })
        .build();
  }
}
