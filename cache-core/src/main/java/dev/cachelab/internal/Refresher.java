package dev.cachelab.internal;

import dev.cachelab.RemovalCause;
import dev.cachelab.Ticker;
import dev.cachelab.internal.CacheFacade.AsyncLoader;
import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cache's background reloads ({@code refreshAfterWrite}, XFetch's early refresh, {@code LoadingCache.refresh}):
 * at most one per key at a time, run on the executor while readers keep getting the current value.
 *
 * <p>A reload's value replaces the entry only if that entry is still the one it started from (the same write, compared
 * by the store's conditional {@code replace}): a write since then — a put, an invalidation, a newer load — wins, and
 * an expired entry that was removed is not brought back. A user's write also marks a running reload as
 * {@linkplain #supersede superseded}, under the key's lock stripe, so its result is discarded. On a shared store
 * the reload takes the store's load lease first, so one process refreshes a key at a time.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Refresher<K, V> {

  private static final System.Logger LOG = System.getLogger(Refresher.class.getName());

  /** One background reload in progress, of the entry it started from. */
  private static final class Refresh<V> {
    final Stamped<V> base;
    final CompletableFuture<V> result = new CompletableFuture<>();
    /** Guarded by the key's stripe lock. */
    boolean superseded;

    Refresh(Stamped<V> base) {
      this.base = base;
    }
  }

  private final CacheFacade<K, V> cache;
  private final StoreCalls<K, V> store;
  private final StatsCounter stats;
  private final Ticker ticker;
  private final Lifetimes<K, V> lifetimes;
  private final ConcurrentHashMap<K, Refresh<V>> refreshes = new ConcurrentHashMap<>();

  Refresher(CacheFacade<K, V> cache, StoreCalls<K, V> store, StatsCounter stats, Ticker ticker,
      Lifetimes<K, V> lifetimes) {
    this.cache = cache;
    this.store = store;
    this.stats = stats;
    this.ticker = ticker;
    this.lifetimes = lifetimes;
  }

  /** The keys being reloaded now. */
  Iterable<K> keys() {
    return refreshes.keySet();
  }

  /** Starts one reload of {@code key} on the executor, unless one is already running; returns its future. */
  CompletableFuture<V> start(K key, Stamped<V> base, AsyncLoader<K, V> reload) {
    Refresh<V> mine = new Refresh<>(base);
    Refresh<V> running = refreshes.putIfAbsent(key, mine);
    if (running != null) {
      return running.result;
    }
    cache.runInBackground(() -> run(key, mine, reload));
    return mine.result;
  }

  /** A write of {@code key} overtook a running reload: its result will be discarded. Caller holds the stripe. */
  void supersede(K key) {
    Refresh<V> refresh = refreshes.get(key);
    if (refresh != null) {
      refresh.superseded = true;
    }
  }

  private void run(K key, Refresh<V> refresh, AsyncLoader<K, V> reload) {
    LoadLease<V> lease = store.beginLoad(key); // one process refreshes a key at a time
    Stamped<V> produced = lease.entry();
    if (produced != null) { // another process refreshed it meanwhile: its write is in the store already
      lease.close();
      refreshes.remove(key, refresh);
      refresh.result.complete(produced.value());
      return;
    }
    long start = ticker.read();
    CompletableFuture<? extends V> pending;
    try {
      pending = Objects.requireNonNull(reload.start(key), "the async loader returned a null future");
    } catch (Throwable failure) {
      lease.close();
      failed(key, refresh, failure);
      return;
    }
    pending.whenComplete((value, failure) -> {
      try {
        if (failure != null) {
          failed(key, refresh, CacheFacade.unwrap(failure));
        } else {
          done(key, refresh, value, start);
        }
      } finally {
        lease.close();
      }
    });
  }

  private void failed(K key, Refresh<V> refresh, Throwable failure) {
    refreshes.remove(key, refresh);
    stats.refresh(false);
    LOG.log(System.Logger.Level.DEBUG, "cache '" + cache.name() + "': refresh of key " + key + " failed; "
        + "the current value is kept until it expires", failure);
    refresh.result.completeExceptionally(failure);
  }

  /** Stores a reload's value if the entry it refreshed is still the one in the store. */
  private void done(K key, Refresh<V> refresh, V value, long start) {
    long now = ticker.read();
    Stamped<V> replaced = null;
    boolean stored = false;
    ReentrantLock lock = cache.stripe(key);
    lock.lock();
    Notifier.locked(); // evictions the write causes are reported once the lock is released
    try {
      refreshes.remove(key, refresh);
      if (!refresh.superseded && !cache.isClosed()) {
        Stamped<V> base = refresh.base;
        boolean keep = value != null || lifetimes.cachesAbsence();
        if (base == null) { // a refresh of a key that had nothing: store only if still nothing
          if (keep && store.get(key) == null) {
            replaced = store.put(key, lifetimes.stamp(key, value, cache.writeTime(), now - start, null));
            stored = true;
          }
        } else if (keep) {
          stored = store.replace(key, base, lifetimes.stamp(key, value, cache.writeTime(), now - start, base));
          replaced = stored ? base : null;
        } else if (store.remove(key, base)) {
          replaced = base;
        }
      }
    } catch (RuntimeException e) { // the store refused the value: the refresh fails, nobody waits for it forever
      refresh.result.completeExceptionally(e);
      throw e;
    } finally {
      lock.unlock();
      Notifier.unlocked();
    }
    if (stored) {
      stats.refresh(true);
      cache.written(key, replaced, now);
    } else if (replaced != null && !replaced.isAbsent()) {
      cache.notifyRemoval(key, replaced.value(), RemovalCause.EXPLICIT);
    }
    refresh.result.complete(value);
  }
}
