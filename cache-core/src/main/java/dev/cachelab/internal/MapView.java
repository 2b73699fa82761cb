package dev.cachelab.internal;

import dev.cachelab.store.Stamped;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code Cache.asMap()}: a live {@link ConcurrentMap} over a cache. Reads and writes go through the facade, so they
 * count in statistics, respect expiry and notify the removal listener. {@code computeIfAbsent} is the cache's
 * single-flight load; the other atomic operations run under the key's stripe lock, which every write of that key
 * takes, so they are atomic with respect to all writes through this cache. The store may still evict concurrently:
 * a write that depends on the value it read replaces or removes exactly that write in the store (a compare-and-set
 * on its write id), so an eviction in between makes it act as if it came after the eviction — {@code replace}
 * returns {@code null} or {@code false} and writes nothing, {@code compute} starts over — never half of each.
 *
 * <p>Thread-safe. Iterators are weakly consistent and skip expired entries.
 */
final class MapView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

  private final CacheFacade<K, V> cache;
  private Set<Map.Entry<K, V>> entrySet;

  MapView(CacheFacade<K, V> cache) {
    this.cache = cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    return cache.getIfPresent((K) Objects.requireNonNull(key, "key"));
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public V put(K key, V value) {
    cache.checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return cache.write(key, value);
  }

  @Override
  public V remove(Object key) {
    cache.checkOpen();
    return cache.remove(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, cache.estimatedSize());
  }

  @Override
  public boolean isEmpty() {
    return !entrySet().iterator().hasNext();
  }

  @Override
  public V putIfAbsent(K key, V value) {
    Objects.requireNonNull(value, "value");
    return compound(key, k -> {
      Stamped<V> current = cache.peekLocked(k);
      if (current == null) {
        cache.putLocked(k, value);
        return null;
      }
      return current.value();
    });
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    if (value == null) {
      return false;
    }
    return compound((K) key, k -> {
      Stamped<V> current = cache.peekLocked(k);
      return current != null && current.value().equals(value) && cache.removeLocked(k, current);
    });
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    return compound(key, k -> {
      Stamped<V> current = cache.peekLocked(k);
      return current != null && current.value().equals(oldValue) && cache.replaceLocked(k, current, newValue);
    });
  }

  @Override
  public V replace(K key, V value) {
    Objects.requireNonNull(value, "value");
    return compound(key, k -> {
      Stamped<V> current = cache.peekLocked(k);
      return (current != null && cache.replaceLocked(k, current, value)) ? current.value() : null;
    });
  }

  /** Single flight: exactly {@code Cache.get(key, loader)}. */
  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
    return cache.get(key, mappingFunction);
  }

  @Override
  public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    Objects.requireNonNull(remappingFunction, "remappingFunction");
    return compute(key, (k, current) -> current == null ? null : remappingFunction.apply(k, current));
  }

  /**
   * Computes under the key's stripe lock. If the store evicts the value the function was given before the result is
   * stored, the result is not stored (it was computed from a value that is gone): the computation starts over with
   * what is there now, so the function may run more than once, as {@link ConcurrentMap#compute} allows.
   */
  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    Objects.requireNonNull(remappingFunction, "remappingFunction");
    return compound(key, k -> {
      while (true) {
        Stamped<V> current = cache.peekLocked(k);
        V next = remappingFunction.apply(k, current == null ? null : current.value());
        if (current == null) {
          if (next != null) {
            cache.putLocked(k, next);
          }
          return next;
        }
        if (next == null ? cache.removeLocked(k, current) : cache.replaceLocked(k, current, next)) {
          return next;
        }
      }
    });
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(remappingFunction, "remappingFunction");
    return compute(key, (k, current) -> current == null ? value : remappingFunction.apply(current, value));
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    Set<Map.Entry<K, V>> view = entrySet;
    if (view == null) {
      view = new EntrySet();
      entrySet = view;
    }
    return view;
  }

  private <R> R compound(K key, Function<K, R> action) {
    cache.checkOpen();
    Objects.requireNonNull(key, "key");
    return cache.atomically(key, action);
  }

  private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      cache.checkOpen();
      Iterator<Map.Entry<K, V>> entries = cache.liveEntries();
      return new Iterator<>() {
        private K last;

        @Override
        public boolean hasNext() {
          return entries.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
          if (!entries.hasNext()) {
            throw new NoSuchElementException();
          }
          Map.Entry<K, V> entry = entries.next();
          last = entry.getKey();
          return entry;
        }

        @Override
        public void remove() {
          if (last == null) {
            throw new IllegalStateException("next() has not been called, or remove() was already called");
          }
          cache.remove(last);
          last = null;
        }
      };
    }

    @Override
    public int size() {
      return MapView.this.size();
    }

    @Override
    public void clear() {
      MapView.this.clear();
    }
  }
}
