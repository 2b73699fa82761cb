package dev.cachelab.bench.sim;

import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.spi.time.TimeSource;
import org.ehcache.impl.internal.TimeSourceConfiguration;

/**
 * Replays a workload through raw Ehcache 3's heap tier ({@code ResourcePoolsBuilder.heap(n)}, counted in entries),
 * on a logical clock that ticks once per access.
 *
 * <p><b>What Ehcache does.</b> Its heap tier does not keep a recency list. It stamps each entry with the time of its
 * last access, and when a put takes it over capacity it samples 8 entries of its hash table and evicts the one last
 * accessed longest ago: an approximation of LRU that costs nothing on a read beyond writing a timestamp. In 3.12 the
 * sample is not random: each one resumes the walk through the table where the previous one stopped (the map keeps
 * "eviction traversers"), a sweep much like a CLOCK hand, so a replay is deterministic and gives the same hits every
 * time. (Earlier 3.x releases started each sample at a random bucket.)
 *
 * <p><b>Why a logical clock.</b> The timestamps come from Ehcache's {@link TimeSource}, by default the system clock in
 * milliseconds. A replay runs a million or more accesses a second, so hundreds of accesses share each timestamp and
 * many samples are ties, settled by the order the walk meets them in: the result depends on the machine's speed, and
 * is lower than Ehcache would score on the same accesses spread over real time (OLTP at 1,000 entries: 31.2 %
 * against 32.6 %; with 2 to 7 entries, 0.1–0.2 % against LRU's 0.8–0.9 %). A clock that advances by one per access
 * gives every access its own time, which is what the trace's order means. The get and the put of one access share
 * that tick.
 *
 * <p>Worked example, capacity 2 (the sample of 8 then covers every entry, so this is exact LRU): A at tick 1, a miss,
 * put with time 1; B at 2, a miss, put with 2; A at 3, a hit, A's time becomes 3; C at 4, a miss, put with 4, and the
 * cache holds three: the sample sees A 3, B 2, C 4 and evicts B. With the millisecond clock all four accesses would
 * likely share one timestamp, and the victim could as well be A, just read.
 *
 * <p><b>The hook.</b> {@link TimeSourceConfiguration}, passed to {@code CacheManagerBuilder.using}, is how Ehcache's
 * own tests drive time. It lives in {@code org.ehcache.impl.internal}, so it is not promised API: the build pins
 * Ehcache 3.12.0, and {@code SimulatorAnchorTest} pins the hit ratio this replay reaches with it.
 *
 * <p>Thread-safe: each replay builds its own cache manager and clock, used from the calling thread only.
 */
final class EhcacheReplay {

  private static final String ALIAS = "simulator";

  private EhcacheReplay() {}

  /**
   * Replays {@code keys} through a fresh heap-only Ehcache of {@code size} entries: {@code get}; a hit counts; on a
   * miss, {@code put}.
   *
   * @param keys the accesses, in order
   * @param size the heap tier's capacity in entries
   * @return how many accesses hit
   */
  static long hits(long[] keys, long size) {
    LogicalClock clock = new LogicalClock();
    try (CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
        .using(new TimeSourceConfiguration(clock))
        .withCache(ALIAS, CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class, Long.class,
            ResourcePoolsBuilder.heap(size)))
        .build(true)) {
      Cache<Long, Long> cache = manager.getCache(ALIAS, Long.class, Long.class);
      long hits = 0;
      for (long key : keys) {
        clock.tick();
        Long boxed = key;
        if (cache.get(boxed) != null) {
          hits++;
        } else {
          cache.put(boxed, boxed);
        }
      }
      return hits;
    }
  }

  /** Time as Ehcache sees it: the number of accesses so far. Used from the replaying thread only. */
  static final class LogicalClock implements TimeSource {
    private long now;

    void tick() {
      now++;
    }

    @Override
    public long getTimeMillis() {
      return now;
    }
  }
}
