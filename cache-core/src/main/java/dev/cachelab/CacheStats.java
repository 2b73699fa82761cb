package dev.cachelab;

/**
 * A snapshot of a cache's counters. Every cache and every store reports the same fields; a field stays zero until
 * the feature behind it is used. Counters are kept only when the cache was built with
 * {@link CacheBuilder#recordStats()}; otherwise every field is zero.
 *
 * <p>Counting follows Caffeine and Guava: a {@code getIfPresent} that finds nothing is a miss; {@code get(key,
 * loader)} on a cold key is one miss and one load (a success, or a failure if the loader threw or returned
 * {@code null}); the same call once the value is cached is one hit.
 *
 * @param hitCount lookups that found a value
 * @param missCount lookups that found nothing
 * @param loadSuccessCount loads that produced a value
 * @param loadFailureCount loads that threw or returned {@code null}
 * @param totalLoadTimeNanos time spent in loads, successful or not, read from the cache's {@link Ticker}; a load
 *     that calls the cache for other keys (memoized recursion) includes the time of those nested loads, which are
 *     counted again on their own, so for recursive loaders this sum exceeds the wall-clock time
 * @param evictionCount entries removed to respect the size or weight bound
 * @param expirationCount entries removed because their time ran out
 * @param refreshSuccessCount background reloads that replaced a value
 * @param refreshFailureCount background reloads that failed (the old value was kept)
 * @param staleServedCount reads answered with an expired value because the loader failed
 * @param storeErrorCount store operations that failed and were treated as misses
 */
public record CacheStats(
    long hitCount,
    long missCount,
    long loadSuccessCount,
    long loadFailureCount,
    long totalLoadTimeNanos,
    long evictionCount,
    long expirationCount,
    long refreshSuccessCount,
    long refreshFailureCount,
    long staleServedCount,
    long storeErrorCount) {

  private static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * Returns the statistics with every counter at zero.
   *
   * @return the empty statistics
   */
  public static CacheStats empty() {
    return EMPTY;
  }

  /**
   * Returns the number of lookups: hits plus misses.
   *
   * @return {@code hitCount + missCount}
   */
  public long requestCount() {
    return hitCount + missCount;
  }

  /**
   * Returns the fraction of lookups that were hits, or 1.0 when there were none (as Guava and Caffeine do).
   *
   * @return a value from 0.0 to 1.0
   */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) hitCount / requests;
  }

  /**
   * Returns the fraction of lookups that were misses, or 0.0 when there were none.
   *
   * @return a value from 0.0 to 1.0
   */
  public double missRate() {
    long requests = requestCount();
    return requests == 0 ? 0.0 : (double) missCount / requests;
  }

  /**
   * Returns the number of loads, successful or not.
   *
   * @return {@code loadSuccessCount + loadFailureCount}
   */
  public long loadCount() {
    return loadSuccessCount + loadFailureCount;
  }

  /**
   * Returns the mean time of a load, in nanoseconds, or 0.0 when there were none.
   *
   * @return {@code totalLoadTimeNanos / loadCount()}
   */
  public double averageLoadPenalty() {
    long loads = loadCount();
    return loads == 0 ? 0.0 : (double) totalLoadTimeNanos / loads;
  }

  /**
   * Returns the counters accumulated since {@code earlier} was taken, each floored at zero.
   *
   * @param earlier an older snapshot of the same cache
   * @return this snapshot minus {@code earlier}
   */
  public CacheStats minus(CacheStats earlier) {
    return new CacheStats(
        Math.max(0, hitCount - earlier.hitCount),
        Math.max(0, missCount - earlier.missCount),
        Math.max(0, loadSuccessCount - earlier.loadSuccessCount),
        Math.max(0, loadFailureCount - earlier.loadFailureCount),
        Math.max(0, totalLoadTimeNanos - earlier.totalLoadTimeNanos),
        Math.max(0, evictionCount - earlier.evictionCount),
        Math.max(0, expirationCount - earlier.expirationCount),
        Math.max(0, refreshSuccessCount - earlier.refreshSuccessCount),
        Math.max(0, refreshFailureCount - earlier.refreshFailureCount),
        Math.max(0, staleServedCount - earlier.staleServedCount),
        Math.max(0, storeErrorCount - earlier.storeErrorCount));
  }
}
