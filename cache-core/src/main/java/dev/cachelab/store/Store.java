package dev.cachelab.store;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a cache keeps its entries: the service provider interface that every store implements and the cache facade
 * runs on. A store owns storage and its own bound (it evicts to stay within {@link StoreConfig#maximum()} and reports
 * each eviction to {@link StoreConfig#evictionListener()}); the facade owns everything else — loading, single flight,
 * expiry decisions, statistics, removal notifications — so the semantics are the same on every store.
 *
 * <p>What a store keeps for each key is a {@link Stamped} entry: the user's value with its write identity and times.
 * The operations read like {@link java.util.concurrent.ConcurrentMap}'s; the conditional ones ({@link #replace},
 * {@link #remove(Object, Stamped)}) compare <em>write identities</em> ({@link Stamped#sameWrite}), never values, so
 * they work the same on a store that keeps the facade's instances and on one that keeps serialized copies (a disk,
 * Redis), where they must be atomic (one lock, one file rename, one server-side script).
 *
 * <p>Implementations must be thread-safe. A store that talks to something that can fail (a disk, a server) throws
 * {@link StoreException}; the facade then counts the error and treats the operation as a miss. Keys and entries are
 * never null.
 *
 * @param <K> the key type
 * @param <V> the user's value type
 */
public interface Store<K, V> extends AutoCloseable {

  /**
   * Returns the entry for {@code key}, or {@code null}, and records the use for the store's eviction.
   *
   * @param key the key
   * @return the entry, or {@code null}
   * @throws StoreException if the store could not be read
   */
  Stamped<V> get(K key);

  /**
   * Returns the entries present for {@code keys}, as {@link #get} would one by one; a remote store answers in one
   * round trip (Redis: {@code MGET}). The default calls {@link #get} for each key.
   *
   * @param keys the keys, without duplicates
   * @return the entries found, keyed by the given keys; absent keys are left out
   * @throws StoreException if the store could not be read
   */
  default Map<K, Stamped<V>> getAll(Collection<? extends K> keys) {
    Map<K, Stamped<V>> found = new LinkedHashMap<>();
    for (K key : keys) {
      Stamped<V> entry = get(key);
      if (entry != null) {
        found.put(key, entry);
      }
    }
    return found;
  }

  /**
   * Stores {@code entry} for {@code key}, evicting other entries if the bound requires it.
   *
   * @param key the key
   * @param entry the entry
   * @return the entry it replaced, or {@code null}
   * @throws StoreException if the store could not be written
   */
  Stamped<V> put(K key, Stamped<V> entry);

  /**
   * Stores {@code entry} for {@code key} as {@link #put} does, without returning what it replaced. The cache calls
   * it for a {@code put} when nobody needs the old entry (no removal listener, nothing that expires), so a store that
   * must do extra work to hand the old entry back — Ehcache has no get-and-put, the directory store reads the old
   * file, Redis sends it over the network — can skip that work. The default calls {@link #put}.
   *
   * @param key the key
   * @param entry the entry
   * @throws StoreException if the store could not be written
   */
  default void set(K key, Stamped<V> entry) {
    put(key, entry);
  }

  /**
   * Writes several entries, as {@link #put} would one by one; a remote store sends them in one round trip (Redis: a
   * pipeline). The default calls {@link #put} for each.
   *
   * @param entries the entries to write
   * @return the entries they replaced, keyed by key; keys that held nothing are left out
   * @throws StoreException if the store could not be written (some entries may have been)
   */
  default Map<K, Stamped<V>> putAll(Map<K, Stamped<V>> entries) {
    Map<K, Stamped<V>> replaced = new LinkedHashMap<>();
    entries.forEach((key, entry) -> {
      Stamped<V> old = put(key, entry);
      if (old != null) {
        replaced.put(key, old);
      }
    });
    return replaced;
  }

  /**
   * Replaces the entry for {@code key} with {@code entry}, but only if the store still holds the write of
   * {@code expected} (the same {@link Stamped#writeId()}). The cache uses it to save a read's extension of an entry's
   * access lifetime ({@link Stamped#touchedAt}) and to store a refresh's result: neither may bring back a value that a
   * later write replaced or removed.
   *
   * @param key the key
   * @param expected the entry the cache read
   * @param entry the entry to store in its place
   * @return {@code true} if it replaced the entry
   * @throws StoreException if the store could not be written
   */
  boolean replace(K key, Stamped<V> expected, Stamped<V> entry);

  /**
   * Removes the entry for {@code key}.
   *
   * @param key the key
   * @return the entry it held, or {@code null}
   * @throws StoreException if the store could not be written
   */
  Stamped<V> remove(K key);

  /**
   * Removes the entry for {@code key}, but only if it is still the write of {@code expected}: how the cache drops an
   * expired entry without dropping a newer write made meanwhile (possibly by another process).
   *
   * @param key the key
   * @param expected the entry the cache read
   * @return {@code true} if it removed the entry
   * @throws StoreException if the store could not be written
   */
  boolean remove(K key, Stamped<V> expected);

  /**
   * Removes every entry, without notifying anyone.
   *
   * @throws StoreException if the store could not be written
   */
  void clear();

  /**
   * Returns a weakly consistent iterator over the entries: it reflects some state at or after its creation, never
   * throws {@link java.util.ConcurrentModificationException}, and does not count as a use of the entries. If the
   * store fails part way, the iterator's {@code hasNext} or {@code next} throws {@link StoreException}; it must never
   * just end, which would look like the last entry (the cache counts the error and ends its sweep). An entry that does
   * not decode is deleted and skipped, as a read of it would be.
   *
   * @return an iterator over the current entries
   * @throws StoreException if the store could not be read
   */
  Iterator<Map.Entry<K, Stamped<V>>> iterator();

  /**
   * Returns the approximate number of entries.
   *
   * @return the approximate number of entries
   */
  long estimatedSize();

  /** Performs pending maintenance: when it returns, the bound holds and every eviction has been reported. */
  void cleanUp();

  /**
   * Coordinates a load of {@code key} with the other processes that share this store (distributed single flight).
   * The cache calls it after its own, in-process single flight chose this thread to load and the store had nothing
   * live for the key, and closes the lease when the load's result is stored or the load failed. A store that is not
   * shared has nothing to coordinate, which is the default.
   *
   * @param key the key about to be loaded
   * @return a lease; its {@link LoadLease#entry()} is non-null when another process produced the entry meanwhile
   * @throws StoreException if the store could not be asked (the cache then loads without coordination)
   */
  default LoadLease<V> beginLoad(K key) {
    return LoadLease.none();
  }

  /** Releases what the store created. Idempotent. */
  @Override
  void close();
}
