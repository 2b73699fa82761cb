package dev.cachelab.jcache;

import dev.cachelab.Ticker;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.StoreFactory;
import dev.cachelab.store.Stores;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache configuration that also says how cachelab holds the entries: the store, a size bound and the eviction
 * policy, and the {@link Copier} of a store-by-value cache. Everything else (types, read-through, write-through,
 * expiry, listeners, statistics, management) is the standard {@link MutableConfiguration}.
 *
 * <pre>{@code
 * CacheManager manager = Caching.getCachingProvider(CachelabCachingProvider.class.getName()).getCacheManager();
 * Cache<String, Integer> cache = manager.createCache("scores", new CachelabConfiguration<String, Integer>()
 *     .setStore(Stores.inMemory()).setMaximumSize(10_000).setEvictionPolicy(EvictionPolicy.s3Fifo())
 *     .setTypes(String.class, Integer.class));
 * }</pre>
 *
 * <p>A plain {@code MutableConfiguration} gets the defaults: {@link Stores#inMemory()}, unbounded, the serializing
 * copier. Not thread-safe, like {@code MutableConfiguration}; the cache keeps its own copy.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class CachelabConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  /** The value of {@link #getMaximumSize()} when the cache is unbounded. */
  public static final long UNBOUNDED = -1;

  private transient StoreFactory store = Stores.inMemory();
  private long maximumSize = UNBOUNDED;
  private transient EvictionPolicy evictionPolicy;
  private transient Copier copier = Copier.serializing();
  private transient Ticker ticker;

  /** Creates a configuration with JCache's defaults and cachelab's: in-memory, unbounded, serializing copier. */
  public CachelabConfiguration() {}

  /**
   * Copies a JCache configuration, and the cachelab settings too if it is a {@code CachelabConfiguration}.
   *
   * @param configuration the configuration to copy
   * @throws NullPointerException if {@code configuration} is null
   */
  public CachelabConfiguration(CompleteConfiguration<K, V> configuration) {
    super(Objects.requireNonNull(configuration, "configuration"));
    if (configuration instanceof CachelabConfiguration<K, V> cachelab) {
      this.store = cachelab.store;
      this.maximumSize = cachelab.maximumSize;
      this.evictionPolicy = cachelab.evictionPolicy;
      this.copier = cachelab.copier;
      this.ticker = cachelab.ticker;
    }
  }

  /**
   * Returns the store the cache's entries live in.
   *
   * @return the store factory
   */
  public StoreFactory getStore() {
    return store == null ? Stores.inMemory() : store; // null after deserialization: the store is not serializable
  }

  /**
   * Sets the store the cache's entries live in; the default is {@link Stores#inMemory()}.
   *
   * @param store the store factory, e.g. {@code Stores.caffeine()}
   * @return this configuration
   * @throws NullPointerException if {@code store} is null
   */
  public CachelabConfiguration<K, V> setStore(StoreFactory store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Returns the bound on the number of entries, or {@link #UNBOUNDED}.
   *
   * @return the maximum size
   */
  public long getMaximumSize() {
    return maximumSize;
  }

  /**
   * Bounds the number of entries; the store evicts beyond it (JCache has no event for evictions; they count in
   * the statistics' {@code CacheEvictions}).
   *
   * @param maximumSize the bound, zero or more, or {@link #UNBOUNDED}
   * @return this configuration
   * @throws IllegalArgumentException if {@code maximumSize} is negative and not {@link #UNBOUNDED}
   */
  public CachelabConfiguration<K, V> setMaximumSize(long maximumSize) {
    if (maximumSize < 0 && maximumSize != UNBOUNDED) {
      throw new IllegalArgumentException("maximumSize must be zero or more, or UNBOUNDED (-1): " + maximumSize);
    }
    this.maximumSize = maximumSize;
    return this;
  }

  /**
   * Returns the eviction policy, or {@code null} for the store's own.
   *
   * @return the eviction policy, or null
   */
  public EvictionPolicy getEvictionPolicy() {
    return evictionPolicy;
  }

  /**
   * Sets the eviction policy of a bounded built-in store (see {@code CacheBuilder.evictionPolicy}).
   *
   * @param evictionPolicy the policy, e.g. {@code EvictionPolicy.sieve()}
   * @return this configuration
   * @throws NullPointerException if {@code evictionPolicy} is null
   */
  public CachelabConfiguration<K, V> setEvictionPolicy(EvictionPolicy evictionPolicy) {
    this.evictionPolicy = Objects.requireNonNull(evictionPolicy, "evictionPolicy");
    return this;
  }

  /**
   * Returns the copier a store-by-value cache copies keys and values with.
   *
   * @return the copier
   */
  public Copier getCopier() {
    return copier == null ? Copier.serializing() : copier;
  }

  /**
   * Sets the copier a store-by-value cache copies keys and values with; the default is
   * {@link Copier#serializing()}. Unused when {@code isStoreByValue()} is false.
   *
   * @param copier the copier
   * @return this configuration
   * @throws NullPointerException if {@code copier} is null
   */
  public CachelabConfiguration<K, V> setCopier(Copier copier) {
    this.copier = Objects.requireNonNull(copier, "copier");
    return this;
  }

  /**
   * Returns the clock the cache reads expiry deadlines from, or {@code null} for the store's default.
   *
   * @return the ticker, or null
   */
  public Ticker getTicker() {
    return ticker;
  }

  /**
   * Sets the clock the cache reads expiry deadlines from. The default is the one {@code CacheBuilder} picks for the
   * store: {@link Ticker#system()}, or {@link Ticker#wallClock()} for a store shared between processes. Tests hand in
   * a fake one to move time on by hand.
   *
   * @param ticker the ticker
   * @return this configuration
   * @throws NullPointerException if {@code ticker} is null
   */
  public CachelabConfiguration<K, V> setTicker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof CachelabConfiguration<?, ?> that) || !super.equals(other)) {
      return false;
    }
    return maximumSize == that.maximumSize && Objects.equals(store, that.store)
        && Objects.equals(evictionPolicy, that.evictionPolicy) && Objects.equals(copier, that.copier)
        && Objects.equals(ticker, that.ticker);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), store, maximumSize, evictionPolicy, copier, ticker);
  }

  @Override
  public String toString() {
    return "CachelabConfiguration{store=" + store + ", maximumSize=" + maximumSize + ", evictionPolicy="
        + evictionPolicy + ", copier=" + copier + ", ticker=" + ticker + ", keyType=" + getKeyType().getName() + ", valueType="
        + getValueType().getName() + ", storeByValue=" + isStoreByValue() + ", readThrough=" + isReadThrough()
        + ", writeThrough=" + isWriteThrough() + ", statistics=" + isStatisticsEnabled() + ", management="
        + isManagementEnabled() + "}";
  }
}
