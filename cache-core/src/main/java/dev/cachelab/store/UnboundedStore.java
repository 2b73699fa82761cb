package dev.cachelab.store;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in engine without a bound: a plain {@link ConcurrentHashMap}. With nothing to evict there is no policy,
 * no lock and no per-entry node, so a hit is one map lookup; {@link InMemoryStore} takes over as soon as a cache has
 * a maximum size or weight. Thread-safe.
 */
final class UnboundedStore<K, V> implements Store<K, V> {

  private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();

  @Override
  public V get(K key) {
    return map.get(key);
  }

  @Override
  public V put(K key, V value) {
    return map.put(key, value);
  }

  @Override
  public V remove(K key) {
    return map.remove(key);
  }

  @Override
  public void clear() {
    map.clear();
  }

  @Override
  public Iterator<Map.Entry<K, V>> iterator() {
    return Stores.entriesOf(map);
  }

  @Override
  public long estimatedSize() {
    return map.size();
  }

  @Override
  public void cleanUp() {
    // nothing to maintain
  }

  @Override
  public void close() {
    map.clear();
  }
}
