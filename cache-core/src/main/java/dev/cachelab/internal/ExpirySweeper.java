package dev.cachelab.internal;

import dev.cachelab.Ticker;
import dev.cachelab.store.Stamped;
import java.util.Iterator;
import java.util.Map;

/**
 * Removes a cache's expired entries that no read has come across: on {@code cleanUp()} by sweeping the whole store,
 * and, when the cache has a {@link dev.cachelab.Scheduler}, at each entry's expiry through an {@link ExpiryTimer}.
 * An entry still within its {@code staleIfError} grace stays (it may yet be served when a reload fails). Each removal
 * is conditional on the entry still being the write that expired, and is reported {@code EXPIRED} by the cache.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ExpirySweeper<K, V> {

  private final CacheFacade<K, V> cache;
  private final StoreCalls<K, V> store;
  private final Ticker ticker;
  private final long staleIfErrorNanos;
  /** Books the wake-ups; {@code null} without a scheduler (expiry is then lazy). */
  private final ExpiryTimer<K> timer;

  ExpirySweeper(CacheFacade<K, V> cache, StoreCalls<K, V> store, Ticker ticker, long staleIfErrorNanos,
      dev.cachelab.Scheduler scheduler) {
    this.cache = cache;
    this.store = store;
    this.ticker = ticker;
    this.staleIfErrorNanos = staleIfErrorNanos;
    this.timer = (scheduler == null) ? null : new ExpiryTimer<>(scheduler, () -> cache.runInBackground(this::due));
  }

  /** Books a wake-up for the expiry of {@code key}'s entry, just written; nothing without a scheduler. */
  void schedule(K key, long now) {
    if (timer == null) {
      return;
    }
    Stamped<V> entry = store.get(key);
    if (entry != null && entry.expires()) {
      timer.schedule(key, saturatedAdd(Math.max(0, entry.remaining(now)), staleIfErrorNanos), now);
    }
  }

  /** Removes the entries whose time (plus any stale-if-error grace) has run out; the scheduler's wake-up. */
  private void due() {
    if (cache.isClosed()) {
      return;
    }
    long now = ticker.read();
    for (K key : timer.due(now)) {
      Stamped<V> entry = store.get(key);
      if (entry == null) {
        continue;
      }
      if (overdue(entry, now)) {
        cache.removeExpired(key, entry);
      } else if (entry.expires()) {
        // Extended by reads since it was scheduled: look again when its new time comes.
        timer.schedule(key, saturatedAdd(Math.max(0, entry.remaining(now)), staleIfErrorNanos), now);
      }
    }
    timer.rearm(now);
  }

  /** Sweeps the whole store for expired entries; what {@code cleanUp()} does. */
  void sweep() {
    long now = ticker.read();
    Iterator<Map.Entry<K, Stamped<V>>> entries = store.iterator();
    while (entries.hasNext()) {
      Map.Entry<K, Stamped<V>> entry = entries.next();
      if (overdue(entry.getValue(), now)) {
        cache.removeExpired(entry.getKey(), entry.getValue());
      }
    }
  }

  private boolean overdue(Stamped<V> entry, long now) {
    long overdue = -entry.remaining(now);
    return overdue >= 0 && (entry.isAbsent() || overdue >= staleIfErrorNanos);
  }

  /** Stops the wake-ups. */
  void cancel() {
    if (timer != null) {
      timer.cancel();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return (sum < 0) ? Long.MAX_VALUE : sum;
  }
}
