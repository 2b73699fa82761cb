package dev.cachelab.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LFU through the public API: frequency decides, and aging lets old popularity fade. */
class LfuTest {

  private final List<String> victims = new ArrayList<>();

  @Test
  void lfu_evictsTheLeastFrequentlyUsed_evenIfItWasUsedMostRecently() {
    Cache<String, String> cache = lfuCache(3);
    cache.put("A", "a");
    cache.put("B", "b");
    cache.put("C", "c");
    read(cache, "A", 2);
    read(cache, "C", 2);
    read(cache, "B", 1); // uses: A 3, B 2, C 3; B is the most recently used, A the least and the oldest

    cache.put("D", "d");

    // LRU and FIFO would both evict A here; only counting uses singles out B.
    assertEquals(List.of("B"), victims);
  }

  /**
   * OLD is read 200 times, then never again; NEW is read 150 times afterwards. Without aging OLD keeps 201 uses
   * against NEW's 151 (both below the saturation at 255), so pure LFU would evict NEW — the entry everyone is using
   * now — and this test would fail. With aging, every halving during NEW's reads cuts OLD's count while NEW keeps
   * earning uses, so OLD is evicted. The counts are larger than the aging period of a small cache (64 events), so
   * the test does not depend on the period's exact value.
   */
  @Test
  void lfu_withAging_evictsAnEntryThatWasHotLongAgoBeforeOneThatIsHotNow() {
    Cache<String, String> cache = lfuCache(2);
    cache.put("OLD", "old");
    read(cache, "OLD", 200);
    cache.put("NEW", "new");
    read(cache, "NEW", 150);

    cache.put("NEWCOMER", "newcomer");

    assertEquals(List.of("OLD"), victims);
    assertNotNull(cache.getIfPresent("NEW"));
  }

  private static void read(Cache<String, String> cache, String key, int times) {
    for (int i = 0; i < times; i++) {
      assertNotNull(cache.getIfPresent(key), key);
    }
  }

  private Cache<String, String> lfuCache(long size) {
    return CacheBuilder.newBuilder()
        .maximumSize(size)
        .evictionPolicy(EvictionPolicy.lfu())
        .executor(Runnable::run)
        .removalListener((String key, String value, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            victims.add(key);
          }
        })
        .build();
  }
}
