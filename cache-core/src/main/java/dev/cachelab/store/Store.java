package dev.cachelab.store;

import java.util.Iterator;
import java.util.Map;

/**
 * Where a cache keeps its entries: the service provider interface that every store implements and the cache facade
 * runs on. A store owns storage and its own bound (it evicts to stay within {@link StoreConfig#maximum()} and reports
 * each eviction to {@link StoreConfig#evictionListener()}); the facade owns everything else — loading, single flight,
 * statistics, removal notifications — so the semantics are the same on every store.
 *
 * <p>Implementations must be thread-safe. A store that talks to something that can fail (a disk, a server) throws
 * {@link StoreException}; the facade then counts the error and treats the operation as a miss. Keys and values are
 * never null.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Store<K, V> extends AutoCloseable {

  /**
   * Returns the value for {@code key}, or {@code null}, and records the use for the store's eviction.
   *
   * @param key the key
   * @return the value, or {@code null}
   * @throws StoreException if the store could not be read
   */
  V get(K key);

  /**
   * Stores {@code value} for {@code key}, evicting other entries if the bound requires it.
   *
   * @param key the key
   * @param value the value
   * @return the value it replaced, or {@code null}
   * @throws StoreException if the store could not be written
   */
  V put(K key, V value);

  /**
   * Tells the store that the cache changed {@code value} in place after reading it: a read extended its access
   * lifetime ({@code expireAfterAccess}, or an {@code Expiry}'s {@code expireAfterRead}; see
   * {@link Stamped#touch}). A store that keeps the very instances it is given has nothing to do, which is the
   * default. A store that keeps copies (one that serializes) saves the new times, but only if it still holds the same
   * write of {@code key}: a touch must never bring back a value that a later write replaced.
   *
   * @param key the key that was read
   * @param value the instance the store returned from {@link #get}, since changed by the cache
   * @throws StoreException if the store could not be written
   */
  default void touched(K key, V value) {}

  /**
   * Removes the entry for {@code key}.
   *
   * @param key the key
   * @return the value it held, or {@code null}
   * @throws StoreException if the store could not be written
   */
  V remove(K key);

  /**
   * Removes every entry, without notifying anyone.
   *
   * @throws StoreException if the store could not be written
   */
  void clear();

  /**
   * Returns a weakly consistent iterator over the entries: it reflects some state at or after its creation, never
   * throws {@link java.util.ConcurrentModificationException}, and does not count as a use of the entries.
   *
   * @return an iterator over the current entries
   * @throws StoreException if the store could not be read
   */
  Iterator<Map.Entry<K, V>> iterator();

  /**
   * Returns the approximate number of entries.
   *
   * @return the approximate number of entries
   */
  long estimatedSize();

  /** Performs pending maintenance: when it returns, the bound holds and every eviction has been reported. */
  void cleanUp();

  /** Releases what the store created. Idempotent. */
  @Override
  void close();
}
