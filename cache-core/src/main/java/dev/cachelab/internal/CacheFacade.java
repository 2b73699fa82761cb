package dev.cachelab.internal;

import dev.cachelab.CacheLoadException;
import dev.cachelab.CacheLoader;
import dev.cachelab.CacheStats;
import dev.cachelab.LoadingCache;
import dev.cachelab.RemovalCause;
import dev.cachelab.RemovalListener;
import dev.cachelab.Ticker;
import dev.cachelab.Weigher;
import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreFactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The cache every builder returns, whatever the store: it owns the semantics (single flight, recursion, expiry,
 * refresh, statistics, removal notifications, error handling) and uses the {@link Store} only as storage. The store
 * holds {@link Stamped} values: the user's value plus the times that decide its expiry and refresh.
 *
 * <p><b>Single flight.</b> A miss registers a {@link Load} for its key in {@link #loads}; a second thread missing
 * the same key finds it and waits for its result instead of loading again. The loader runs on the registering
 * thread with no lock held, so it may ask this cache for other keys (memoized recursion). A load that would wait for
 * itself — its own key, or a cycle of loads across threads — fails with {@link IllegalStateException} instead of
 * deadlocking.
 *
 * <p><b>Writes versus loads and refreshes.</b> Every write of a key (put, invalidate, the map view's atomic
 * operations, a load's result) holds the key's lock stripe. A user's write marks a running load of that key as
 * superseded, and any write marks a running refresh as superseded: a superseded load hands its value to its callers
 * but does not store it, and a superseded refresh is discarded, so neither can bring back an older value after a
 * newer write.
 *
 * <p><b>Time.</b> Expiry is decided here, from the ticker, on every read: an expired entry is never returned (with
 * {@code staleIfError}, it is kept for that long past expiry and served only when its reload fails). Removal is lazy
 * — on the next read, on {@link #cleanUp()}, or at expiry when a scheduler is set. A refresh ({@code
 * refreshAfterWrite}, XFetch's early refresh, or {@link #refresh}) runs on the executor while readers keep getting
 * the current value; once an entry has expired, readers load it themselves and never wait for a refresh.
 *
 * <p><b>What lives elsewhere.</b> The hit path (the read methods and {@link #afterHit}) stays here, in one place.
 * The rest is split by concern: {@link Refresher} runs background reloads, {@link BulkLoad} the {@code getAll}s of
 * this cache and its {@link AsyncCacheView}, {@link ExpirySweeper} the {@code cleanUp} sweep and the scheduler's
 * wake-ups, {@link StoreCalls} turns a failing store into counted, rate-limited-logged misses, {@link Notifier}
 * delivers removal notifications once no cachelab lock is held, and {@link StatsCounter} counts (or, without
 * {@code recordStats()}, is a null object that does nothing).
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class CacheFacade<K, V> implements LoadingCache<K, V> {

  private static final System.Logger LOG = System.getLogger(CacheFacade.class.getName());
  /** Lock stripes. Package-private: CacheLincheckTest sets Lincheck's loop bound above it (see there). */
  static final int STRIPES = 64;
  /**
   * Longs between two stripes' write counters in {@link #stripeWrites}: eight longs are 64 bytes, one cache line, so
   * two threads writing keys of different stripes never contend on one line (false sharing).
   */
  private static final int COUNTER_SPACING = 8;
  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(CacheFacade.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final StoreCalls<K, V> store;
  private final CacheLoader<? super K, V> loader;
  private final RemovalListener<? super K, ? super V> listener;
  private final Notifier<K, V> notifier;
  private final boolean remote;
  private final Executor executor;
  private final Ticker ticker;
  private final StatsCounter stats;
  private final Lifetimes<K, V> lifetimes;
  /** Whether reads must read the ticker: entries expire, or may be refreshed by age. */
  private final boolean timed;
  /**
   * Whether writes must read the ticker: the cache is {@link #timed}, or its store is shared
   * ({@code Capability.SHARED}), where another process's cache may be timed and read this write's time. Otherwise a
   * write is stamped at time 0: nothing ever reads the time of an untimed write in a store of this process's own,
   * and reading the clock costs about as much as the rest of a put's bookkeeping.
   */
  private final boolean stampsTime;
  /**
   * Whether a {@code put} may skip fetching the entry it replaces ({@link Store#set}): nobody listens for removals
   * and nothing expires, so what a put replaces is neither reported nor counted.
   */
  private final boolean blindPuts;
  private final boolean expires;
  private final long refreshAfterWriteNanos;
  private final double earlyRefreshBeta;
  private final long staleIfErrorNanos;
  private final RandomGenerator random;
  private final Refresher<K, V> refresher;
  private final ExpirySweeper<K, V> sweeper;
  /** The cache loader adapted for background reloads; {@code null} without a loader. */
  private final AsyncLoader<K, V> loaderReload;

  private final ConcurrentHashMap<K, Load<K, V>> loads = new ConcurrentHashMap<>();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  /** User writes per stripe, counted under the stripe's lock once stored; see {@link #writeMarks()}. */
  private final AtomicLongArray stripeWrites = new AtomicLongArray(STRIPES * COUNTER_SPACING);
  /** Set once by {@link #close()}, through {@link #CLOSED}; a field of its own so that every call's check is one read. */
  private volatile boolean closed;
  private volatile MapView<K, V> mapView;

  /**
   * Builds a cache from a validated spec.
   *
   * @param spec the builder's snapshot
   * @param loader the cache's loader, or {@code null} for a plain {@code Cache}
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public CacheFacade(CacheSpec spec, CacheLoader<? super K, V> loader) {
    this.name = spec.name();
    this.loader = loader;
    this.loaderReload = (loader == null) ? null : syncReload(loader::load);
    this.listener = (RemovalListener) spec.removalListener();
    this.executor = spec.executor();
    this.notifier = new Notifier<>(name, listener, executor);
    this.remote = spec.store().capabilities().contains(StoreFactory.Capability.REMOTE);
    this.ticker = spec.ticker();
    this.stats = spec.recordStats() ? StatsCounter.recording() : StatsCounter.DISABLED;
    this.random = spec.random();
    this.lifetimes = new Lifetimes<>(spec.expireAfterWriteNanos(), spec.expireAfterAccessNanos(),
        (dev.cachelab.Expiry) spec.expiry(), spec.negativeCachingNanos(), spec.expiryJitter(), random);
    this.expires = lifetimes.expires() || lifetimes.cachesAbsence();
    this.refreshAfterWriteNanos = spec.refreshAfterWriteNanos();
    this.earlyRefreshBeta = spec.earlyRefreshBeta();
    this.staleIfErrorNanos = spec.staleIfErrorNanos();
    this.timed = expires || refreshAfterWriteNanos != Stamped.NEVER;
    this.stampsTime = timed || spec.store().capabilities().contains(StoreFactory.Capability.SHARED);
    this.blindPuts = listener == null && !expires;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    StoreConfig<K, V> config = new StoreConfig<>(name, spec.maximumSize(), spec.maximumWeight(),
        (Weigher<? super K, ? super V>) spec.weigher(), spec.evictionPolicy(), executor,
        listener == null && !spec.recordStats() ? StoreConfig.ignoringEvictions() : this::onEviction);
    this.store = new StoreCalls<>(name, spec.store().create(config), stats, ticker);
    this.refresher = new Refresher<>(this, store, stats, ticker, lifetimes);
    this.sweeper = new ExpirySweeper<>(this, store, ticker, staleIfErrorNanos, expires ? spec.scheduler() : null);
  }

  // ---- reads ------------------------------------------------------------------------------------------------

  @Override
  public V getIfPresent(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    return present(key, store.read(key));
  }

  /** {@link #getIfPresent} once the store has answered: counts, extends, may start a refresh. */
  private V present(K key, Stamped<V> entry) {
    long now = timed ? ticker.read() : 0;
    if (isLive(entry, now)) {
      recordHit();
      if (afterHit(key, entry, now) && loaderReload != null) {
        refresher.start(key, entry, loaderReload);
      }
      return entry.value();
    }
    recordMiss();
    if (entry != null) {
      expired(key, entry, now);
    }
    return null;
  }

  /**
   * {@link #getIfPresent} of several keys with one call to the store (one round trip on a remote store); the keys
   * with a live value, in the order given.
   */
  Map<K, V> presentAll(Set<K> keys) {
    Map<K, Stamped<V>> fetched = store.readAll(keys);
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : keys) {
      V value = present(key, fetched.get(key));
      if (value != null) {
        found.put(key, value);
      }
    }
    return found;
  }

  @Override
  public V get(K key, Function<? super K, ? extends V> mappingFunction) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(mappingFunction, "loader");
    Stamped<V> entry = store.read(key);
    long now = timed ? ticker.read() : 0;
    if (isLive(entry, now)) {
      recordHit();
      if (afterHit(key, entry, now)) {
        refresher.start(key, entry, syncReload(mappingFunction::apply));
      }
      return entry.value();
    }
    return miss(key, entry, now, mappingFunction::apply);
  }

  @Override
  public V get(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    CacheLoader<? super K, V> cacheLoader = requireLoader();
    Stamped<V> entry = store.read(key);
    long now = timed ? ticker.read() : 0;
    if (isLive(entry, now)) {
      recordHit();
      if (afterHit(key, entry, now)) {
        refresher.start(key, entry, loaderReload);
      }
      return entry.value();
    }
    return miss(key, entry, now, cacheLoader::load);
  }

  private boolean isLive(Stamped<V> entry, long now) {
    return entry != null && !(expires && entry.isExpired(now));
  }

  /** A read found nothing live: count the miss, deal with an expired entry, and load. */
  private V miss(K key, Stamped<V> entry, long now, Loader<K, V> loadFunction) {
    recordMiss();
    Stamped<V> stale = (entry == null) ? null : expired(key, entry, now);
    return load(key, loadFunction, stale);
  }

  /**
   * A read found a live entry: extends its access expiry; returns whether a background refresh is due. Free when
   * nothing is timed.
   */
  private boolean afterHit(K key, Stamped<V> entry, long now) {
    if (!timed) {
      return false;
    }
    Stamped<V> touched = lifetimes.onRead(key, entry, now);
    if (touched != null) {
      store.replace(key, entry, touched); // if a write came in between, it wins and the touch is dropped
    }
    return !entry.isAbsent() && refreshDue(entry, now);
  }

  /**
   * A refresh is due when the entry is older than {@code refreshAfterWrite}, or when XFetch volunteers (Vattani,
   * Chierichetti, Lowenstein, "Optimal Probabilistic Cache Stampede Prevention", VLDB 2015): recompute early when
   * {@code delta × beta × −ln(r) ≥ time left}, with delta the time the value took to compute and r uniform in
   * (0, 1]. The closer the expiry and the slower the computation, the likelier a read volunteers; beta above 1
   * favours earlier refreshes.
   */
  private boolean refreshDue(Stamped<V> entry, long now) {
    if (now - entry.writeTime() >= refreshAfterWriteNanos) {
      return true;
    }
    if (earlyRefreshBeta > 0 && entry.loadNanos() > 0 && entry.expires()) {
      double r = 1.0 - random.nextDouble(); // in (0, 1]
      return entry.loadNanos() * earlyRefreshBeta * -Math.log(r) >= entry.remaining(now);
    }
    return false;
  }

  /**
   * Handles an expired entry that a read found: returns it if it may still be served when a reload fails
   * ({@code staleIfError}), otherwise removes it (notifying {@code EXPIRED}) and returns {@code null}.
   */
  private Stamped<V> expired(K key, Stamped<V> entry, long now) {
    if (!entry.isAbsent() && -entry.remaining(now) < staleIfErrorNanos) {
      return entry;
    }
    removeExpired(key, entry);
    return null;
  }

  /** Removes {@code entry} if the store still holds it, and reports it as expired. */
  void removeExpired(K key, Stamped<V> entry) {
    boolean removed = false;
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      removed = store.remove(key, entry);
    } finally {
      lock.unlock();
    }
    if (removed && !entry.isAbsent()) {
      stats.expiration();
      notifyRemoval(key, entry.value(), RemovalCause.EXPIRED);
    }
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    return Collections.unmodifiableMap(presentAll(collectKeys(keys)));
  }

  @Override
  public Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
    Objects.requireNonNull(bulkLoader, "bulkLoader");
    return getAllOrLoad(keys, bulkLoader::apply);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<K, V> getAll(Iterable<? extends K> keys) {
    // The loader accepts a supertype of K; the keys it returns were given to it as Ks.
    CacheLoader<K, V> cacheLoader = (CacheLoader<K, V>) requireLoader();
    return getAllOrLoad(keys, cacheLoader::loadAll);
  }

  private Map<K, V> getAllOrLoad(Iterable<? extends K> keys, BulkLoader<K, V> bulkLoader) {
    BulkLoad<K, V> bulk = new BulkLoad<>(this, keys);
    if (bulk.missing().isEmpty()) {
      return bulk.result();
    }
    bulk.started();
    Map<? extends K, ? extends V> loaded;
    try {
      loaded = bulkLoader.loadAll(bulk.missing());
    } catch (Throwable failure) {
      throw bulk.failed(failure);
    }
    return bulk.loaded(loaded);
  }

  /**
   * Returns the write counts of the lock stripes: a bulk load takes them before it reads the store, and stores a
   * value only if its key's stripe has counted no user write since (a write is counted once its value is stored, see
   * {@link #countWrite}). A single load is a registered {@link Load} that a write of its
   * key marks superseded; a bulk load cannot register its answer for keys it did not ask for (a loader may return
   * extra entries), so it compares counts instead. A write to another key of the same stripe (one in 64)
   * then also keeps a value out of the cache, which only costs a later miss.
   */
  long[] writeMarks() {
    long[] marks = new long[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      marks[i] = stripeWrites.get(i * COUNTER_SPACING);
    }
    return marks;
  }

  /** Stores one value of a bulk load unless a user's write to its stripe came after {@code marks}. */
  void storeLoaded(K key, V value, long[] marks) {
    int index = stripeIndex(key);
    ReentrantLock lock = stripes[index];
    lock.lock();
    Notifier.locked(); // what the write replaces is reported once the lock is released
    try {
      if (!closed && stripeWrites.get(index * COUNTER_SPACING) == marks[index]) {
        refresher.supersede(key); // a newer value than the one a running refresh started from
        putLocked(key, value);
      }
    } finally {
      lock.unlock();
      Notifier.unlocked();
    }
  }

  private static <K> Set<K> collectKeys(Iterable<? extends K> keys) {
    Set<K> requested = new LinkedHashSet<>();
    for (K key : keys) {
      requested.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    return requested;
  }

  // ---- single flight ----------------------------------------------------------------------------------------

  /**
   * Registers a load of {@code key}, or returns the one already running. If a load of the key completed since the
   * caller's miss, completes {@code mine} with its value right away.
   */
  private Load<K, V> register(Load<K, V> mine) {
    ReentrantLock lock = stripe(mine.key);
    lock.lock();
    try {
      Load<K, V> running = loads.putIfAbsent(mine.key, mine);
      if (running != null && running.abandoned()) { // its thread died mid-load (see Load.abandoned): start anew
        running.abandonIfOwnerDied();
        loads.replace(mine.key, running, mine);
        running = null;
      }
      if (running != null) {
        return running;
      }
      // A load of this key may have completed between our miss and our registration.
      Stamped<V> present = store.get(mine.key);
      if (present != null && !(expires && present.isExpired(ticker.read()))) {
        loads.remove(mine.key, mine);
        mine.result.complete(present.value());
      }
      return mine;
    } finally {
      lock.unlock();
    }
  }

  private V load(K key, Loader<K, V> loadFunction, Stamped<V> stale) {
    Load<K, V> mine = new Load<>(key, Thread.currentThread());
    Load<K, V> running = register(mine);
    if (running != mine) {
      return await(running);
    }
    if (mine.result.isDone()) {
      return mine.result.getNow(null);
    }
    try (LoadLease<V> lease = store.beginLoad(key)) {
      if (adopt(mine, lease)) {
        return mine.result.getNow(null);
      }
      long start = ticker.read();
      V value;
      try {
        value = loadFunction.load(key);
      } catch (Throwable failure) {
        recordLoad(false, start);
        if (serveStale(mine, stale)) {
          return stale.value();
        }
        fail(mine, failure);
        if (failure instanceof LoadCycleException cycle) {
          throw cycle;
        }
        if (failure instanceof Error error) {
          throw error;
        }
        throw new CacheLoadException("load of key " + key + " failed in cache '" + name + "'", failure);
      }
      recordLoad(value != null, start);
      finish(mine, value, ticker.read() - start, stale);
      return value;
    }
  }

  /**
   * Completes {@code load} with the entry another process produced while this one waited for its lease (distributed
   * single flight), if there is a live one; returns whether it did. The entry is in the store already.
   */
  private boolean adopt(Load<K, V> load, LoadLease<V> lease) {
    Stamped<V> produced = lease.entry();
    if (produced == null || (expires && produced.isExpired(ticker.read()))) {
      return false;
    }
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
    } finally {
      lock.unlock();
    }
    load.result.complete(produced.value());
    return true;
  }

  /** When a load fails within {@code staleIfError} of its entry's expiry, serves the stale value to every waiter. */
  private boolean serveStale(Load<K, V> load, Stamped<V> stale) {
    if (stale == null || -stale.remaining(ticker.read()) >= staleIfErrorNanos) {
      return false;
    }
    stats.staleServed();
    load.servedStale = true;
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
    } finally {
      lock.unlock();
    }
    load.result.complete(stale.value());
    return true;
  }

  /**
   * Stores a load's value (or remembered absence) unless a user's write overtook it, then releases the waiters.
   * A {@code null} value without negative caching stores nothing, and drops the expired entry it replaced.
   */
  private void finish(Load<K, V> load, V value, long loadNanos, Stamped<V> previous) {
    Stamped<V> replaced = null;
    boolean stored = false;
    long now = writeTime();
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    Notifier.locked(); // evictions the write causes are reported once the lock is released
    try {
      loads.remove(load.key, load);
      if (!load.superseded && !closed && (value != null || lifetimes.cachesAbsence())) {
        refresher.supersede(load.key);
        Stamped<V> stamped = lifetimes.stamp(load.key, value, now, loadNanos, previous);
        replaced = store.put(load.key, stamped);
        stored = true;
      }
    } catch (RuntimeException e) { // the store refused the value (a codec that does not fit): no waiter may hang
      load.result.completeExceptionally(e);
      throw e;
    } finally {
      lock.unlock();
      Notifier.unlocked();
    }
    load.result.complete(value);
    if (stored) {
      sweeper.schedule(load.key, now);
      notifyReplaced(load.key, replaced, now);
    } else if (previous != null && value == null) {
      removeExpired(load.key, previous);
    }
  }

  private void fail(Load<K, V> load, Throwable failure) {
    ReentrantLock lock = stripe(load.key);
    lock.lock();
    try {
      loads.remove(load.key, load);
    } finally {
      lock.unlock();
    }
    load.result.completeExceptionally(failure);
  }

  private V await(Load<K, V> running) {
    V value = running.await(name);
    if (running.servedStale) {
      stats.staleServed();
    }
    return value;
  }

  // ---- asynchronous loading (AsyncCache) --------------------------------------------------------------------

  /** The asynchronous get-or-load: single flight shares one load; each caller gets its own copy of the future. */
  CompletableFuture<V> getAsync(K key, AsyncLoader<K, V> asyncLoader) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Stamped<V> entry = store.get(key);
    long now = timed ? ticker.read() : 0;
    if (entry != null && !(expires && entry.isExpired(now))) {
      recordHit();
      if (afterHit(key, entry, now)) {
        refresher.start(key, entry, asyncLoader);
      }
      return CompletableFuture.completedFuture(entry.value());
    }
    recordMiss();
    Stamped<V> stale = (entry == null) ? null : expired(key, entry, now);
    Load<K, V> mine = new Load<>(key, null);
    Load<K, V> running = register(mine);
    if (running == mine && !mine.result.isDone()) {
      startAsyncLoad(mine, asyncLoader, stale);
    }
    return running.result.copy();
  }

  /** Returns the in-flight load of {@code key} (a copy), or {@code null}. */
  CompletableFuture<V> loadingFuture(K key) {
    Load<K, V> running = loads.get(key);
    return running == null ? null : running.result.copy();
  }

  private void startAsyncLoad(Load<K, V> mine, AsyncLoader<K, V> asyncLoader, Stamped<V> stale) {
    LoadLease<V> lease = store.beginLoad(mine.key);
    if (adopt(mine, lease)) {
      lease.close();
      return;
    }
    long start = ticker.read();
    CompletableFuture<? extends V> pending;
    try {
      // While the loader builds its future, this thread runs the load: a loader that asks for its own key right
      // here fails fast as a synchronous one does, instead of waiting for a future it has not returned yet.
      mine.owner = Thread.currentThread();
      try {
        pending = Objects.requireNonNull(asyncLoader.start(mine.key), "the async loader returned a null future");
      } finally {
        mine.owner = null;
      }
    } catch (Throwable failure) {
      recordLoad(false, start);
      if (!serveStale(mine, stale)) {
        fail(mine, failure);
      }
      lease.close();
      return;
    }
    pending.whenComplete((value, failure) -> {
      try {
        if (failure != null) {
          recordLoad(false, start);
          if (!serveStale(mine, stale)) {
            fail(mine, unwrap(failure));
          }
        } else {
          recordLoad(value != null, start);
          finish(mine, value, ticker.read() - start, stale);
        }
      } finally {
        lease.close();
      }
    });
  }

  static Throwable unwrap(Throwable failure) {
    return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
  }

  // ---- refresh ----------------------------------------------------------------------------------------------

  @Override
  public CompletableFuture<V> refresh(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    AsyncLoader<K, V> reload = syncReload(requireLoader()::load);
    Stamped<V> current = store.get(key);
    if (current != null && expires && current.isExpired(ticker.read())) {
      current = null;
    }
    return refresher.start(key, current, reload).copy();
  }

  /** Adapts a synchronous loader to a reload that runs on the executor thread and completes at once. */
  private static <K, V> AsyncLoader<K, V> syncReload(Loader<K, V> loadFunction) {
    return key -> CompletableFuture.completedFuture(loadFunction.load(key));
  }

  // ---- writes -----------------------------------------------------------------------------------------------

  @Override
  public void put(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (blindPuts) {
      overwrite(key, value);
    } else {
      write(key, value);
    }
  }

  /** Writes a value, overtaking any running load or refresh of the key. Returns the old live value. */
  V write(K key, V value) {
    ReentrantLock lock = stripe(key);
    lock.lock();
    Notifier.locked(); // what it replaces is reported once the lock is released
    try {
      supersede(key);
      return putLocked(key, value);
    } finally {
      countWrite(key); // once the value is stored, still under the lock: see countWrite
      lock.unlock();
      Notifier.unlocked();
    }
  }

  /**
   * {@link #write} when nobody needs what the put replaces ({@link #blindPuts}): the store need not fetch it. With no
   * listener there is no notification to hold back until the lock is released (evictions it causes are counted by
   * {@link #onEviction} and go nowhere else).
   */
  private void overwrite(K key, V value) {
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      supersede(key);
      store.overwrite(key, lifetimes.stamp(key, value, writeTime(), 0, null));
    } finally {
      countWrite(key); // once the value is stored, still under the lock: see countWrite
      lock.unlock();
    }
  }

  /** The time to stamp a write with: the ticker's reading, or 0 when nothing will read it ({@link #stampsTime}). */
  long writeTime() {
    return stampsTime ? ticker.read() : 0;
  }

  /**
   * Stores {@code value} and reports what it replaced: {@code REPLACED}, or {@code EXPIRED} for an entry whose time
   * had run out. Caller holds the key's stripe lock. Returns the old value if it was live.
   */
  V putLocked(K key, V value) {
    long now = writeTime();
    Stamped<V> live = null;
    if (lifetimes.usesPreviousLifetime()) { // an Expiry's expireAfterUpdate wants the time the old value had left
      Stamped<V> previous = store.get(key);
      live = (previous == null || previous.isExpired(now)) ? null : previous;
    }
    Stamped<V> replaced = store.write(key, lifetimes.stamp(key, value, now, 0, live));
    sweeper.schedule(key, now);
    notifyReplaced(key, replaced, now);
    return (replaced == null || replaced.isAbsent() || (expires && replaced.isExpired(now))) ? null : replaced.value();
  }

  /** Removes a key and reports it ({@code EXPLICIT}, or {@code EXPIRED}). Caller holds the stripe lock. */
  V removeLocked(K key) {
    Stamped<V> removed = store.delete(key);
    if (removed == null || removed.isAbsent()) {
      return null;
    }
    long now = timed ? ticker.read() : 0;
    if (expires && removed.isExpired(now)) {
      reportExpired(key, removed);
      return null;
    }
    notifyRemoval(key, removed.value(), RemovalCause.EXPLICIT);
    return removed.value();
  }

  /** Returns the live entry of {@code key} without counting a read, or {@code null}. Caller holds the stripe lock. */
  Stamped<V> peekLocked(K key) {
    Stamped<V> entry = store.get(key);
    if (entry == null || entry.isAbsent() || (expires && entry.isExpired(ticker.read()))) {
      return null;
    }
    return entry;
  }

  /*
   * The conditional writes of the map view. Under the key's stripe lock no other write of the key can come in, but
   * the store may still evict the entry that was read (evictions take no stripe lock). So a write that depends on
   * what was read is a compare-and-set on the store: it replaces or removes exactly the write it read, or nothing.
   * A write that found nothing needs no such check: only writes through this cache, all under the stripe, insert.
   */

  /**
   * Replaces {@code expected}, a live entry read under the stripe lock, with {@code value} and reports it replaced;
   * returns {@code false}, having written nothing, if the store evicted it meanwhile. Caller holds the stripe lock.
   */
  boolean replaceLocked(K key, Stamped<V> expected, V value) {
    long now = writeTime();
    if (!store.replace(key, expected, lifetimes.stamp(key, value, now, 0, expected))) {
      return false;
    }
    sweeper.schedule(key, now);
    notifyReplaced(key, expected, now);
    return true;
  }

  /**
   * Removes {@code expected}, a live entry read under the stripe lock, and reports it ({@code EXPLICIT}, or
   * {@code EXPIRED} if its time ran out since); returns {@code false} if the store evicted it meanwhile. Caller holds
   * the stripe lock.
   */
  boolean removeLocked(K key, Stamped<V> expected) {
    if (!store.remove(key, expected)) {
      return false;
    }
    if (expires && expected.isExpired(ticker.read())) {
      reportExpired(key, expected);
    } else {
      notifyRemoval(key, expected.value(), RemovalCause.EXPLICIT);
    }
    return true;
  }

  private void notifyReplaced(K key, Stamped<V> replaced, long now) {
    if (replaced == null || replaced.isAbsent()) {
      return;
    }
    if (expires && replaced.isExpired(now)) {
      reportExpired(key, replaced);
    } else {
      notifyRemoval(key, replaced.value(), RemovalCause.REPLACED);
    }
  }

  private void reportExpired(K key, Stamped<V> entry) {
    stats.expiration();
    notifyRemoval(key, entry.value(), RemovalCause.EXPIRED);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    checkOpen();
    Objects.requireNonNull(entries, "entries");
    entries.forEach((key, value) -> {
      Objects.requireNonNull(key, "entries must not contain a null key");
      Objects.requireNonNull(value, "entries must not contain a null value");
    });
    if (entries.size() < 2 || lifetimes.usesPreviousLifetime()) {
      entries.forEach(this::write);
      return;
    }
    writeAll(entries);
  }

  /**
   * {@link #putAll} in one call to the store (one round trip on a remote store), under every stripe lock its keys
   * fall in, taken in index order so that two bulk writes cannot deadlock. Notifies as {@link #putLocked} does.
   */
  private void writeAll(Map<? extends K, ? extends V> entries) {
    int[] held = entries.keySet().stream().mapToInt(CacheFacade::stripeIndex).distinct().sorted().toArray();
    for (int index : held) {
      stripes[index].lock();
    }
    Notifier.locked(); // what the writes replace is reported once the locks are released
    try {
      long now = writeTime();
      Map<K, Stamped<V>> stamped = new LinkedHashMap<>();
      entries.forEach((key, value) -> {
        supersede(key);
        stamped.put(key, lifetimes.stamp(key, value, now, 0, null));
      });
      Map<K, Stamped<V>> replaced = store.writeAll(stamped);
      for (K key : stamped.keySet()) {
        sweeper.schedule(key, now);
        notifyReplaced(key, replaced.get(key), now);
      }
    } finally {
      entries.keySet().forEach(this::countWrite); // once the values are stored: see countWrite
      for (int i = held.length - 1; i >= 0; i--) {
        stripes[held[i]].unlock();
      }
      Notifier.unlocked();
    }
  }

  @Override
  public void invalidate(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    remove(key);
  }

  /** Removes a key, overtaking any running load or refresh of it. Returns the old live value. */
  @SuppressWarnings("unchecked")
  V remove(Object key) {
    return atomically((K) key, this::removeLocked);
  }

  @Override
  public void invalidateAll(Iterable<? extends K> keys) {
    checkOpen();
    for (K key : collectKeys(Objects.requireNonNull(keys, "keys"))) {
      remove(key);
    }
  }

  @Override
  public void invalidateAll() {
    checkOpen();
    for (int i = 0; i < STRIPES; i++) { // a bulk load running now must not store, after this, what it loaded before
      stripes[i].lock();
      try {
        stripeWrites.incrementAndGet(i * COUNTER_SPACING);
      } finally {
        stripes[i].unlock();
      }
    }
    for (K key : loads.keySet()) {
      atomically(key, k -> null);
    }
    for (K key : refresher.keys()) {
      atomically(key, k -> null);
    }
    if (listener == null) {
      store.clear();
      return;
    }
    Iterator<Map.Entry<K, Stamped<V>>> entries = store.iterator();
    while (entries.hasNext()) {
      remove(entries.next().getKey());
    }
  }

  /**
   * Marks running loads and refreshes of {@code key} as overtaken by a user's write. Caller holds the stripe. The
   * load also leaves {@link #loads}: its callers still get its value, but a caller that arrives after the write
   * starts a load of its own instead of joining one that began before the write (as Guava and Caffeine do).
   */
  private void supersede(K key) {
    Load<K, V> running = loads.remove(key);
    if (running != null) {
      running.superseded = true;
    }
    refresher.supersede(key);
  }

  /**
   * Counts a user's write of {@code key} in its stripe's write count (see {@link #writeMarks()}), after the write
   * reached the store, still under the stripe lock. Counting when the write began was a race (found by Lincheck): a
   * bulk load could take its marks just after the count, read the store before the value was in it, miss, load, and
   * then store its value over the write, having seen no count after its marks. Counted afterwards, a bulk load whose
   * marks include the write also sees its value, and one whose marks do not sees the count change.
   */
  private void countWrite(K key) {
    stripeWrites.incrementAndGet(stripeIndex(key) * COUNTER_SPACING);
  }

  // ---- the rest of the API ----------------------------------------------------------------------------------

  @Override
  public ConcurrentMap<K, V> asMap() {
    MapView<K, V> view = mapView;
    if (view == null) {
      view = new MapView<>(this);
      mapView = view;
    }
    return view;
  }

  @Override
  public long estimatedSize() {
    checkOpen();
    return store.estimatedSize();
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  @Override
  public void cleanUp() {
    checkOpen();
    store.cleanUp();
    if (expires) {
      sweeper.sweep();
    }
  }

  @Override
  public void close() {
    if (CLOSED.compareAndSet(this, false, true)) {
      sweeper.cancel();
      store.close();
    }
  }

  @Override
  public String toString() {
    return "Cache[" + name + "]";
  }

  // ---- helpers shared with the map view and the async view --------------------------------------------------

  ReentrantLock stripe(Object key) {
    return stripes[stripeIndex(key)];
  }

  private static int stripeIndex(Object key) {
    int h = key.hashCode();
    h ^= (h >>> 16);
    return h & (STRIPES - 1);
  }

  String name() {
    return name;
  }

  /** Whether each store call is a network round trip ({@code Capability.REMOTE}). */
  boolean remote() {
    return remote;
  }

  Executor executor() {
    return executor;
  }

  /** Whether the store may hold entries that expired (or remembered absences), which reads skip. */
  boolean mayHoldExpired() {
    return expires;
  }

  long now() {
    return ticker.read();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * After {@code key} was written (by a load, a put or a refresh): books its expiry and reports what the write
   * replaced. Called with no lock held.
   */
  void written(K key, Stamped<V> replaced, long now) {
    sweeper.schedule(key, now);
    notifyReplaced(key, replaced, now);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache '" + name + "' is closed; build a new cache to go on caching");
    }
  }

  /** Runs a write of {@code key} under its stripe lock, overtaking running loads and refreshes of the key. */
  <R> R atomically(K key, Function<K, R> action) {
    ReentrantLock lock = stripe(key);
    lock.lock();
    Notifier.locked(); // removals it causes are reported once the lock is released
    try {
      supersede(key);
      return action.apply(key);
    } finally {
      countWrite(key); // once the value is stored, still under the lock: see countWrite
      lock.unlock();
      Notifier.unlocked();
    }
  }

  /** Returns a weakly consistent iterator over the live entries (not counted as reads). */
  Iterator<Map.Entry<K, V>> liveEntries() {
    Iterator<Map.Entry<K, Stamped<V>>> entries = store.iterator();
    return new Iterator<>() {
      private Map.Entry<K, V> next = advance();

      private Map.Entry<K, V> advance() {
        long now = timed ? ticker.read() : 0;
        while (entries.hasNext()) {
          Map.Entry<K, Stamped<V>> entry = entries.next();
          Stamped<V> stamped = entry.getValue();
          if (!stamped.isAbsent() && !(expires && stamped.isExpired(now))) {
            return new java.util.AbstractMap.SimpleImmutableEntry<>(entry.getKey(), stamped.value());
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Map.Entry<K, V> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Map.Entry<K, V> current = next;
        next = advance();
        return current;
      }
    };
  }

  private void recordHit() {
    stats.hit();
  }

  private void recordMiss() {
    stats.miss();
  }

  void recordLoad(boolean success, long start) {
    stats.load(success, ticker.read() - start);
  }

  private void onEviction(K key, Stamped<V> evicted) {
    if (evicted.isAbsent()) {
      return;
    }
    stats.eviction();
    notifyRemoval(key, evicted.value(), RemovalCause.SIZE);
  }

  void notifyRemoval(K key, V value, RemovalCause cause) {
    notifier.removal(key, value, cause);
  }

  /** Runs {@code task} on the executor; if the executor refuses it, on this thread. */
  void runInBackground(Runnable task) {
    notifier.runInBackground(task);
  }

  private CacheLoader<? super K, V> requireLoader() {
    if (loader == null) {
      throw new IllegalStateException("cache '" + name + "' has no CacheLoader; use get(key, loader) "
          + "or build it with CacheBuilder.build(loader)");
    }
    return loader;
  }

  /** A loader that may throw checked exceptions: both {@code Function} and {@link CacheLoader} adapt to it. */
  @FunctionalInterface
  interface Loader<K, V> {
    V load(K key) throws Exception;
  }

  /** Starts a load and returns its future: an {@code AsyncCache}'s loader, or a synchronous one adapted. */
  @FunctionalInterface
  interface AsyncLoader<K, V> {
    CompletableFuture<? extends V> start(K key) throws Exception;
  }

  @FunctionalInterface
  private interface BulkLoader<K, V> {
    Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception;
  }
}
