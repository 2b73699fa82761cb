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

  private final ConcurrentHashMap<K, Stamped<V>> map = new ConcurrentHashMap<>();

  @Override
  public Stamped<V> get(K key) {
    return map.get(key);
  }

  @Override
  public Stamped<V> put(K key, Stamped<V> entry) {
    return map.put(key, entry);
  }

  @Override
  public boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
    return map.computeIfPresent(key, (k, current) -> current.sameWrite(expected) ? entry : current) == entry;
  }

  @Override
  public Stamped<V> remove(K key) {
    return map.remove(key);
  }

  @Override
  public boolean remove(K key, Stamped<V> expected) {
    boolean[] removed = {false};
    map.computeIfPresent(key, (k, current) -> {
      removed[0] = current.sameWrite(expected);
      return removed[0] ? null : current;
    });
    return removed[0];
  }

  @Override
  public void clear() {
    map.clear();
  }

  @Override
  public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
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
