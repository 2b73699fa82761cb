package dev.cachelab.store;

import dev.cachelab.Weigher;
import dev.cachelab.policy.EvictionPolicy;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * What a cache asks of its store: a name, a bound, and where to report evictions. The cache builder validates it
 * against the store's {@link StoreFactory#capabilities() capabilities} before the store is created.
 *
 * @param cacheName the cache's name, for messages and for stores that need a namespace
 * @param maximumSize the maximum number of entries, or {@link #UNBOUNDED}
 * @param maximumWeight the maximum total weight, or {@link #UNBOUNDED}; set only together with a weigher
 * @param weigher computes entry weights when {@code maximumWeight} is set, otherwise {@code null}
 * @param evictionPolicy the policy the user chose, or {@code null} for the store's default
 * @param executor where the store may run background work
 * @param evictionListener told of every entry the store evicts to respect its bound; {@link #ignoringEvictions()}
 *     when the cache neither counts nor reports evictions
 * @param <K> the key type
 * @param <V> the user's value type (the store holds {@link Stamped Stamped&lt;V&gt;} entries)
 */
public record StoreConfig<K, V>(
    String cacheName,
    long maximumSize,
    long maximumWeight,
    Weigher<? super K, ? super V> weigher,
    EvictionPolicy evictionPolicy,
    Executor executor,
    BiConsumer<K, Stamped<V>> evictionListener) {

  /** The value of {@code maximumSize} and {@code maximumWeight} when no bound is set. */
  public static final long UNBOUNDED = -1;

  private static final BiConsumer<Object, Stamped<Object>> IGNORED = (key, entry) -> { };

  /**
   * Returns the eviction listener of a cache that neither counts evictions (no {@code recordStats()}) nor tells a
   * removal listener of them: it does nothing, and {@link #observesEvictions()} says so, so that a store for which
   * watching evictions costs something may skip it.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @return the listener that ignores evictions
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // it ignores whatever it is given
  public static <K, V> BiConsumer<K, Stamped<V>> ignoringEvictions() {
    return (BiConsumer) IGNORED;
  }

  /**
   * Returns whether anyone is told of evictions. Ehcache 3.12 hands every write's event to a thread and waits for it
   * once any synchronous listener is registered, so its store registers one only when this is {@code true}.
   *
   * @return {@code false} if the listener is {@link #ignoringEvictions()}
   */
  public boolean observesEvictions() {
    return (Object) evictionListener != IGNORED;
  }

  /**
   * Validates the configuration.
   *
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if both bounds are set, or a weight bound comes without a weigher
   */
  public StoreConfig {
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(evictionListener, "evictionListener");
    if (maximumSize != UNBOUNDED && maximumWeight != UNBOUNDED) {
      throw new IllegalArgumentException("set maximumSize or maximumWeight, not both: "
          + maximumSize + " and " + maximumWeight);
    }
    if ((maximumWeight != UNBOUNDED) != (weigher != null)) {
      throw new IllegalArgumentException("maximumWeight and weigher go together: " + maximumWeight + ", " + weigher);
    }
  }

  /**
   * Returns whether the store has a bound to keep.
   *
   * @return {@code true} if a maximum size or weight is set
   */
  public boolean bounded() {
    return maximumSize != UNBOUNDED || maximumWeight != UNBOUNDED;
  }

  /**
   * Returns the bound in the unit the store must count: entries, or weight when weighted.
   *
   * @return the maximum size or weight, or {@link #UNBOUNDED}
   */
  public long maximum() {
    return maximumWeight != UNBOUNDED ? maximumWeight : maximumSize;
  }

  /**
   * Returns the weight of an entry: the weigher's answer for its value when weighted, otherwise 1. A remembered
   * absence (negative caching) weighs nothing.
   *
   * <p>The weigher is the user's code and runs under the store's lock; its documentation tells users never to call
   * back into the cache from it.
   *
   * @param key the key
   * @param entry the entry
   * @return the weight
   * @throws IllegalArgumentException if the weigher returns a negative weight
   */
  public long weigh(K key, Stamped<V> entry) {
    if (weigher == null) {
      return 1;
    }
    if (entry.isAbsent()) {
      return 0;
    }
    int weight = weigher.weigh(key, entry.value());
    if (weight < 0) {
      throw new IllegalArgumentException("weigher returned a negative weight for key " + key + ": " + weight);
    }
    return weight;
  }
}
