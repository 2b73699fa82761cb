package dev.cachelab.store;

/**
 * The stores that ship with cache-core, one factory method each.
 *
 * <table>
 *   <caption>Stores in cache-core</caption>
 *   <tr><th>store</th><th>bound</th><th>eviction</th></tr>
 *   <tr><td>{@link #inMemory()}</td><td>size or weight</td><td>any {@link dev.cachelab.policy.EvictionPolicy}
 *       (LRU by default)</td></tr>
 *   <tr><td>{@link #caffeine()}</td><td>size or weight</td><td>Caffeine's own W-TinyLFU</td></tr>
 * </table>
 */
public final class Stores {

  private Stores() {}

  /**
   * The built-in engine: a concurrent hash map with a pluggable eviction policy (LRU unless the cache builder's
   * {@code evictionPolicy} says otherwise). Reads take no lock; writes and evictions take one lock per cache.
   *
   * @return the in-memory store factory
   */
  public static StoreFactory inMemory() {
    return InMemoryStore.FACTORY;
  }

  /**
   * A store over Caffeine, which evicts by its own W-TinyLFU policy (an {@code evictionPolicy} cannot be chosen).
   *
   * @return the Caffeine store factory
   */
  public static StoreFactory caffeine() {
    return CaffeineStore.FACTORY;
  }
}
