package dev.cachelab;

import dev.cachelab.internal.AsyncCacheView;
import dev.cachelab.internal.CacheFacade;
import dev.cachelab.internal.CacheSpec;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.StoreFactory;
import dev.cachelab.store.StoreFactory.Capability;
import dev.cachelab.store.Stores;
import java.time.Duration;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Configures and builds a {@link Cache}, {@link LoadingCache} or {@link AsyncCache}. Setters mutate this builder and return it; each may
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
  private Duration expireAfterWrite;
  private Duration expireAfterAccess;
  private Expiry<Object, Object> expiry;
  private double expiryJitter = -1;
  private Duration refreshAfterWrite;
  private double earlyRefreshBeta = -1;
  private Duration staleIfError;
  private Duration negativeCaching;
  private Scheduler scheduler;
  private RandomGenerator random;

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
   * Sets the time source for expiry, refresh and load timing. Defaults to {@link Ticker#system()}, or to
   * {@link Ticker#wallClock()} on a store that is shared or outlives the process (such a store refuses
   * {@code Ticker.system()}, whose readings mean nothing to another process); tests pass a fake ticker, the same one
   * to every cache that shares a store.
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
   * Sets where background work runs: refreshes, removal notifications and maintenance. Defaults to
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
   * Makes each entry expire a fixed time after it was written (created or replaced). Reads do not extend it.
   *
   * @param duration the lifetime, zero or more (zero expires at once)
   * @return this builder
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if it was already set, or {@code expireAfter(Expiry)} was set
   */
  public CacheBuilder<K, V> expireAfterWrite(Duration duration) {
    requireNonNegative(duration, "expireAfterWrite");
    requireUnset(expireAfterWrite == null, "expireAfterWrite", expireAfterWrite);
    requireUnset(expiry == null, "expireAfter", expiry);
    this.expireAfterWrite = duration;
    return this;
  }

  /**
   * Makes each entry expire a fixed time after it was last read or written: every read extends it.
   *
   * @param duration the idle lifetime, zero or more
   * @return this builder
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if it was already set, or {@code expireAfter(Expiry)} was set
   */
  public CacheBuilder<K, V> expireAfterAccess(Duration duration) {
    requireNonNegative(duration, "expireAfterAccess");
    requireUnset(expireAfterAccess == null, "expireAfterAccess", expireAfterAccess);
    requireUnset(expiry == null, "expireAfter", expiry);
    this.expireAfterAccess = duration;
    return this;
  }

  /**
   * Lets each entry's own data decide its lifetime, as a DNS record carries its TTL.
   *
   * @param <K1> the key type the expiry accepts
   * @param <V1> the value type the expiry accepts
   * @param expiry computes lifetimes on create, update and read
   * @return this builder
   * @throws NullPointerException if {@code expiry} is null
   * @throws IllegalStateException if it was already set, or {@code expireAfterWrite}/{@code expireAfterAccess} was
   */
  @SuppressWarnings("unchecked")
  public <K1 extends K, V1 extends V> CacheBuilder<K1, V1> expireAfter(Expiry<? super K1, ? super V1> expiry) {
    Objects.requireNonNull(expiry, "expiry");
    requireUnset(this.expiry == null, "expireAfter", this.expiry);
    requireUnset(expireAfterWrite == null, "expireAfterWrite", expireAfterWrite);
    requireUnset(expireAfterAccess == null, "expireAfterAccess", expireAfterAccess);
    this.expiry = (Expiry<Object, Object>) expiry;
    return (CacheBuilder<K1, V1>) this;
  }

  /**
   * Spreads each entry's lifetime by up to {@code ± fraction}, so that keys loaded together do not expire (and
   * reload) together. {@code 0.1} turns a one-hour lifetime into one between 54 and 66 minutes. The spread comes
   * from the {@link #random(RandomGenerator) random source}; seed it to make it repeatable.
   *
   * @param fraction from 0 (no spread) up to, not including, 1
   * @return this builder
   * @throws IllegalArgumentException if {@code fraction} is outside [0, 1)
   * @throws IllegalStateException if it was already set
   */
  public CacheBuilder<K, V> expiryJitter(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("expiryJitter must be at least 0 and less than 1: " + fraction);
    }
    requireUnset(expiryJitter < 0, "expiryJitter", expiryJitter);
    this.expiryJitter = fraction;
    return this;
  }

  /**
   * Refreshes an entry in the background once it is older than {@code duration}: the first read after that gets the
   * current value at once and starts one reload on the executor (stale-while-revalidate). The reload uses the
   * reader's loader ({@code get(key, loader)}) or the cache's {@link CacheLoader}. A failed reload keeps the old value
   * until it expires.
   *
   * @param duration the age after which a read triggers a refresh, more than zero
   * @return this builder
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   * @throws IllegalStateException if it was already set
   */
  public CacheBuilder<K, V> refreshAfterWrite(Duration duration) {
    requirePositive(duration, "refreshAfterWrite");
    requireUnset(refreshAfterWrite == null, "refreshAfterWrite", refreshAfterWrite);
    this.refreshAfterWrite = duration;
    return this;
  }

  /**
   * Refreshes hot entries early, in the background, with the probabilistic rule of XFetch (Vattani, Chierichetti,
   * Lowenstein, VLDB 2015): a read volunteers with a probability that grows as expiry nears and as the value's
   * recorded computation time grows. The reader still gets the current value at once, so a hot key never expires
   * into a synchronous miss. Needs an expiry.
   *
   * @param beta how eager: 1 is the paper's default, larger refreshes earlier, 0 never refreshes early
   * @return this builder
   * @throws IllegalArgumentException if {@code beta} is negative or not finite
   * @throws IllegalStateException if it was already set
   */
  public CacheBuilder<K, V> earlyRefresh(double beta) {
    if (!(beta >= 0 && Double.isFinite(beta))) {
      throw new IllegalArgumentException("earlyRefresh beta must be zero or more and finite: " + beta);
    }
    requireUnset(earlyRefreshBeta < 0, "earlyRefresh", earlyRefreshBeta);
    this.earlyRefreshBeta = beta;
    return this;
  }

  /**
   * Keeps an expired value for up to {@code duration} past its expiry and serves it when the loader fails (counted
   * as {@code staleServedCount}); later reads keep retrying the loader. Needs an expiry.
   *
   * @param duration how long past expiry a stale value may be served, more than zero
   * @return this builder
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   * @throws IllegalStateException if it was already set
   */
  public CacheBuilder<K, V> staleIfError(Duration duration) {
    requirePositive(duration, "staleIfError");
    requireUnset(staleIfError == null, "staleIfError", staleIfError);
    this.staleIfError = duration;
    return this;
  }

  /**
   * Remembers a loader's "absent" answer ({@code null}) for {@code ttl}, so that a key with no value does not hit the
   * backend on every read. While remembered, reads return {@code null} without loading and count as hits.
   *
   * @param ttl how long an absence is remembered, more than zero
   * @return this builder
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if it was already set
   */
  public CacheBuilder<K, V> negativeCaching(Duration ttl) {
    requirePositive(ttl, "negativeCaching");
    requireUnset(negativeCaching == null, "negativeCaching", negativeCaching);
    this.negativeCaching = ttl;
    return this;
  }

  /**
   * Removes expired entries promptly, at their expiry (the listener hears {@code EXPIRED} then), instead of lazily
   * when they are next touched or on {@link Cache#cleanUp()}. The cache never shuts the scheduler down.
   *
   * @param scheduler the scheduler, for example {@link Scheduler#systemScheduler()}
   * @return this builder
   * @throws NullPointerException if {@code scheduler} is null
   * @throws IllegalStateException if it was already set
   */
  public CacheBuilder<K, V> scheduler(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    requireUnset(this.scheduler == null, "scheduler", this.scheduler);
    this.scheduler = scheduler;
    return this;
  }

  /**
   * Sets the random source of {@link #expiryJitter} and {@link #earlyRefresh}. Defaults to
   * {@link ThreadLocalRandom}; tests pass a seeded one (it must be thread-safe, as {@link java.util.Random} is).
   *
   * @param random the random source
   * @return this builder
   * @throws NullPointerException if {@code random} is null
   * @throws IllegalStateException if it was already set
   */
  public CacheBuilder<K, V> random(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    requireUnset(this.random == null, "random", this.random);
    this.random = random;
    return this;
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

  /**
   * Builds a cache whose loads return futures.
   *
   * @param <K1> the key type
   * @param <V1> the value type
   * @return a new asynchronous cache
   * @throws IllegalStateException if the settings conflict or the store cannot do what they ask
   */
  public <K1 extends K, V1 extends V> AsyncCache<K1, V1> buildAsync() {
    return new AsyncCacheView<>(new CacheFacade<K1, V1>(spec(), null));
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
          + maximumSize + ")); " + storeFactory.boundAdvice());
    }
    if (maximumWeight != UNSET && !storeFactory.capabilities().contains(Capability.MAXIMUM_WEIGHT)) {
      throw new IllegalStateException(storeFactory + " cannot bound the total weight (maximumWeight("
          + maximumWeight + ")); " + storeFactory.boundAdvice());
    }
    boolean shared = storeFactory.capabilities().contains(Capability.SHARED);
    if (shared && ticker == Ticker.system()) {
      throw new IllegalStateException(storeFactory + " is shared with other processes or outlives this one, so its "
          + "times must come from a wall clock every process reads alike; drop ticker(Ticker.system()) to get the "
          + "default, Ticker.wallClock()");
    }
    boolean expires = expireAfterWrite != null || expireAfterAccess != null || expiry != null;
    if (!expires) {
      for (String needsExpiry : new String[] {
          expiryJitter >= 0 ? "expiryJitter(" + expiryJitter + ")" : null,
          earlyRefreshBeta > 0 ? "earlyRefresh(" + earlyRefreshBeta + ")" : null,
          staleIfError != null ? "staleIfError(" + staleIfError + ")" : null}) {
        if (needsExpiry != null) {
          throw new IllegalStateException(needsExpiry + " needs entries that expire; set expireAfterWrite, "
              + "expireAfterAccess or expireAfter too");
        }
      }
    }
    if (scheduler != null && !expires && negativeCaching == null) {
      throw new IllegalStateException("scheduler(" + scheduler + ") removes expired entries, but nothing expires; "
          + "set an expiry too, or drop the scheduler");
    }
    if (refreshAfterWrite != null && expireAfterWrite != null && refreshAfterWrite.compareTo(expireAfterWrite) >= 0) {
      throw new IllegalStateException("refreshAfterWrite(" + refreshAfterWrite + ") must be shorter than "
          + "expireAfterWrite(" + expireAfterWrite + "), or entries expire before they are ever refreshed");
    }
    return new CacheSpec(
        name == null ? "cache-" + SEQUENCE.incrementAndGet() : name,
        storeFactory,
        maximumSize,
        maximumWeight,
        weigher,
        evictionPolicy,
        ticker != null ? ticker : shared ? Ticker.wallClock() : Ticker.system(),
        executor == null ? ForkJoinPool.commonPool() : executor,
        recordStats,
        removalListener,
        nanos(expireAfterWrite),
        nanos(expireAfterAccess),
        expiry,
        Math.max(0, expiryJitter),
        nanos(refreshAfterWrite),
        Math.max(0, earlyRefreshBeta),
        staleIfError == null ? 0 : nanos(staleIfError),
        nanos(negativeCaching),
        scheduler,
        random == null ? ThreadLocalRandom.current() : random);
  }

  /** Converts a setting to nanoseconds; unset or too long to count is "never". */
  private static long nanos(Duration duration) {
    if (duration == null) {
      return Long.MAX_VALUE;
    }
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static void requireNonNegative(Duration duration, String setting) {
    Objects.requireNonNull(duration, setting);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(setting + " must not be negative: " + duration);
    }
  }

  private static void requirePositive(Duration duration, String setting) {
    Objects.requireNonNull(duration, setting);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(setting + " must be more than zero: " + duration);
    }
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
    addIfSet(settings, "expireAfterWrite", expireAfterWrite);
    addIfSet(settings, "expireAfterAccess", expireAfterAccess);
    addIfSet(settings, "expireAfter", expiry);
    addIfSet(settings, "expiryJitter", expiryJitter >= 0 ? expiryJitter : null);
    addIfSet(settings, "refreshAfterWrite", refreshAfterWrite);
    addIfSet(settings, "earlyRefresh", earlyRefreshBeta >= 0 ? earlyRefreshBeta : null);
    addIfSet(settings, "staleIfError", staleIfError);
    addIfSet(settings, "negativeCaching", negativeCaching);
    addIfSet(settings, "scheduler", scheduler);
    addIfSet(settings, "random", random);
    return settings.toString();
  }

  private static void addIfSet(StringJoiner settings, String name, Object value) {
    if (value != null) {
      settings.add(name + "=" + value);
    }
  }
}
