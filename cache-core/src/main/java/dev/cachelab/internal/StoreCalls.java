package dev.cachelab.internal;

import dev.cachelab.Ticker;
import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The facade's calls of its {@link Store}, with a failing store translated into a miss: a {@link StoreException} is
 * counted in {@code storeErrorCount}, logged at most once every 10 seconds, and the call answers as if the entry were
 * absent (a read finds nothing, a write did not happen, an iteration ends). Any other exception — a
 * {@link dev.cachelab.codec.CodecMismatchException} from a codec that does not fit, a bug — passes through to the
 * caller. Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class StoreCalls<K, V> {

  private static final System.Logger LOG = System.getLogger(StoreCalls.class.getName());
  private static final long LOG_INTERVAL = TimeUnit.SECONDS.toNanos(10);

  private final String cacheName;
  private final Store<K, V> store;
  private final StatsCounter stats;
  private final Ticker ticker;
  private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE);

  StoreCalls(String cacheName, Store<K, V> store, StatsCounter stats, Ticker ticker) {
    this.cacheName = cacheName;
    this.store = store;
    this.stats = stats;
    this.ticker = ticker;
  }

  Stamped<V> get(K key) {
    try {
      return store.get(key);
    } catch (StoreException e) {
      failed(e);
      return null;
    }
  }

  /**
   * The read that starts a caller's lookup. A store that fails closed ({@link StoreException#failClosed()}) has its
   * failure reach the caller here, before any load is registered, so no waiter can be stranded; everywhere else a
   * store failure is a miss.
   */
  Stamped<V> read(K key) {
    try {
      return store.get(key);
    } catch (StoreException e) {
      failedOrRethrow(e);
      return null;
    }
  }

  /** {@link #read} of several keys in one call to the store (one round trip on a remote store). */
  Map<K, Stamped<V>> readAll(Collection<K> keys) {
    try {
      return store.getAll(keys);
    } catch (StoreException e) {
      failedOrRethrow(e);
      return Map.of();
    }
  }

  /** An explicit write ({@code put}): a fail-closed store's failure reaches the caller. */
  Stamped<V> write(K key, Stamped<V> entry) {
    try {
      return store.put(key, entry);
    } catch (StoreException e) {
      failedOrRethrow(e);
      return null;
    }
  }

  /** {@link #write} for a caller that does not need the replaced entry ({@link Store#set}). */
  void overwrite(K key, Stamped<V> entry) {
    try {
      store.set(key, entry);
    } catch (StoreException e) {
      failedOrRethrow(e);
    }
  }

  /** {@link #write} of several entries in one call to the store; returns what each replaced. */
  Map<K, Stamped<V>> writeAll(Map<K, Stamped<V>> entries) {
    try {
      return store.putAll(entries);
    } catch (StoreException e) {
      failedOrRethrow(e);
      return Map.of();
    }
  }

  /** An explicit removal ({@code invalidate}): a fail-closed store's failure reaches the caller. */
  Stamped<V> delete(K key) {
    try {
      return store.remove(key);
    } catch (StoreException e) {
      failedOrRethrow(e);
      return null;
    }
  }

  Stamped<V> put(K key, Stamped<V> entry) {
    try {
      return store.put(key, entry);
    } catch (StoreException e) {
      failed(e);
      return null;
    }
  }

  boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
    try {
      return store.replace(key, expected, entry);
    } catch (StoreException e) {
      failed(e);
      return false;
    }
  }

  Stamped<V> remove(K key) {
    try {
      return store.remove(key);
    } catch (StoreException e) {
      failed(e);
      return null;
    }
  }

  boolean remove(K key, Stamped<V> expected) {
    try {
      return store.remove(key, expected);
    } catch (StoreException e) {
      failed(e);
      return false;
    }
  }

  /** A lease, or none when the store cannot be asked: the cache then loads without coordination. */
  LoadLease<V> beginLoad(K key) {
    try {
      return store.beginLoad(key);
    } catch (StoreException e) {
      failed(e);
      return LoadLease.none();
    }
  }

  void clear() {
    try {
      store.clear();
    } catch (StoreException e) {
      failed(e);
    }
  }

  void cleanUp() {
    try {
      store.cleanUp();
    } catch (StoreException e) {
      failed(e);
    }
  }

  long estimatedSize() {
    return store.estimatedSize();
  }

  void close() {
    store.close();
  }

  /**
   * The store's iterator, ending early when the store fails: a failure to start or to go on is counted and logged as
   * any store error, and the iteration ends there (as a failed read is a miss), so a sweep such as
   * {@code invalidateAll()} or {@code cleanUp()} does what it could and the caller is not thrown an exception.
   */
  Iterator<Map.Entry<K, Stamped<V>>> iterator() {
    Iterator<Map.Entry<K, Stamped<V>>> entries;
    try {
      entries = store.iterator();
    } catch (StoreException e) {
      failed(e);
      return Collections.emptyIterator();
    }
    return new Iterator<>() {
      private boolean failed;

      @Override
      public boolean hasNext() {
        if (failed) {
          return false;
        }
        try {
          return entries.hasNext();
        } catch (StoreException e) {
          failed = true;
          failed(e);
          return false;
        }
      }

      @Override
      public Map.Entry<K, Stamped<V>> next() {
        if (failed) {
          throw new NoSuchElementException();
        }
        try {
          return entries.next();
        } catch (StoreException e) {
          failed = true;
          failed(e);
          throw new NoSuchElementException("the store failed during the iteration: " + e.getMessage());
        }
      }
    };
  }

  /** Counts a store error, then rethrows it if the store fails closed ({@link StoreException#failClosed()}). */
  private void failedOrRethrow(StoreException e) {
    failed(e);
    if (e.failClosed()) {
      throw e;
    }
  }

  /** Counts a store error and logs it, at most once per interval so that a store that is down cannot flood the log. */
  private void failed(StoreException e) {
    stats.storeError();
    long now = ticker.read();
    long last = lastLog.get();
    if ((last == Long.MIN_VALUE || now - last >= LOG_INTERVAL) && lastLog.compareAndSet(last, now)) {
      LOG.log(System.Logger.Level.WARNING, "cache '" + cacheName + "': store failed, treated as a miss "
          + "(further store errors are logged at most every 10 s and counted in stats)", e);
    }
  }
}
