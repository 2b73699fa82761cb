package dev.cachelab.store;

import java.util.Set;

/**
 * Creates a store for each cache that uses it, and says what the store can do. Get one from {@link Stores}.
 *
 * <p>Implementations are immutable and thread-safe; their {@code toString} names the factory as a user writes it
 * (for example {@code Stores.caffeine()}), since the cache builder's messages quote it.
 */
public interface StoreFactory {

  /** Features a store may support; the cache builder refuses a configuration that needs one the store lacks. */
  enum Capability {
    /** Bounds the number of entries ({@code maximumSize}). */
    MAXIMUM_SIZE,
    /** Bounds the total weight ({@code maximumWeight}). */
    MAXIMUM_WEIGHT,
    /** Runs a cachelab {@link dev.cachelab.policy.EvictionPolicy} chosen by the user. */
    EVICTION_POLICY,
    /**
     * Its entries are seen by other processes, or outlive this one (a directory on disk, Redis). Times written by one
     * process must mean the same to the next, so a cache on such a store reads a wall clock
     * ({@link dev.cachelab.Ticker#wallClock()}) and refuses {@link dev.cachelab.Ticker#system()}.
     */
    SHARED,
    /**
     * Each call is a round trip over the network. An {@code AsyncCache} over such a store never makes its caller
     * wait for one: it runs the store's calls on the cache's executor.
     */
    REMOTE
  }

  /**
   * Returns the features the stores of this factory support.
   *
   * @return the capabilities
   */
  Set<Capability> capabilities();

  /**
   * Returns what to do instead when a cache asks this store for a bound it lacks ({@code maximumSize},
   * {@code maximumWeight}): the cache builder ends its refusal with it. A store whose storage is bounded elsewhere
   * (Redis: the server's {@code maxmemory}) says how to bound it there.
   *
   * @return advice, as the end of a sentence
   */
  default String boundAdvice() {
    return "use Stores.inMemory() or Stores.caffeine()";
  }

  /**
   * Creates a store for one cache. The cache owns it and closes it.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @param config the cache's requirements, already checked against {@link #capabilities()}
   * @return a new store
   */
  <K, V> Store<K, V> create(StoreConfig<K, V> config);
}
