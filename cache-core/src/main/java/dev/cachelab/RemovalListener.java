package dev.cachelab;

/**
 * Hears every removal of an entry from a cache, with its cause.
 *
 * <p>Notifications run on the cache's {@link CacheBuilder#executor executor}, after the removal has happened; with a
 * same-thread executor ({@code Runnable::run}) they run before the operation that caused them returns. They never run
 * while the cache holds one of its locks (a notification raised under a key's lock waits until it is released), so a
 * listener may write to the cache, also to other keys. An exception thrown by the listener is logged and otherwise
 * ignored. Implementations must be thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface RemovalListener<K, V> {

  /**
   * Called once for each entry that left the cache.
   *
   * @param key the removed entry's key
   * @param value the removed entry's value (for {@link RemovalCause#REPLACED}, the old value)
   * @param cause why it was removed
   */
  void onRemoval(K key, V value, RemovalCause cause);
}
