package dev.cachelab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.store.Stamped;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreException;
import dev.cachelab.store.StoreFactory;
import dev.cachelab.store.Stores;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A failing store degrades to a miss: the caller gets the loader's value, the error is counted. */
class StoreErrorTest {

  /** The real in-memory store, with a switch that makes every operation fail as a broken disk or server would. */
  private static final class BreakableStore<K, V> implements Store<K, V> {
    private final Store<K, V> delegate;
    volatile boolean broken;

    BreakableStore(Store<K, V> delegate) {
      this.delegate = delegate;
    }

    private void check() {
      if (broken) {
        throw new StoreException("store is down", new IOException("connection refused"));
      }
    }

    @Override public Stamped<V> get(K key) { check(); return delegate.get(key); }
    @Override public Stamped<V> put(K key, Stamped<V> value) { check(); return delegate.put(key, value); }
    @Override public boolean replace(K key, Stamped<V> expected, Stamped<V> value) {
      check(); return delegate.replace(key, expected, value); }
    @Override public Stamped<V> remove(K key) { check(); return delegate.remove(key); }
    @Override public boolean remove(K key, Stamped<V> expected) { check(); return delegate.remove(key, expected); }
    @Override public void clear() { check(); delegate.clear(); }
    @Override public Iterator<Map.Entry<K, Stamped<V>>> iterator() { check(); return delegate.iterator(); }
    @Override public long estimatedSize() { return delegate.estimatedSize(); }
    @Override public void cleanUp() { check(); delegate.cleanUp(); }
    @Override public void close() { delegate.close(); }
  }

  private BreakableStore<?, ?> last;

  private final StoreFactory breakable = new StoreFactory() {
    @Override
    public Set<Capability> capabilities() {
      return Stores.inMemory().capabilities();
    }

    @Override
    public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
      BreakableStore<K, V> store = new BreakableStore<>(Stores.inMemory().create(config));
      last = store;
      return store;
    }
  };

  @Test
  void whenTheStoreFails_getReturnsTheLoadersValue_andTheErrorIsCounted() {
    Cache<String, String> cache = CacheBuilder.newBuilder().store(breakable).recordStats().build();
    cache.put("a", "cached");
    last.broken = true;
    assertEquals("loaded", cache.get("a", key -> "loaded"), "a failed read is a miss");
    assertNull(cache.getIfPresent("a"));
    cache.put("b", "lost");
    cache.invalidate("a");
    cache.invalidateAll();
    cache.cleanUp();
    assertEquals(8, cache.stats().storeErrorCount(), "get: the read, the re-read after registering its load and "
        + "the write of the loaded value; then getIfPresent, put, invalidate, invalidateAll, cleanUp");
    last.broken = false;
    assertEquals("cached", cache.getIfPresent("a"), "nothing was lost or corrupted while the store was down");
  }
}
