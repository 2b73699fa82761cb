package dev.cachelab;

import dev.cachelab.internal.CacheFacade;
import dev.cachelab.internal.CacheSpec;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.StoreFactory;
import dev.cachelab.store.StoreFactory.Capability;
import dev.cachelab.store.Stores;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Configures and builds a {@link Cache} or {@link LoadingCache}. Setters mutate this builder and return it; each may
 * be called once. A bad value fails at once with {@link IllegalArgumentException} naming it; a setting made twice,
 * or in conflict with another, fails with {@link IllegalStateException}; a store asked for something it cannot do
 * fails in {@link #build()} with a message that says what to use instead.
 *
 * <pre>{@code
 * Cache<String, User> users = CacheBuilder.newBuilder()
 *     .maximumSize(10_000)
 *     .recordStats()
 *     .build();
 * User user = users.get(id, database::findUser);
 * }</pre>
 *
 * <p>{@code build()} takes a snapshot: changing the builder afterwards does not change caches already built. Not
 * thread-safe.
 *
 * @param <K> the key type of the caches it builds
 * @param <V> the value type of the caches it builds
 */
public final class CacheBuilder<K, V> {

  private static final long UNSET = -1;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private String name;
  private StoreFactory store;
  private long maximumSize = UNSET;
  private long maximumWeight = UNSET;
  private Weigher<Object, Object> weigher;
  private EvictionPolicy evictionPolicy;
  private Ticker ticker;
  private Executor executor;
  private boolean recordStats;
  private RemovalListener<Object, Object> removalListener;

  private CacheBuilder() {}

  /**
   * Returns a builder with nothing set: an unbounded cache on {@link Stores#inMemory()}, no statistics, the
   * system ticker, and background work on {@link ForkJoinPool#commonPool()}.
   *
   * @return a new builder
   */
  public static CacheBuilder<Object, Object> newBuilder() {
    return new CacheBuilder<>();
  }

  /**
   * Names the cache, for messages, logs and stores that need a namespace. Defaults to {@code cache-N}.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if a name was already set
   */
  public CacheBuilder<K, V> name(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank: '" + name + "'");
    }
    requireUnset(this.name == null, "name", this.name);
    this.name = name;
    return this;
  }

  /**
   * Chooses where entries live. Defaults to {@link Stores#inMemory()}.
   *
   * @param store the store factory, for example {@link Stores#caffeine()}
   * @return this builder
   * @throws NullPointerException if {@code store} is null
   * @throws IllegalStateException if a store was already set
   */
  public CacheBuilder<K, V> store(StoreFactory store) {
    Objects.requireNonNull(store, "store");
    requireUnset(this.store == null, "store", this.store);
    this.store = store;
    return this;
  }

  /**
   * Bounds the number of entries. When a write would exceed it, the store evicts by its policy.
   *
   * @param maximumSize the maximum number of entries, zero or more (zero caches nothing)
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumSize} is negative
   * @throws IllegalStateException if a maximum size or weight was already set
   */
  public CacheBuilder<K, V> maximumSize(long maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximumSize must not be negative: " + maximumSize);
    }
    requireUnset(this.maximumSize == UNSET, "maximumSize", this.maximumSize);
    requireUnset(this.maximumWeight == UNSET, "maximumWeight", this.maximumWeight);
    this.maximumSize = maximumSize;
    return this;
  }

  /**
   * Bounds the total weight of the entries, as computed by {@code weigher}.
   *
   * @param <K1> the key type the weigher accepts
   * @param <V1> the value type the weigher accepts
   * @param maximumWeight the maximum total weight, zero or more
   * @param weigher computes each entry's weight when it is written
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumWeight} is negative
   * @throws NullPointerException if {@code weigher} is null
   * @throws IllegalStateException if a maximum size or weight was already set
   */
  @SuppressWarnings("unchecked")
  public <K1 extends K, V1 extends V> CacheBuilder<K1, V1> maximumWeight(
      long maximumWeight, Weigher<? super K1, ? super V1> weigher) {
    if (maximumWeight < 0) {
      throw new IllegalArgumentException("maximumWeight must not be negative: " + maximumWeight);
    }
    Objects.requireNonNull(weigher, "weigher");
    requireUnset(this.maximumWeight == UNSET, "maximumWeight", this.maximumWeight);
    requireUnset(this.maximumSize == UNSET, "maximumSize", this.maximumSize);
    this.maximumWeight = maximumWeight;
    this.weigher = (Weigher<Object, Object>) weigher;
    return (CacheBuilder<K1, V1>) this;
  }

  /**
   * Chooses the eviction policy of the built-in engine (LRU by default). Needs a maximum size or weight, and a
   * store that runs cachelab's policies ({@link Stores#inMemory()}).
   *
   * @param policy the policy, for example {@link EvictionPolicy#sieve()}
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   * @throws IllegalStateException if a policy was already set
   */
  public CacheBuilder<K, V> evictionPolicy(EvictionPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    requireUnset(this.evictionPolicy == null, "evictionPolicy", this.evictionPolicy);
    this.evictionPolicy = policy;
    return this;
  }

  /**
   * Sets the time source for load timing (and, later, expiry). Defaults to {@link Ticker#system()}; tests pass a
   * fake ticker.
   *
   * @param ticker the ticker
   * @return this builder
   * @throws NullPointerException if {@code ticker} is null
   * @throws IllegalStateException if a ticker was already set
   */
  public CacheBuilder<K, V> ticker(Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    requireUnset(this.ticker == null, "ticker", this.ticker);
    this.ticker = ticker;
    return this;
  }

  /**
   * Sets where background work runs: removal notifications and store maintenance. Defaults to
   * {@link ForkJoinPool#commonPool()}. With {@code Runnable::run} all of it runs on the calling thread, which tests
   * use. The cache never shuts the executor down.
   *
   * @param executor the executor
   * @return this builder
   * @throws NullPointerException if {@code executor} is null
   * @throws IllegalStateException if an executor was already set
   */
  public CacheBuilder<K, V> executor(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    requireUnset(this.executor == null, "executor", this.executor);
    this.executor = executor;
    return this;
  }

  /**
   * Makes the cache keep the counters of {@link Cache#stats()}. Off by default, when every counter stays zero.
   *
   * @return this builder
   */
  public CacheBuilder<K, V> recordStats() {
    this.recordStats = true;
    return this;
  }

  /**
   * Sets the listener told of every removal and its cause.
   *
   * @param <K1> the key type the listener accepts
   * @param <V1> the value type the listener accepts
   * @param listener the listener; it runs on the executor
   * @return this builder
   * @throws NullPointerException if {@code listener} is null
   * @throws IllegalStateException if a listener was already set
   */
  @SuppressWarnings("unchecked")
  public <K1 extends K, V1 extends V> CacheBuilder<K1, V1> removalListener(
      RemovalListener<? super K1, ? super V1> listener) {
    Objects.requireNonNull(listener, "listener");
    requireUnset(this.removalListener == null, "removalListener", this.removalListener);
    this.removalListener = (RemovalListener<Object, Object>) listener;
    return (CacheBuilder<K1, V1>) this;
  }

  /**
   * Builds a cache whose values are computed by the caller ({@link Cache#get(Object, java.util.function.Function)}).
   *
   * @param <K1> the key type
   * @param <V1> the value type
   * @return a new cache
   * @throws IllegalStateException if the settings conflict or the store cannot do what they ask
   */
  public <K1 extends K, V1 extends V> Cache<K1, V1> build() {
    return new CacheFacade<>(spec(), null);
  }

  /**
   * Builds a cache that computes missing values with {@code loader}.
   *
   * @param <K1> the key type
   * @param <V1> the value type
   * @param loader computes the value of a missing key
   * @return a new loading cache
   * @throws NullPointerException if {@code loader} is null
   * @throws IllegalStateException if the settings conflict or the store cannot do what they ask
   */
  public <K1 extends K, V1 extends V> LoadingCache<K1, V1> build(CacheLoader<? super K1, V1> loader) {
    Objects.requireNonNull(loader, "loader");
    return new CacheFacade<>(spec(), loader);
  }

  /** Checks the settings against each other and against the store, and takes the snapshot. */
  private CacheSpec spec() {
    StoreFactory storeFactory = (store == null) ? Stores.inMemory() : store;
    boolean bounded = maximumSize != UNSET || maximumWeight != UNSET;
    if (evictionPolicy != null && !bounded) {
      throw new IllegalStateException("evictionPolicy(" + evictionPolicy + ") needs a bound to act on; "
          + "set maximumSize or maximumWeight too");
    }
    if (evictionPolicy != null && !storeFactory.capabilities().contains(Capability.EVICTION_POLICY)) {
      throw new IllegalStateException(storeFactory + " evicts by its own policy and cannot run evictionPolicy("
          + evictionPolicy + "); use store(Stores.inMemory()) to choose a policy, or drop evictionPolicy");
    }
    if (maximumSize != UNSET && !storeFactory.capabilities().contains(Capability.MAXIMUM_SIZE)) {
      throw new IllegalStateException(storeFactory + " cannot bound the number of entries (maximumSize("
          + maximumSize + ")); use Stores.inMemory() or Stores.caffeine()");
    }
    if (maximumWeight != UNSET && !storeFactory.capabilities().contains(Capability.MAXIMUM_WEIGHT)) {
      throw new IllegalStateException(storeFactory + " cannot bound the total weight (maximumWeight("
          + maximumWeight + ")); use Stores.inMemory() or Stores.caffeine()");
    }
    return new CacheSpec(
        name == null ? "cache-" + SEQUENCE.incrementAndGet() : name,
        storeFactory,
        maximumSize,
        maximumWeight,
        weigher,
        evictionPolicy,
        ticker == null ? Ticker.system() : ticker,
        executor == null ? ForkJoinPool.commonPool() : executor,
        recordStats,
        removalListener);
  }

  private static void requireUnset(boolean unset, String setting, Object current) {
    if (!unset) {
      throw new IllegalStateException(setting + " was already set to " + current);
    }
  }

  /**
   * Shows what was set, for logs and test failures.
   *
   * @return the settings that differ from the defaults
   */
  @Override
  public String toString() {
    StringJoiner settings = new StringJoiner(", ", "CacheBuilder{", "}");
    if (name != null) {
      settings.add("name=" + name);
    }
    if (store != null) {
      settings.add("store=" + store);
    }
    if (maximumSize != UNSET) {
      settings.add("maximumSize=" + maximumSize);
    }
    if (maximumWeight != UNSET) {
      settings.add("maximumWeight=" + maximumWeight);
    }
    if (evictionPolicy != null) {
      settings.add("evictionPolicy=" + evictionPolicy);
    }
    if (ticker != null) {
      settings.add("ticker=" + ticker);
    }
    if (executor != null) {
      settings.add("executor=" + executor);
    }
    if (recordStats) {
      settings.add("recordStats");
    }
    if (removalListener != null) {
      settings.add("removalListener=" + removalListener);
    }
    return settings.toString();
  }
}
