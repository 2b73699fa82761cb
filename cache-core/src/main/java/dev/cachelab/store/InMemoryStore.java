package dev.cachelab.store;

import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.policy.Node;
import dev.cachelab.policy.PolicyState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The built-in engine: a {@link ConcurrentHashMap} of entries plus an {@link EvictionPolicy}'s bookkeeping.
 *
 * <p><b>Reads</b> take no lock: a map lookup, then the hit is given to the policy — directly if the policy's hits
 * are lock-free (FIFO, CLOCK, SIEVE), or through a {@link ReadBuffer} that is replayed under the lock (LRU, LFU).
 * <b>Writes</b> take the one eviction lock: they replay buffered hits, update the map and the policy, and evict
 * until the bound holds, so the bound holds when a write returns. Evictions are reported after the lock is
 * released. A cache without a bound gets an {@link UnboundedStore} instead: no policy, no lock, no nodes.
 *
 * <p>Evicting <em>before</em> inserting a new entry (make room, then insert) is what the published reference
 * implementations of SIEVE and S3-FIFO do, and it gives the same victims as insert-then-evict for LRU and FIFO. An
 * entry heavier than the whole bound is evicted at once, alone: it never pushes out the entries that do fit.
 *
 * <p>Thread-safe.
 */
final class InMemoryStore<K, V> implements Store<K, V> {

  static final StoreFactory FACTORY = new StoreFactory() {
    @Override
    public Set<Capability> capabilities() {
      return EnumSet.of(Capability.MAXIMUM_SIZE, Capability.MAXIMUM_WEIGHT, Capability.EVICTION_POLICY);
    }

    @Override
    public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
      return config.bounded() ? new InMemoryStore<>(config) : new UnboundedStore<>();
    }

    @Override
    public String toString() {
      return "Stores.inMemory()";
    }
  };

  private final StoreConfig<K, V> config;
  private final ConcurrentHashMap<K, Entry<K, V>> map = new ConcurrentHashMap<>();
  private final BiConsumer<K, Stamped<V>> evictionListener;

  private final PolicyState<K> policy;
  private final boolean lockFreeHits;
  private final ReadBuffer<Entry<K, V>> readBuffer;
  /** Replays one buffered hit; made once, so that draining the read buffer allocates nothing. */
  private final Consumer<Entry<K, V>> replayHit = this::replayHit;
  private final ReentrantLock evictionLock = new ReentrantLock();
  private final long maximum;

  /** Total weight of resident entries. Guarded by {@link #evictionLock}. */
  private long weight;

  private InMemoryStore(StoreConfig<K, V> config) {
    this.config = config;
    this.evictionListener = config.evictionListener();
    this.maximum = config.maximum();
    EvictionPolicy chosen = config.evictionPolicy() == null ? EvictionPolicy.lru() : config.evictionPolicy();
    this.policy = chosen.newState(maximum);
    this.lockFreeHits = policy.recordsHitsWithoutLock();
    this.readBuffer = lockFreeHits ? null : new ReadBuffer<>();
  }

  @Override
  public Stamped<V> get(K key) {
    Entry<K, V> entry = map.get(key);
    if (entry == null) {
      return null;
    }
    Stamped<V> value = entry.value;
    recordHit(entry);
    return value;
  }

  private void recordHit(Entry<K, V> entry) {
    if (lockFreeHits) {
      policy.onHit(entry);
    } else if (readBuffer.offer(entry) && evictionLock.tryLock()) {
      try {
        drainReads();
      } finally {
        evictionLock.unlock();
      }
    }
  }

  @Override
  public Stamped<V> put(K key, Stamped<V> value) {
    long entryWeight = config.weigh(key, value);
    List<Entry<K, V>> evicted = new ArrayList<>(1);
    Stamped<V> oldValue = null;
    evictionLock.lock();
    try {
      drainReads();
      Entry<K, V> entry = map.get(key);
      if (entryWeight > maximum) {
        // It can never fit. Making room first, or evicting in the policy's order until its turn comes, would empty
        // the cache for nothing; so only this entry goes, at once (Caffeine does the same).
        if (entry != null) {
          oldValue = entry.value;
          map.remove(key, entry);
          entry.alive = false;
          weight -= entry.weight();
          policy.onRemove(entry);
        }
        evicted.add(new Entry<>(key, value, entryWeight));
      } else if (entry != null) {
        oldValue = entry.value;
        long oldWeight = entry.weight();
        entry.value = value;
        entry.reweigh(entryWeight);
        weight += entryWeight - oldWeight;
        policy.onUpdate(entry, oldWeight);
      } else {
        while (weight + entryWeight > maximum && evictOne(evicted)) {
          // make room before the newcomer arrives
        }
        entry = new Entry<>(key, value, entryWeight);
        map.put(key, entry);
        weight += entryWeight;
        policy.onInsert(entry);
      }
      evictOverflow(evicted);
    } finally {
      evictionLock.unlock();
    }
    report(evicted);
    return oldValue;
  }

  @Override
  public boolean replace(K key, Stamped<V> expected, Stamped<V> value) {
    Entry<K, V> entry = map.get(key);
    if (entry == null) {
      return false;
    }
    Stamped<V> current = entry.value;
    if (!current.sameWrite(expected)) {
      return false;
    }
    if (current.value() == value.value()) {
      // A touch: same value, same weight, nothing for the policy to learn. No lock; if another touch won the race,
      // one of the two extensions is kept, and if the entry was just removed, the dead node's value goes nowhere.
      return Entry.VALUE.compareAndSet(entry, current, value);
    }
    long entryWeight = config.weigh(key, value);
    List<Entry<K, V>> evicted = new ArrayList<>(0);
    evictionLock.lock();
    try {
      drainReads();
      if (map.get(key) != entry || !entry.value.sameWrite(expected)) {
        return false;
      }
      long oldWeight = entry.weight();
      entry.value = value;
      entry.reweigh(entryWeight);
      weight += entryWeight - oldWeight;
      policy.onUpdate(entry, oldWeight);
      evictOverflow(evicted); // a heavier value may have pushed the total over the bound
    } finally {
      evictionLock.unlock();
    }
    report(evicted);
    return true;
  }

  @Override
  public Stamped<V> remove(K key) {
    evictionLock.lock();
    try {
      drainReads();
      Entry<K, V> entry = map.get(key);
      return (entry == null) ? null : unlink(entry);
    } finally {
      evictionLock.unlock();
    }
  }

  @Override
  public boolean remove(K key, Stamped<V> expected) {
    evictionLock.lock();
    try {
      drainReads();
      Entry<K, V> entry = map.get(key);
      if (entry == null || !entry.value.sameWrite(expected)) {
        return false;
      }
      unlink(entry);
      return true;
    } finally {
      evictionLock.unlock();
    }
  }

  /** Takes a resident entry out of the map and the policy; returns its value. Caller holds the lock. */
  private Stamped<V> unlink(Entry<K, V> entry) {
    map.remove(entry.key(), entry);
    entry.alive = false;
    weight -= entry.weight();
    policy.onRemove(entry);
    return entry.value;
  }

  @Override
  public void clear() {
    evictionLock.lock();
    try {
      drainReads();
      for (Entry<K, V> entry : map.values()) {
        map.remove(entry.key(), entry);
        entry.alive = false;
        weight -= entry.weight();
        policy.onRemove(entry);
      }
    } finally {
      evictionLock.unlock();
    }
  }

  @Override
  public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
    Iterator<Entry<K, V>> entries = map.values().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Map.Entry<K, Stamped<V>> next() {
        Entry<K, V> entry = entries.next();
        return new AbstractMap.SimpleImmutableEntry<>(entry.key(), entry.value);
      }
    };
  }

  @Override
  public long estimatedSize() {
    return map.size();
  }

  @Override
  public void cleanUp() {
    List<Entry<K, V>> evicted = new ArrayList<>(0);
    evictionLock.lock();
    try {
      drainReads();
      evictOverflow(evicted);
    } finally {
      evictionLock.unlock();
    }
    report(evicted);
  }

  @Override
  public void close() {
    map.clear();
  }

  /** Replays buffered hits of entries that are still resident. Caller holds the lock. */
  private void drainReads() {
    if (readBuffer != null) {
      readBuffer.drain(replayHit);
    }
  }

  private void replayHit(Entry<K, V> entry) {
    if (entry.alive) {
      policy.onHit(entry);
    }
  }

  /** Evicts until the bound holds. Caller holds the lock. */
  private void evictOverflow(List<Entry<K, V>> evicted) {
    while (weight > maximum && evictOne(evicted)) {
      // keep evicting
    }
  }

  /** Evicts the policy's next victim; returns false if there was nothing to evict. Caller holds the lock. */
  private boolean evictOne(List<Entry<K, V>> evicted) {
    Node<K> victim = policy.evict();
    if (victim == null) {
      return false;
    }
    @SuppressWarnings("unchecked")
    Entry<K, V> entry = (Entry<K, V>) victim;
    map.remove(entry.key(), entry);
    entry.alive = false;
    weight -= entry.weight();
    evicted.add(entry);
    return true;
  }

  private void report(List<Entry<K, V>> evicted) {
    for (Entry<K, V> entry : evicted) {
      evictionListener.accept(entry.key(), entry.value);
    }
  }

  /** A resident entry: the policy's node plus the value. */
  static final class Entry<K, V> extends Node<K> {
    static final VarHandle VALUE;

    static {
      try {
        VALUE = MethodHandles.lookup().findVarHandle(Entry.class, "value", Stamped.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    volatile Stamped<V> value;

    /** False once the entry left the map; buffered hits of a dead entry are ignored. Guarded by the lock. */
    boolean alive = true;

    Entry(K key, Stamped<V> value, long weight) {
      super(key, weight);
      this.value = value;
    }

    void reweigh(long newWeight) {
      setWeight(newWeight);
    }
  }
}
