package dev.cachelab.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.policy.Traces.Trace;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * W-TinyLFU through the public API: admission keeps a scan from flushing what is read often, and on the traces
 * README's anchor points it holds its own against Caffeine, the W-TinyLFU that production Java code uses.
 */
class WTinyLfuTest {

  /**
   * Fifty hot keys are read in turn, with three new keys (each used once) between two hot reads, so that 200
   * accesses and 200 distinct keys pass between two reads of the same hot key. A 100-entry LRU cache forgets every
   * hot key before it comes back and never hits. W-TinyLFU's sketch sees that the hot keys come back and the scan
   * keys do not, so a scan key, pushed out of the window, never wins admission against a hot key.
   */
  @Test
  void hotKeysReadBetweenScanKeys_stayCached_whereLruLosesThemAll() {
    long wTinyLfuHotHits = hotHitsAmongScans(EvictionPolicy.wTinyLfu());
    long lruHotHits = hotHitsAmongScans(EvictionPolicy.lru());

    assertEquals(0, lruHotHits, "LRU must fail here, or this workload does not test admission");
    assertTrue(wTinyLfuHotHits >= 0.95 * HOT_READS, "hot hits: " + wTinyLfuHotHits + " of " + HOT_READS);
  }

  private static final int HOT_READS = 20_000;

  private static long hotHitsAmongScans(EvictionPolicy policy) {
    Cache<Long, Long> cache = CacheBuilder.newBuilder()
        .maximumSize(100)
        .evictionPolicy(policy)
        .executor(Runnable::run)
        .build();
    long hotHits = 0;
    long nextScanKey = 1_000;
    for (int i = 0; i < HOT_READS; i++) {
      long hot = i % 50;
      if (cache.getIfPresent(hot) != null) {
        hotHits++;
      } else {
        cache.put(hot, hot);
      }
      for (int j = 0; j < 3; j++) {
        long scan = nextScanKey++;
        if (cache.getIfPresent(scan) == null) {
          cache.put(scan, scan);
        }
      }
    }
    cache.close();
    return hotHits;
  }

  /**
   * Hash flooding: an attacker fills a 100-entry cache with junk keys whose hash codes are all equal ({@code "Aa"}
   * and {@code "BB"} have the same {@code String.hashCode()}, so any string of 16 such blocks has the same one), then
   * keeps requesting new junk keys of that hash code. The sketch counts hash codes, so every junk entry looks as
   * popular as a key can be (15), and every candidate ties or loses against it. Meanwhile users read 90 hot keys in
   * turn, one between two junk requests. Without the defence the hot keys get 49 % hits in the second half and 55
   * junk entries stay pinned (measured on this build with {@code outstayed} switched off); a victim that refuses
   * newcomers for a whole aging period without ever being read is replaced by the next warm candidate, which lifts
   * the hot keys above 70 % and leaves fewer than 30 junk entries (measured: 76 % and 23).
   */
  @Test
  void floodOfCollidingKeys_doesNotPinJunkForEver() {
    Cache<String, String> cache = CacheBuilder.newBuilder()
        .maximumSize(100)
        .evictionPolicy(EvictionPolicy.wTinyLfu())
        .executor(Runnable::run)
        .build();
    int junkKey = 0;
    for (; junkKey < 100; junkKey++) {
      cache.put(collidingKey(junkKey), "junk");
    }
    long hotHits = 0;
    long hotReads = 0;
    int rounds = 200_000;
    for (int round = 0; round < rounds; round++) {
      String junk = collidingKey(junkKey++ & 0xFFFF);
      if (cache.getIfPresent(junk) == null) {
        cache.put(junk, "junk");
      }
      String hot = "hot-" + (round % 90);
      boolean hit = cache.getIfPresent(hot) != null;
      if (!hit) {
        cache.put(hot, "hot");
      }
      if (round >= rounds / 2) {
        hotReads++;
        hotHits += hit ? 1 : 0;
      }
    }
    long junkResident = cache.asMap().values().stream().filter("junk"::equals).count();
    cache.close();

    assertEquals(collidingKey(0).hashCode(), collidingKey(0xFFFF).hashCode(), "the junk keys must collide");
    assertTrue(hotHits >= 0.70 * hotReads, "hot keys hit " + hotHits + " times of " + hotReads);
    assertTrue(junkResident < 30, junkResident + " junk entries are still pinned in the cache");
  }

  /** A 32-character string of "Aa" and "BB" blocks chosen by the bits of {@code n}; all share one hash code. */
  private static String collidingKey(int n) {
    StringBuilder key = new StringBuilder(32);
    for (int bit = 0; bit < 16; bit++) {
      key.append(((n >>> bit) & 1) == 0 ? "Aa" : "BB");
    }
    return key.toString();
  }

  /**
   * The goal of the issue: on every anchor point at least the lower end of Caffeine 3.3.1's measured range (traces
   * README, "Hit ratio (%) of Caffeine 3.3.1") minus two points. The numbers are the README's, never this build's.
   * {@code corda} is the test of the adaptive window: with the window fixed at 1 % of the cache (3 entries at 250),
   * each key is pushed out of the window before its second access, a few dozen requests later, and W-TinyLFU scores
   * 0.7 % at 250 entries and 1.3 % at 1,000 (measured with the climber switched off); {@code mixed} switches between
   * recency and frequency twice, so the window must move both ways. {@code orm-busy} (5 M accesses) is pinned in the
   * simulator's tests.
   */
  @ParameterizedTest(name = "{0} at {1} entries: at least Caffeine''s {2} % minus 2 points")
  @CsvSource({
      "GLIMPSE, 500, 32.24",
      "GLIMPSE, 1000, 50.81",
      "GLIMPSE, 1500, 53.57",
      "OLTP, 250, 23.60",
      "OLTP, 1000, 39.39",
      "OLTP, 2000, 45.92",
      "LOOP, 250, 23.12",
      "LOOP, 500, 47.61",
      "LOOP, 1000, 96.08",
      "CORDA, 250, 30.74",
      "CORDA, 1000, 28.94",
      "CORDA, 5000, 33.32",
      "MIXED, 256, 25.09",
      "MIXED, 512, 47.09",
      "MIXED, 1024, 93.14",
  })
  void hitRatio_onEachAnchorPoint_isAtLeastCaffeinesLowerBoundMinusTwoPoints(
      String trace, long size, double caffeineLowPercent) {
    long[] keys = trace.equals("MIXED") ? mixed() : Traces.keys(Trace.valueOf(trace));

    double hitRatio = (double) TraceOracleTest.replay(keys, size, EvictionPolicy.wTinyLfu()) / keys.length;

    double floor = caffeineLowPercent / 100 - 0.02;
    assertTrue(hitRatio >= floor, String.format(
        "hit ratio %.2f %% is below Caffeine's %.2f %% minus 2 points", 100 * hitRatio, caffeineLowPercent));
  }

  /** The README's "mixed" workload: corda, loop five times, corda, through one cache. */
  private static long[] mixed() {
    long[] corda = Traces.keys(Trace.CORDA);
    long[] loop = Traces.keys(Trace.LOOP);
    long[] keys = Arrays.copyOf(corda, 2 * corda.length + 5 * loop.length);
    for (int i = 0; i < 5; i++) {
      System.arraycopy(loop, 0, keys, corda.length + i * loop.length, loop.length);
    }
    System.arraycopy(corda, 0, keys, corda.length + 5 * loop.length, corda.length);
    return keys;
  }
}
