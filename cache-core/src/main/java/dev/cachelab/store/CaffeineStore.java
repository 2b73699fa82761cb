package dev.cachelab.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A store over a Caffeine cache used as a bounded map: Caffeine keeps the entries and evicts by its W-TinyLFU
 * policy; the cachelab facade above does loading, single flight, statistics and notifications. (Caffeine's own
 * loading is not used, so a loader that calls the cache recursively works here as on every store.)
 *
 * <p>Caffeine runs its maintenance on the cache's executor; with a same-thread executor, evictions happen before a
 * write returns. Thread-safe.
 */
final class CaffeineStore<K, V> implements Store<K, V> {

  static final StoreFactory FACTORY = new StoreFactory() {
    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.MAXIMUM_SIZE, Capability.MAXIMUM_WEIGHT);
    }

    @Override
    public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
      return new CaffeineStore<>(config);
    }

    @Override
    public String toString() {
      return "Stores.caffeine()";
    }
  };

  private final Cache<K, Stamped<V>> cache;

  private CaffeineStore(StoreConfig<K, V> config) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(config.executor());
    if (config.maximumWeight() != StoreConfig.UNBOUNDED) {
      builder.maximumWeight(config.maximumWeight())
          .weigher((K key, Stamped<V> entry) -> Math.toIntExact(config.weigh(key, entry)));
    } else if (config.maximumSize() != StoreConfig.UNBOUNDED) {
      builder.maximumSize(config.maximumSize());
    }
    this.cache = builder
        .<K, Stamped<V>>evictionListener((key, value, cause) -> {
          if (cause == com.github.benmanes.caffeine.cache.RemovalCause.SIZE) {
            config.evictionListener().accept(key, value);
          }
        })
        .build();
  }

  @Override
  public Stamped<V> get(K key) {
    return cache.getIfPresent(key);
  }

  @Override
  public Stamped<V> put(K key, Stamped<V> entry) {
    return cache.asMap().put(key, entry);
  }

  @Override
  public boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
    return cache.asMap().computeIfPresent(key, (k, current) -> current.sameWrite(expected) ? entry : current)
        == entry;
  }

  @Override
  public Stamped<V> remove(K key) {
    return cache.asMap().remove(key);
  }

  @Override
  public boolean remove(K key, Stamped<V> expected) {
    boolean[] removed = {false};
    cache.asMap().computeIfPresent(key, (k, current) -> {
      removed[0] = current.sameWrite(expected);
      return removed[0] ? null : current;
    });
    return removed[0];
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
    return Stores.entriesOf(cache.asMap());
  }

  @Override
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  @Override
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public void close() {
    cache.invalidateAll();
  }
}
