package dev.cachelab.contract;

import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreException;
import dev.cachelab.store.StoreFactory;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Wraps any store factory so that its stores fail on demand, as a broken disk or an unreachable server would: every
 * call throws {@link StoreException} while the factory is {@linkplain #breakAll() broken}, and iterators can be made
 * to fail part way through ({@link #breakIterationsAfter(int)}). The contract suite runs its "store down" tests on the
 * store under test wrapped in one, so every store gets them; a store module's own tests can use it the same way.
 *
 * <p>Thread-safe: the switches are volatile and apply to every store the factory created.
 */
public final class BreakableStoreFactory implements StoreFactory {

  private final StoreFactory delegate;
  private volatile boolean broken;
  private volatile int iterationsFailAfter = -1;

  /**
   * Wraps a factory; its stores work until broken.
   *
   * @param delegate the real store factory
   */
  public BreakableStoreFactory(StoreFactory delegate) {
    this.delegate = delegate;
  }

  /** Makes every call of every store of this factory fail with {@link StoreException}. */
  public void breakAll() {
    broken = true;
  }

  /**
   * Makes every iterator of this factory's stores fail with {@link StoreException} after it returned
   * {@code entries} entries (a connection lost in the middle of a scan).
   *
   * @param entries how many entries an iterator returns before it fails
   */
  public void breakIterationsAfter(int entries) {
    iterationsFailAfter = entries;
  }

  /** Makes the stores work again; what they held is still there. */
  public void repair() {
    broken = false;
    iterationsFailAfter = -1;
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
    return new BreakableStore<>(delegate.create(config));
  }

  @Override
  public String toString() {
    return "breakable " + delegate;
  }

  private StoreException failure() {
    return new StoreException("store is down (" + this + ")", new IOException("connection refused"));
  }

  private final class BreakableStore<K, V> implements Store<K, V> {
    private final Store<K, V> store;

    BreakableStore(Store<K, V> store) {
      this.store = store;
    }

    private void check() {
      if (broken) {
        throw failure();
      }
    }

    @Override
    public Stamped<V> get(K key) {
      check();
      return store.get(key);
    }

    @Override
    public Stamped<V> put(K key, Stamped<V> entry) {
      check();
      return store.put(key, entry);
    }

    @Override
    public boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
      check();
      return store.replace(key, expected, entry);
    }

    @Override
    public Stamped<V> remove(K key) {
      check();
      return store.remove(key);
    }

    @Override
    public boolean remove(K key, Stamped<V> expected) {
      check();
      return store.remove(key, expected);
    }

    @Override
    public void clear() {
      check();
      store.clear();
    }

    @Override
    public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
      check();
      Iterator<Map.Entry<K, Stamped<V>>> entries = store.iterator();
      int failAfter = iterationsFailAfter;
      return new Iterator<>() {
        private int returned;

        private void checkIteration() {
          check();
          if (failAfter >= 0 && returned >= failAfter) {
            throw failure();
          }
        }

        @Override
        public boolean hasNext() {
          checkIteration();
          return entries.hasNext();
        }

        @Override
        public Map.Entry<K, Stamped<V>> next() {
          checkIteration();
          returned++;
          return entries.next();
        }
      };
    }

    @Override
    public long estimatedSize() {
      return store.estimatedSize();
    }

    @Override
    public void cleanUp() {
      check();
      store.cleanUp();
    }

    @Override
    public LoadLease<V> beginLoad(K key) {
      check();
      return store.beginLoad(key);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
