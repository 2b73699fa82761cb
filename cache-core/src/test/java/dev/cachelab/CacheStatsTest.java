package dev.cachelab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CacheStatsTest {

  @Test
  void rates_followGuavaAndCaffeine_includingNoRequests() {
    assertEquals(1.0, CacheStats.empty().hitRate());
    assertEquals(0.0, CacheStats.empty().missRate());
    CacheStats stats = new CacheStats(3, 1, 2, 2, 400, 0, 0, 0, 0, 0, 0);
    assertEquals(0.75, stats.hitRate());
    assertEquals(0.25, stats.missRate());
    assertEquals(100.0, stats.averageLoadPenalty());
  }

  @Test
  void minus_givesTheCountsSinceAnEarlierSnapshot() {
    CacheStats earlier = new CacheStats(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    CacheStats later = new CacheStats(5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3);
    assertEquals(new CacheStats(4, 3, 2, 1, 8, 7, 6, 5, 4, 3, 2), later.minus(earlier));
  }
}
