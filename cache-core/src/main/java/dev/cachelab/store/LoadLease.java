package dev.cachelab.store;

/**
 * A store's answer when the cache is about to load a key: either the entry another process has just produced (so
 * nothing needs loading), or permission to load that the cache gives back with {@link #close()} once the result is
 * stored or the load failed. It is how a shared store runs single flight across processes (see
 * {@link Store#beginLoad}); a store that is not shared returns {@link #none()}.
 *
 * @param <V> the value type
 */
public interface LoadLease<V> extends AutoCloseable {

  /**
   * Returns the entry another process produced while this one waited, or {@code null} if this process should load.
   *
   * @return the entry, or {@code null}
   */
  Stamped<V> entry();

  /** Gives the lease back. Called exactly once; never throws. */
  @Override
  void close();

  /**
   * Returns the lease of a store that coordinates nothing: load, and there is nothing to give back.
   *
   * @param <V> the value type
   * @return the empty lease
   */
  @SuppressWarnings("unchecked")
  static <V> LoadLease<V> none() {
    return (LoadLease<V>) NoLease.INSTANCE;
  }
}

/** The lease of a store that coordinates nothing. */
enum NoLease implements LoadLease<Object> {
  INSTANCE;

  @Override
  public Stamped<Object> entry() {
    return null;
  }

  @Override
  public void close() {}
}
