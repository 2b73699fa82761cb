package dev.cachelab.internal;

import dev.cachelab.CacheStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what {@link CacheStats} reports. A cache built without {@code recordStats()} gets {@link #DISABLED}, a null
 * object whose methods do nothing, so the facade records unconditionally and pays one empty call where a cache does not
 * count. The recording counter keeps one {@link LongAdder} per statistic, so threads that count at once do not
 * contend. Thread-safe.
 */
abstract class StatsCounter {

  /** Counts nothing; its snapshot is all zeros. */
  static final StatsCounter DISABLED = new StatsCounter() {
    @Override void hit() {}
    @Override void miss() {}
    @Override void load(boolean success, long nanos) {}
    @Override void eviction() {}
    @Override void expiration() {}
    @Override void refresh(boolean success) {}
    @Override void staleServed() {}
    @Override void storeError() {}
    @Override CacheStats snapshot() {
      return CacheStats.empty();
    }
  };

  /** A counter that records; one per cache. */
  static StatsCounter recording() {
    return new Recording();
  }

  abstract void hit();

  abstract void miss();

  /** A load (single or bulk) that succeeded or failed, after {@code nanos}. */
  abstract void load(boolean success, long nanos);

  abstract void eviction();

  abstract void expiration();

  abstract void refresh(boolean success);

  abstract void staleServed();

  abstract void storeError();

  abstract CacheStats snapshot();

  private static final class Recording extends StatsCounter {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loadSuccesses = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadTimeNanos = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder refreshSuccesses = new LongAdder();
    private final LongAdder refreshFailures = new LongAdder();
    private final LongAdder staleServed = new LongAdder();
    private final LongAdder storeErrors = new LongAdder();

    @Override
    void hit() {
      hits.increment();
    }

    @Override
    void miss() {
      misses.increment();
    }

    @Override
    void load(boolean success, long nanos) {
      (success ? loadSuccesses : loadFailures).increment();
      loadTimeNanos.add(Math.max(0, nanos));
    }

    @Override
    void eviction() {
      evictions.increment();
    }

    @Override
    void expiration() {
      expirations.increment();
    }

    @Override
    void refresh(boolean success) {
      (success ? refreshSuccesses : refreshFailures).increment();
    }

    @Override
    void staleServed() {
      staleServed.increment();
    }

    @Override
    void storeError() {
      storeErrors.increment();
    }

    @Override
    CacheStats snapshot() {
      return new CacheStats(hits.sum(), misses.sum(), loadSuccesses.sum(), loadFailures.sum(), loadTimeNanos.sum(),
          evictions.sum(), expirations.sum(), refreshSuccesses.sum(), refreshFailures.sum(), staleServed.sum(),
          storeErrors.sum());
    }
  }
}
