package dev.cachelab.redis;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the near cache's L1 did, apart from the cache's own {@link dev.cachelab.CacheStats} (which count the cache's
 * hits and misses whatever tier answered). A snapshot; get one from {@link NearCacheStoreFactory#stats()}.
 *
 * @param l1HitCount reads answered from L1, without a round trip
 * @param redisHitCount reads that missed L1 and found the entry in Redis
 * @param redisMissCount reads that missed L1 and found nothing in Redis
 * @param invalidationCount keys invalidated by Redis (a write by any client, this one included)
 * @param l1ClearCount times L1 was emptied: a {@code FLUSHALL}/{@code FLUSHDB}, a lost or re-established
 *     invalidation stream, or the cache's {@code invalidateAll}
 * @param lossCount times the invalidation stream was lost (a connection broke or went silent, Redis restarted, the
 *     Cluster's masters changed)
 * @param installRefusedCount reads whose value was not put into L1 because an invalidation, flush or loss arrived
 *     while they were in flight
 * @param localTouchCount access-expiry extensions kept in L1 instead of written to Redis
 */
public record NearCacheStats(long l1HitCount, long redisHitCount, long redisMissCount, long invalidationCount,
    long l1ClearCount, long lossCount, long installRefusedCount, long localTouchCount) {

  /** The live counters of one store. */
  static final class Counters {
    final LongAdder l1Hits = new LongAdder();
    final LongAdder redisHits = new LongAdder();
    final LongAdder redisMisses = new LongAdder();
    final LongAdder invalidations = new LongAdder();
    final LongAdder l1Clears = new LongAdder();
    final LongAdder losses = new LongAdder();
    final LongAdder installsRefused = new LongAdder();
    final LongAdder localTouches = new LongAdder();

    NearCacheStats snapshot() {
      return new NearCacheStats(l1Hits.sum(), redisHits.sum(), redisMisses.sum(), invalidations.sum(),
          l1Clears.sum(), losses.sum(), installsRefused.sum(), localTouches.sum());
    }
  }

  /** The sum of two snapshots. */
  NearCacheStats plus(NearCacheStats other) {
    return new NearCacheStats(l1HitCount + other.l1HitCount, redisHitCount + other.redisHitCount,
        redisMissCount + other.redisMissCount, invalidationCount + other.invalidationCount,
        l1ClearCount + other.l1ClearCount, lossCount + other.lossCount,
        installRefusedCount + other.installRefusedCount, localTouchCount + other.localTouchCount);
  }
}
