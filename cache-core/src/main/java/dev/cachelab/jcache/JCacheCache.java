package dev.cachelab.jcache;

import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheLoadException;
import dev.cachelab.Expiry;
import dev.cachelab.RemovalCause;
import dev.cachelab.Ticker;
import dev.cachelab.jcache.EventDispatcher.Events;
import dev.cachelab.store.StoreFactory;
import java.io.Closeable;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} over a cachelab cache of {@link Expirable} values.
 *
 * <p><b>Atomicity.</b> Every operation on one key is one {@code asMap().compute} of the cachelab cache, which runs
 * under that key's lock: the write-through {@code CacheWriter} and an {@code EntryProcessor} run inside it, as JCache
 * requires them to be atomic with the change they make. Entry listeners never run under the lock: the events are
 * collected during the compute and delivered after it ({@link EventDispatcher}).
 *
 * <p><b>Expiry.</b> The JCache {@link ExpiryPolicy} is asked on create, update and access, as the specification
 * says, and the resulting deadline travels with the value. This layer checks it on every read, so an expired entry
 * is never returned and its expired event reaches synchronous listeners before the operation returns. The same
 * deadline, plus {@link #STORE_GRACE_NANOS}, is the cachelab per-entry {@link Expiry} of the entry, so the store
 * drops entries nobody reads again; such an entry's expired event comes from the cache's executor.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class JCacheCache<K, V> implements Cache<K, V> {

  /**
   * How long after its JCache deadline an unread entry stays in the store: long enough that the reads this layer
   * makes meet expired entries themselves (and report them synchronously), short enough to bound the memory that
   * dead entries hold.
   */
  static final long STORE_GRACE_NANOS = 60_000_000_000L;

  private static final System.Logger LOG = System.getLogger(JCacheCache.class.getName());
  /** An expiry answer meaning "leave the deadline as it was". */
  private static final long UNCHANGED = Long.MIN_VALUE;

  private final String name;
  private final JCacheManager manager;
  private final CachelabConfiguration<K, V> configuration;
  private final ExpiryPolicy expiry;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final Copier copier;
  private final Ticker ticker;
  private final Executor executor = ForkJoinPool.commonPool();
  private final EventDispatcher<K, V> dispatcher = new EventDispatcher<>(executor);
  private final Statistics statistics = new Statistics();
  private final ConfigurationMXBean configurationBean = new ConfigurationMXBean(this);
  private final dev.cachelab.Cache<K, Expirable<V>> store;
  private final ConcurrentMap<K, Expirable<V>> map;
  private volatile boolean closed;

  @SuppressWarnings("unchecked") // a writer of supertypes of K and V takes K and V
  JCacheCache(String name, JCacheManager manager, CachelabConfiguration<K, V> configuration) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.expiry = configuration.getExpiryPolicyFactory().create();
    this.loader = create(configuration.getCacheLoaderFactory());
    this.writer = configuration.isWriteThrough()
        ? (CacheWriter<K, V>) create(configuration.getCacheWriterFactory()) : null;
    this.copier = configuration.isStoreByValue() ? configuration.getCopier() : null;
    boolean shared = configuration.getStore().capabilities().contains(StoreFactory.Capability.SHARED);
    this.ticker = configuration.getTicker() != null ? configuration.getTicker()
        : shared ? Ticker.wallClock() : Ticker.system();
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      dispatcher.register(listener);
    }
    statistics.setEnabled(configuration.isStatisticsEnabled());

    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().name(name).store(configuration.getStore())
        .ticker(ticker).executor(executor);
    if (configuration.getMaximumSize() != CachelabConfiguration.UNBOUNDED) {
      builder.maximumSize(configuration.getMaximumSize());
    }
    if (configuration.getEvictionPolicy() != null) {
      builder.evictionPolicy(configuration.getEvictionPolicy());
    }
    this.store = builder
        .expireAfter((K key, Expirable<V> value) -> storeLifetime(value))
        .<K, Expirable<V>>removalListener(this::onStoreRemoval)
        .build();
    this.map = store.asMap();
  }

  private static <T> T create(Factory<T> factory) {
    return factory == null ? null : factory.create();
  }

  CachelabConfiguration<K, V> configuration() {
    return configuration;
  }

  /** The cachelab cache underneath, for tests. */
  dev.cachelab.Cache<K, Expirable<V>> store() {
    return store;
  }

  Statistics statistics() {
    return statistics;
  }

  ConfigurationMXBean configurationBean() {
    return configurationBean;
  }

  // ---- reads --------------------------------------------------------------------------------------------------

  @Override
  public V get(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = ticker.read();
    Events<K, V> events = events();
    V value;
    try {
      value = read(key, events);
      if (value == null && loader != null && configuration.isReadThrough()) {
        value = load(key, events);
      }
    } finally {
      dispatcher.publish(events);
    }
    statistics.getTime(ticker.read() - start);
    return value;
  }

  /** Reads a live value (counting a hit or a miss, applying access expiry), or returns null. */
  private V read(K key, Events<K, V> events) {
    Expirable<V> entry = map.get(key);
    long now = ticker.read();
    if (entry != null && entry.isExpired(now)) {
      expire(key, entry, events);
      entry = null;
    }
    if (entry == null) {
      statistics.misses(1);
      return null;
    }
    statistics.hits(1);
    accessed(key, entry, now);
    return copyOut(entry.value());
  }

  /** Read-through: loads a missing value once however many threads ask (cachelab's single flight). */
  private V load(K key, Events<K, V> events) {
    Object[] loaded = new Object[1];
    Expirable<V> entry;
    try {
      entry = store.get(key, k -> {
        V value = loader.load(k);
        if (value == null) {
          return null;
        }
        loaded[0] = value;
        long now = ticker.read();
        long deadline = deadline(creationLifetime(), now, Expirable.ETERNAL);
        if (isZero(deadline, now)) {
          return null; // created already expired: handed to the caller, never stored
        }
        V copy = copyIn(value);
        events.created(k, copy);
        return new Expirable<>(copy, deadline);
      });
    } catch (CacheLoadException e) {
      throw loaderFailure(e.getCause() == null ? e : e.getCause());
    }
    if (entry != null) {
      return copyOut(entry.value());
    }
    @SuppressWarnings("unchecked")
    V value = (V) loaded[0];
    return value;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    requireKeys(keys);
    long start = ticker.read();
    Events<K, V> events = events();
    Map<K, V> result = new LinkedHashMap<>();
    try {
      List<K> missing = new ArrayList<>();
      for (K key : keys) {
        V value = read(key, events);
        if (value != null) {
          result.put(key, value);
        } else {
          missing.add(key);
        }
      }
      if (!missing.isEmpty() && loader != null && configuration.isReadThrough()) {
        Map<K, V> loaded;
        try {
          loaded = loader.loadAll(missing);
        } catch (RuntimeException e) {
          throw loaderFailure(e);
        }
        for (Map.Entry<K, V> entry : loaded.entrySet()) {
          if (entry.getKey() != null && entry.getValue() != null) {
            putLoaded(entry.getKey(), entry.getValue(), false, events);
            result.put(entry.getKey(), entry.getValue());
          }
        }
      }
    } finally {
      dispatcher.publish(events);
    }
    statistics.getTime(ticker.read() - start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Expirable<V> entry = map.get(key);
    return entry != null && !entry.isExpired(ticker.read());
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    checkOpen();
    requireKeys(keys);
    CompletionListener listener = completionListener == null ? NO_COMPLETION : completionListener;
    if (loader == null) {
      listener.onCompletion();
      return;
    }
    CompletableFuture.runAsync(() -> {
      try {
        Events<K, V> events = events();
        try {
          List<K> wanted = new ArrayList<>();
          for (K key : keys) {
            if (replaceExistingValues || !containsKey(key)) {
              wanted.add(key);
            }
          }
          Map<K, V> loaded = wanted.isEmpty() ? Map.of() : loader.loadAll(wanted);
          for (Map.Entry<K, V> entry : loaded.entrySet()) {
            if (entry.getKey() != null && entry.getValue() != null) {
              putLoaded(entry.getKey(), entry.getValue(), replaceExistingValues, events);
            }
          }
        } finally {
          dispatcher.publish(events);
        }
        listener.onCompletion();
      } catch (RuntimeException e) {
        listener.onException(e instanceof CacheLoaderException ? e : new CacheLoaderException(e));
      }
    }, executor);
  }

  private static final CompletionListener NO_COMPLETION = new CompletionListener() {
    @Override
    public void onCompletion() {}

    @Override
    public void onException(Exception e) {}
  };

  /** Stores a loaded value: never written through, counted as no put. */
  private void putLoaded(K key, V value, boolean replace, Events<K, V> events) {
    map.compute(copyKey(key), (k, current) -> {
      long now = ticker.read();
      current = live(k, current, now, events);
      if (current != null && !replace) {
        return current;
      }
      V copy = copyIn(value);
      if (current == null) {
        long deadline = deadline(creationLifetime(), now, Expirable.ETERNAL);
        if (isZero(deadline, now)) {
          return null;
        }
        events.created(k, copy);
        return new Expirable<>(copy, deadline);
      }
      events.updated(k, current.value(), copy);
      return new Expirable<>(copy, updatedDeadline(current, now));
    });
  }

  // ---- writes -------------------------------------------------------------------------------------------------

  @Override
  public void put(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    long start = ticker.read();
    Events<K, V> events = events();
    boolean[] written = new boolean[1];
    try {
      put(key, value, true, events, written, null);
    } finally {
      dispatcher.publish(events);
    }
    if (written[0]) {
      statistics.puts(1);
      statistics.putTime(ticker.read() - start);
    }
  }

  @Override
  public V getAndPut(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    long start = ticker.read();
    Events<K, V> events = events();
    boolean[] written = new boolean[1];
    Object[] old = new Object[1];
    try {
      put(key, value, true, events, written, old);
    } finally {
      dispatcher.publish(events);
    }
    long elapsed = ticker.read() - start;
    if (old[0] == null) {
      statistics.misses(1);
    } else {
      statistics.hits(1);
    }
    statistics.getTime(elapsed);
    if (written[0]) {
      statistics.puts(1);
      statistics.putTime(elapsed);
    }
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return previous == null ? null : copyOut(previous);
  }

  /** Puts one entry in one compute; {@code written[0]} says whether it was stored, {@code old[0]} what it replaced. */
  private void put(K key, V value, boolean writeThrough, Events<K, V> events, boolean[] written, Object[] old) {
    map.compute(copyKey(key), (k, current) -> {
      if (writeThrough) {
        write(key, value);
      }
      long now = ticker.read();
      current = live(k, current, now, events);
      V copy = copyIn(value);
      if (current == null) {
        long deadline = deadline(creationLifetime(), now, Expirable.ETERNAL);
        if (isZero(deadline, now)) {
          // created already expired: never stored, so it is neither a put nor a created event
          return null;
        }
        written[0] = true;
        events.created(k, copy);
        return new Expirable<>(copy, deadline);
      }
      if (old != null) {
        old[0] = current.value();
      }
      written[0] = true;
      events.updated(k, current.value(), copy);
      return new Expirable<>(copy, updatedDeadline(current, now));
    });
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    checkOpen();
    Objects.requireNonNull(entries, "entries");
    entries.forEach(this::requireEntry);
    long start = ticker.read();
    CacheWriterException failure = null;
    Set<K> failed = Set.of();
    if (writer != null && !entries.isEmpty()) {
      List<Cache.Entry<? extends K, ? extends V>> toWrite = new ArrayList<>(entries.size());
      entries.forEach((k, v) -> toWrite.add(new CacheEntry<>(k, v)));
      try {
        writer.writeAll(toWrite);
      } catch (RuntimeException e) {
        // the writer removed from the collection the entries it wrote; what is left failed and is not cached
        failure = writerFailure(e);
        failed = new HashSet<>();
        for (Cache.Entry<? extends K, ? extends V> entry : toWrite) {
          failed.add(entry.getKey());
        }
      }
    }
    Events<K, V> events = events();
    int puts = 0;
    try {
      for (Map.Entry<? extends K, ? extends V> entry : entries.entrySet()) {
        if (failed.contains(entry.getKey())) {
          continue;
        }
        boolean[] written = new boolean[1];
        put(entry.getKey(), entry.getValue(), false, events, written, null);
        puts += written[0] ? 1 : 0;
      }
    } finally {
      publishAfter(events, failure);
    }
    statistics.puts(puts);
    if (puts > 0) {
      statistics.putTime(ticker.read() - start);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    long start = ticker.read();
    Events<K, V> events = events();
    boolean[] written = new boolean[1];
    boolean[] present = new boolean[1];
    try {
      map.compute(copyKey(key), (k, current) -> {
        long now = ticker.read();
        current = live(k, current, now, events);
        if (current != null) {
          present[0] = true;
          return current;
        }
        write(key, value);
        long deadline = deadline(creationLifetime(), now, Expirable.ETERNAL);
        if (isZero(deadline, now)) {
          return null;
        }
        V copy = copyIn(value);
        written[0] = true;
        events.created(k, copy);
        return new Expirable<>(copy, deadline);
      });
    } finally {
      dispatcher.publish(events);
    }
    if (present[0]) {
      statistics.hits(1);
    } else {
      statistics.misses(1);
    }
    if (written[0]) {
      statistics.puts(1);
      statistics.putTime(ticker.read() - start);
    }
    return written[0];
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = ticker.read();
    boolean removed = removeOne(key, true) != null;
    if (removed) {
      statistics.removals(1);
      statistics.removeTime(ticker.read() - start);
    }
    return removed;
  }

  /** Removes a key in one compute, writing the delete through if asked; returns the live value it removed. */
  private V removeOne(K key, boolean writeThrough) {
    Events<K, V> events = events();
    Object[] removed = new Object[1];
    try {
      map.compute(key, (k, current) -> {
        if (writeThrough) {
          delete(key);
        }
        current = live(k, current, ticker.read(), events);
        if (current != null) {
          removed[0] = current.value();
          events.removed(k, current.value());
        }
        return null;
      });
    } finally {
      dispatcher.publish(events);
    }
    @SuppressWarnings("unchecked")
    V value = (V) removed[0];
    return value;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    requireEntry(key, oldValue);
    long start = ticker.read();
    Events<K, V> events = events();
    int[] outcome = new int[1]; // 0 absent, 1 present but different, 2 removed
    try {
      map.compute(key, (k, current) -> {
        long now = ticker.read();
        current = live(k, current, now, events);
        if (current == null) {
          return null;
        }
        if (!current.value().equals(oldValue)) {
          outcome[0] = 1;
          return accessedInPlace(current, now);
        }
        delete(key);
        outcome[0] = 2;
        events.removed(k, current.value());
        return null;
      });
    } finally {
      dispatcher.publish(events);
    }
    if (outcome[0] == 0) {
      statistics.misses(1);
    } else {
      statistics.hits(1);
    }
    if (outcome[0] == 2) {
      statistics.removals(1);
      statistics.removeTime(ticker.read() - start);
    }
    return outcome[0] == 2;
  }

  @Override
  public V getAndRemove(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    long start = ticker.read();
    V removed = removeOne(key, true);
    long elapsed = ticker.read() - start;
    statistics.getTime(elapsed);
    if (removed == null) {
      statistics.misses(1);
      return null;
    }
    statistics.hits(1);
    statistics.removals(1);
    statistics.removeTime(elapsed);
    return copyOut(removed);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    requireEntry(key, oldValue);
    Objects.requireNonNull(newValue, "newValue");
    long start = ticker.read();
    Events<K, V> events = events();
    int[] outcome = new int[1]; // 0 absent, 1 present but different, 2 replaced
    try {
      map.compute(key, (k, current) -> {
        long now = ticker.read();
        current = live(k, current, now, events);
        if (current == null) {
          return null;
        }
        if (!current.value().equals(oldValue)) {
          outcome[0] = 1;
          return accessedInPlace(current, now);
        }
        write(key, newValue);
        outcome[0] = 2;
        V copy = copyIn(newValue);
        events.updated(k, current.value(), copy);
        return new Expirable<>(copy, updatedDeadline(current, now));
      });
    } finally {
      dispatcher.publish(events);
    }
    if (outcome[0] == 0) {
      statistics.misses(1);
    } else {
      statistics.hits(1);
    }
    if (outcome[0] == 2) {
      statistics.puts(1);
      statistics.putTime(ticker.read() - start);
    }
    return outcome[0] == 2;
  }

  @Override
  public boolean replace(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    return replaceAndGet(key, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    checkOpen();
    requireEntry(key, value);
    long start = ticker.read();
    V old = replaceAndGet(key, value);
    statistics.getTime(ticker.read() - start);
    return old == null ? null : copyOut(old);
  }

  /** Replaces a live value; returns the value replaced, or null if there was none. Counts a hit and a put. */
  private V replaceAndGet(K key, V value) {
    long start = ticker.read();
    Events<K, V> events = events();
    Object[] old = new Object[1];
    try {
      map.compute(key, (k, current) -> {
        long now = ticker.read();
        current = live(k, current, now, events);
        if (current == null) {
          return null;
        }
        write(key, value);
        old[0] = current.value();
        V copy = copyIn(value);
        events.updated(k, current.value(), copy);
        return new Expirable<>(copy, updatedDeadline(current, now));
      });
    } finally {
      dispatcher.publish(events);
    }
    if (old[0] == null) {
      statistics.misses(1);
      return null;
    }
    statistics.hits(1);
    statistics.puts(1);
    statistics.putTime(ticker.read() - start);
    @SuppressWarnings("unchecked")
    V previous = (V) old[0];
    return previous;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    requireKeys(keys);
    removeAllOf(keys);
  }

  @Override
  public void removeAll() {
    checkOpen();
    removeAllOf(new ArrayList<>(map.keySet()));
  }

  private void removeAllOf(Collection<? extends K> keys) {
    long start = ticker.read();
    CacheWriterException failure = null;
    Set<Object> failed = Set.of();
    if (writer != null && !keys.isEmpty()) {
      List<K> toDelete = new ArrayList<>(keys);
      try {
        writer.deleteAll(toDelete);
      } catch (RuntimeException e) {
        // the writer removed from the collection the keys it deleted; what is left failed and stays cached
        failure = writerFailure(e);
        failed = new HashSet<>(toDelete);
      }
    }
    int removals = 0;
    for (K key : keys) {
      if (!failed.contains(key) && removeOne(key, false) != null) {
        removals++;
      }
    }
    statistics.removals(removals);
    if (removals > 0) {
      statistics.removeTime(ticker.read() - start);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void clear() {
    checkOpen();
    store.invalidateAll();
  }

  // ---- entry processors ---------------------------------------------------------------------------------------

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(arguments, "arguments");
    Events<K, V> events = events();
    Object[] result = new Object[1];
    try {
      map.compute(copyKey(key), (k, current) -> {
        long now = ticker.read();
        current = live(k, current, now, events);
        V value = current == null ? null : copyOut(current.value());
        if (current == null) {
          statistics.misses(1);
        } else {
          statistics.hits(1);
        }
        ProcessorEntry<K, V> entry =
            new ProcessorEntry<>(key, value, configuration.isReadThrough() ? loader : null);
        try {
          result[0] = processor.process(entry, arguments);
        } catch (EntryProcessorException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new EntryProcessorException(e);
        }
        return apply(k, current, entry, now, events);
      });
    } finally {
      dispatcher.publish(events);
    }
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  /** Applies what an entry processor did; runs inside the key's compute. */
  private Expirable<V> apply(K key, Expirable<V> current, ProcessorEntry<K, V> entry, long now, Events<K, V> events) {
    switch (entry.action()) {
      case NONE:
        return current;
      case READ:
        return accessedInPlace(current, now);
      case LOADED:
      case CREATED: {
        V value = entry.getValue();
        if (entry.action() == ProcessorEntry.Action.CREATED) {
          write(key, value);
        }
        long deadline = deadline(creationLifetime(), now, Expirable.ETERNAL);
        if (isZero(deadline, now)) {
          return null;
        }
        if (entry.action() == ProcessorEntry.Action.CREATED) {
          statistics.puts(1);
        }
        V copy = copyIn(value);
        events.created(key, copy);
        return new Expirable<>(copy, deadline);
      }
      case UPDATED: {
        V value = entry.getValue();
        write(key, value);
        statistics.puts(1);
        V copy = copyIn(value);
        events.updated(key, current.value(), copy);
        return new Expirable<>(copy, updatedDeadline(current, now));
      }
      case DELETED:
        delete(key);
        if (current != null) {
          statistics.removals(1);
          events.removed(key, current.value());
        }
        return null;
      default:
        throw new IllegalStateException("unknown action " + entry.action());
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
      Object... arguments) {
    checkOpen();
    requireKeys(keys);
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(arguments, "arguments");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      } catch (RuntimeException e) {
        EntryProcessorException wrapped = new EntryProcessorException(e);
        results.put(key, () -> {
          throw wrapped;
        });
      }
    }
    return results;
  }

  // ---- iteration ----------------------------------------------------------------------------------------------

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    checkOpen();
    Iterator<Map.Entry<K, Expirable<V>>> entries = map.entrySet().iterator();
    return new Iterator<>() {
      private Map.Entry<K, Expirable<V>> next;
      private K last;

      @Override
      public boolean hasNext() {
        while (next == null && entries.hasNext()) {
          Map.Entry<K, Expirable<V>> candidate = entries.next();
          long now = ticker.read();
          if (!candidate.getValue().isExpired(now)) {
            next = candidate;
          }
        }
        return next != null;
      }

      @Override
      public Cache.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<K, Expirable<V>> entry = next;
        next = null;
        last = entry.getKey();
        statistics.hits(1);
        accessed(entry.getKey(), entry.getValue(), ticker.read());
        return new CacheEntry<>(copyOut(entry.getKey()), copyOut(entry.getValue().value()));
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() has not been called, or remove() was already called");
        }
        checkOpen();
        K key = last;
        last = null;
        if (removeOne(key, true) != null) {
          statistics.removals(1);
        }
      }
    };
  }

  // ---- listeners, configuration, lifecycle ---------------------------------------------------------------------

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    dispatcher.register(listenerConfiguration);
    configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    Registration<K, V> registration = dispatcher.deregister(listenerConfiguration);
    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
    if (registration != null) {
      closeQuietly(registration.listener());
    }
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(new CachelabConfiguration<>(configuration));
    }
    throw new IllegalArgumentException("the configuration of this cache is a CachelabConfiguration, not a "
        + clazz.getName());
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.closed(this);
    setManagementEnabled(false);
    setStatisticsEnabled(false);
    closeQuietly(loader);
    closeQuietly(writer);
    closeQuietly(expiry);
    for (Registration<K, V> registration : dispatcher.registrations()) {
      closeQuietly(registration.listener());
    }
    store.close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cachelab JCache cache cannot be unwrapped to " + clazz.getName());
  }

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
    if (enabled) {
      Jmx.register(this, Jmx.Type.CacheStatistics, statistics);
    } else {
      Jmx.unregister(this, Jmx.Type.CacheStatistics);
    }
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      Jmx.register(this, Jmx.Type.CacheConfiguration, configurationBean);
    } else {
      Jmx.unregister(this, Jmx.Type.CacheConfiguration);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("JCache cache '" + name + "' is closed");
    }
  }

  private Events<K, V> events() {
    return new Events<>(this, dispatcher.hasListeners());
  }

  /** Delivers events after an operation that may already be failing; a listener failure then goes with it. */
  private void publishAfter(Events<K, V> events, RuntimeException failure) {
    try {
      dispatcher.publish(events);
    } catch (CacheEntryListenerException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  private void requireEntry(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  private static void requireKeys(Set<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
    }
  }

  /**
   * Returns {@code current} if it is live; if it expired, reports the expiry (event and eviction count) and returns
   * null, and the compute that called this then overwrites or removes it.
   */
  private Expirable<V> live(K key, Expirable<V> current, long now, Events<K, V> events) {
    if (current != null && current.isExpired(now)) {
      events.expired(key, current.value());
      statistics.evictions(1);
      return null;
    }
    return current;
  }

  /** Removes an entry a read found expired, if it is still the same write, and reports it. */
  private void expire(K key, Expirable<V> entry, Events<K, V> events) {
    map.computeIfPresent(key, (k, current) -> {
      if (current != entry) {
        return current;
      }
      events.expired(k, entry.value());
      statistics.evictions(1);
      return null;
    });
  }

  /** Applies access expiry to an entry just read outside a compute. */
  private void accessed(K key, Expirable<V> entry, long now) {
    long lifetime = accessLifetime();
    if (lifetime != UNCHANGED) {
      map.replace(key, entry, entry.withDeadline(deadline(lifetime, now, entry.expiresAtNanos())));
    }
  }

  /** Applies access expiry to an entry read inside a compute; returns what the compute stores. */
  private Expirable<V> accessedInPlace(Expirable<V> entry, long now) {
    long lifetime = accessLifetime();
    return lifetime == UNCHANGED ? entry : entry.withDeadline(deadline(lifetime, now, entry.expiresAtNanos()));
  }

  private long updatedDeadline(Expirable<V> current, long now) {
    return deadline(lifetime(() -> expiry.getExpiryForUpdate(), UNCHANGED), now, current.expiresAtNanos());
  }

  private long creationLifetime() {
    // a policy that fails on creation leaves the entry eternal, as if it had no policy
    return lifetime(() -> expiry.getExpiryForCreation(), Expirable.ETERNAL);
  }

  private long accessLifetime() {
    return lifetime(() -> expiry.getExpiryForAccess(), UNCHANGED);
  }

  /** Asks the policy for a lifetime in nanoseconds; {@code ifNull} when it answers null or throws. */
  private static long lifetime(Supplier<Duration> question, long ifNull) {
    Duration duration;
    try {
      duration = question.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the JCache ExpiryPolicy threw; the entry's expiry is left as it was", e);
      return ifNull;
    }
    if (duration == null) {
      return ifNull;
    }
    if (duration.isEternal()) {
      return Expirable.ETERNAL;
    }
    if (duration.isZero()) {
      return 0;
    }
    long nanos = duration.getTimeUnit().toNanos(duration.getDurationAmount());
    return nanos == Long.MAX_VALUE ? Expirable.ETERNAL - 1 : nanos;
  }

  /** Turns a lifetime into a deadline on the ticker; {@code unchanged} when the lifetime says so. */
  private static long deadline(long lifetime, long now, long unchanged) {
    if (lifetime == UNCHANGED) {
      return unchanged;
    }
    if (lifetime == Expirable.ETERNAL) {
      return Expirable.ETERNAL;
    }
    long deadline = now + lifetime;
    return (deadline < now || deadline == Expirable.ETERNAL) ? Expirable.ETERNAL - 1 : deadline;
  }

  /** Returns whether a new entry's deadline means "expired on creation" (a zero lifetime). */
  private static boolean isZero(long deadline, long now) {
    return deadline != Expirable.ETERNAL && deadline - now <= 0;
  }

  /** The store-side lifetime: the JCache deadline plus a grace period, or forever. */
  private java.time.Duration storeLifetime(Expirable<V> value) {
    if (value.expiresAtNanos() == Expirable.ETERNAL) {
      return ChronoUnit.FOREVER.getDuration();
    }
    long remaining = Math.max(0, value.expiresAtNanos() - ticker.read());
    return java.time.Duration.ofNanos(remaining).plusNanos(STORE_GRACE_NANOS);
  }

  /** Removals the store made on its own: expiries this layer did not see, and evictions by the size bound. */
  private void onStoreRemoval(K key, Expirable<V> value, RemovalCause cause) {
    if (closed || key == null || value == null) {
      return;
    }
    if (cause == RemovalCause.SIZE) {
      statistics.evictions(1);
    } else if (cause == RemovalCause.EXPIRED) {
      statistics.evictions(1);
      Events<K, V> events = events();
      events.expired(key, value.value());
      try {
        dispatcher.publish(events);
      } catch (CacheEntryListenerException e) {
        LOG.log(System.Logger.Level.WARNING, "a JCache listener failed on an expiry the store made", e);
      }
    }
  }

  private void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new CacheEntry<>(key, value));
    } catch (RuntimeException e) {
      throw writerFailure(e);
    }
  }

  private void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (RuntimeException e) {
      throw writerFailure(e);
    }
  }

  private static CacheWriterException writerFailure(RuntimeException e) {
    return e instanceof CacheWriterException w ? w : new CacheWriterException("the CacheWriter failed", e);
  }

  private static CacheLoaderException loaderFailure(Throwable e) {
    return e instanceof CacheLoaderException l ? l : new CacheLoaderException("the CacheLoader failed", e);
  }

  private K copyKey(K key) {
    return copier == null ? key : copier.copy(key, manager.getClassLoader());
  }

  private <T> T copyIn(T object) {
    return copier == null ? object : copier.copy(object, manager.getClassLoader());
  }

  private <T> T copyOut(T object) {
    return copier == null ? object : copier.copy(object, manager.getClassLoader());
  }

  private static void closeQuietly(Object resource) {
    if (resource instanceof Closeable || resource instanceof AutoCloseable) {
      try {
        ((AutoCloseable) resource).close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "closing " + resource + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JCache cache '" + name + "' over " + store;
  }
}
