package dev.cachelab.jcache;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * JCache's statistics of one cache, counted by the JCache layer as the specification defines them (which differ from
 * cachelab's {@code CacheStats}: a {@code putIfAbsent} that finds a value is a hit, expired entries count as
 * evictions, and so on). Counts only while enabled. Registered as the cache's {@code CacheStatistics} MXBean.
 *
 * <p>Thread-safe.
 */
final class Statistics implements CacheStatisticsMXBean {

  private volatile boolean enabled;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getTimeNanos = new LongAdder();
  private final LongAdder putTimeNanos = new LongAdder();
  private final LongAdder removeTimeNanos = new LongAdder();

  boolean isEnabled() {
    return enabled;
  }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  void hits(long n) {
    if (enabled && n > 0) {
      hits.add(n);
    }
  }

  void misses(long n) {
    if (enabled && n > 0) {
      misses.add(n);
    }
  }

  void puts(long n) {
    if (enabled && n > 0) {
      puts.add(n);
    }
  }

  void removals(long n) {
    if (enabled && n > 0) {
      removals.add(n);
    }
  }

  void evictions(long n) {
    if (enabled && n > 0) {
      evictions.add(n);
    }
  }

  void getTime(long nanos) {
    if (enabled) {
      getTimeNanos.add(nanos);
    }
  }

  void putTime(long nanos) {
    if (enabled) {
      putTimeNanos.add(nanos);
    }
  }

  void removeTime(long nanos) {
    if (enabled) {
      removeTimeNanos.add(nanos);
    }
  }

  @Override
  public void clear() {
    for (LongAdder counter : new LongAdder[] {hits, misses, puts, removals, evictions, getTimeNanos, putTimeNanos,
        removeTimeNanos}) {
      counter.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long requests = getCacheGets();
    return requests == 0 ? 0 : 100f * getCacheHits() / requests;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long requests = getCacheGets();
    return requests == 0 ? 0 : 100f * getCacheMisses() / requests;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getTimeNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putTimeNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeTimeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long totalNanos, long count) {
    return count == 0 ? 0 : (totalNanos / 1000f) / count;
  }
}
