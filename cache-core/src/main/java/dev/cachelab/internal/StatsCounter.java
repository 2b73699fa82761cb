package dev.cachelab.internal;

import dev.cachelab.CacheStats;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link CacheStats}, one {@link LongAdder} each so that readers on many threads do not contend. */
final class StatsCounter {

  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loadSuccesses = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder loadTimeNanos = new LongAdder();
  final LongAdder evictions = new LongAdder();
  final LongAdder expirations = new LongAdder();
  final LongAdder refreshSuccesses = new LongAdder();
  final LongAdder refreshFailures = new LongAdder();
  final LongAdder staleServed = new LongAdder();
  final LongAdder storeErrors = new LongAdder();

  CacheStats snapshot() {
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        loadSuccesses.sum(),
        loadFailures.sum(),
        loadTimeNanos.sum(),
        evictions.sum(),
        expirations.sum(),
        refreshSuccesses.sum(),
        refreshFailures.sum(),
        staleServed.sum(),
        storeErrors.sum());
  }
}
