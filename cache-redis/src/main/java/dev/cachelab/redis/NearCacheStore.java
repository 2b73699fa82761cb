package dev.cachelab.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachelab.Ticker;
import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import dev.cachelab.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * A near cache: a bounded in-process L1 (Caffeine, with its own short time to live) in front of a {@link RedisStore},
 * kept honest by Redis's server-assisted client tracking ({@link InvalidationStream}).
 *
 * <ul>
 *   <li><b>Reads</b> hit L1, else Redis (and the entry found fills L1); the cache facade loads on a miss of both and
 *       writes the result through {@link #put}, which goes to Redis.</li>
 *   <li><b>Writes</b> go to Redis and drop the key from L1 before and after. Every write to a key under the cache's
 *       prefix, by any client, comes back as an invalidation that drops the key from every instance's L1.</li>
 *   <li><b>A read never installs a value older than an invalidation it raced.</b> A read's Redis reply and the
 *       invalidation of the same key arrive on different connections, so their order proves nothing. Before going to
 *       Redis a read puts a {@link Pending} marker for the key into L1; an invalidation removes whatever L1 holds for
 *       the key, marker included, and a flush removes everything; the read installs its value only by replacing its
 *       own marker ({@code ConcurrentMap.replace(key, marker, entry)}), atomically. So an invalidation that arrived
 *       while the read was in flight makes the install fail. (Infinispan fixed this race in its near cache the same
 *       way, ISPN-13612.)</li>
 *   <li><b>L1 is trusted only while the stream is.</b> When the invalidation stream is lost (a connection breaks or
 *       goes silent, Redis restarts, the Cluster's masters change), L1 is flushed and neither serves nor fills until
 *       tracking is established again — then it is flushed once more and trusted under a new epoch. A read that
 *       began under an older epoch does not install.</li>
 *   <li><b>L1 holds copies, not the cache's entries.</b> Its evictions, expiries, invalidations and flushes are
 *       never reported to the cache's removal listener (which hears only what happens to the Redis entry); they are
 *       counted in {@link NearCacheStats}. The facade checks every entry it gets against the entry's own expiry, so
 *       an L1 copy is never served past it.</li>
 *   <li><b>Access expiry without an invalidation per read.</b> Redis's tracking counts any write — {@code SET},
 *       {@code EXPIRE}, {@code GETEX} with a TTL — as a modification, so writing every read's extension to Redis
 *       would drop the key from every L1 on every read. A read that extends an entry held in L1 updates L1 only,
 *       unless the extension reaches half an access lifetime past the one Redis holds; then it is written to Redis.
 *       A key read continuously costs one Redis write (and one invalidation per instance) per half lifetime.</li>
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class NearCacheStore<K, V> implements Store<K, V>, InvalidationStream.Listener {

  /** An L1 copy of a Redis entry, with the access time Redis holds (for coalescing touches). */
  private record Local<V>(Stamped<V> entry, long redisTouchTime, long redisTouchLifetime) {}

  /** A read in flight: its value may replace this marker, and only this marker, in L1. */
  private static final class Pending {
    final long epoch;

    Pending(long epoch) {
      this.epoch = epoch;
    }
  }

  /** The epoch while L1 is not trusted. */
  private static final long UNTRUSTED = -1;

  private final RedisStore<K, V> redis;
  private final Cache<K, Object> l1;
  private final ConcurrentMap<K, Object> local;
  private final boolean serveWhileDisconnected;
  private final NearCacheStats.Counters counters;
  private final InvalidationStream stream;
  private final String label;
  /** {@code >= 0} while L1 is trusted; changed only under the stream's lock. */
  private volatile long epoch = UNTRUSTED;
  private long epochs;
  private volatile boolean closed;

  /** A test's hook between a read's Redis reply and its L1 install (the race the markers close). */
  volatile Consumer<K> beforeInstall = key -> {};
  /** What the factory does when this store closes. */
  volatile Runnable onClose = () -> {};

  NearCacheStore(RedisStore<K, V> redis, long maximumSize, Duration timeToLive, Ticker ticker,
      boolean serveWhileDisconnected, InvalidationStream.Settings settings, NearCacheStats.Counters counters,
      String label) {
    this.redis = redis;
    this.serveWhileDisconnected = serveWhileDisconnected;
    this.counters = counters;
    this.label = label;
    this.l1 = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterWrite(timeToLive)
        .ticker(ticker::read)
        .executor(Runnable::run)
        .build();
    this.local = l1.asMap();
    this.stream = new InvalidationStream(settings, redis.keys().prefix(), this);
    stream.start();
  }

  // ---- reads -------------------------------------------------------------------------------------------------------

  @Override
  public Stamped<V> get(K key) {
    long current = epoch;
    if (current != UNTRUSTED || serveWhileDisconnected) {
      Object held = l1.getIfPresent(key);
      if (held instanceof Local<?> hit) {
        counters.l1Hits.increment();
        @SuppressWarnings("unchecked")
        Stamped<V> entry = (Stamped<V>) hit.entry();
        return entry;
      }
    }
    if (current == UNTRUSTED || !RedisKeys.isRaw(redis.keyBytes(key))) {
      return counted(redis.get(key)); // untrusted, or a hashed key an invalidation could not name: Redis only
    }
    Pending mine = new Pending(current);
    boolean placed = local.putIfAbsent(key, mine) == null;
    Stamped<V> found;
    try {
      found = counted(redis.get(key));
    } catch (RuntimeException e) {
      if (placed) {
        local.remove(key, mine);
      }
      throw e;
    }
    if (placed) {
      install(key, mine, found);
    }
    return found;
  }

  @Override
  public Map<K, Stamped<V>> getAll(Collection<? extends K> keys) {
    Map<K, Stamped<V>> found = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    long current = epoch;
    for (K key : keys) {
      Object held = current != UNTRUSTED || serveWhileDisconnected ? l1.getIfPresent(key) : null;
      if (held instanceof Local<?> hit) {
        counters.l1Hits.increment();
        @SuppressWarnings("unchecked")
        Stamped<V> entry = (Stamped<V>) hit.entry();
        found.put(key, entry);
      } else {
        missing.add(key);
      }
    }
    if (missing.isEmpty()) {
      return found;
    }
    Map<K, Pending> placed = new LinkedHashMap<>();
    if (current != UNTRUSTED) {
      for (K key : missing) {
        Pending mine = new Pending(current);
        if (RedisKeys.isRaw(redis.keyBytes(key)) && local.putIfAbsent(key, mine) == null) {
          placed.put(key, mine);
        }
      }
    }
    Map<K, Stamped<V>> fromRedis;
    try {
      fromRedis = redis.getAll(missing);
    } catch (RuntimeException e) {
      placed.forEach(local::remove);
      throw e;
    }
    counters.redisHits.add(fromRedis.size());
    counters.redisMisses.add(missing.size() - fromRedis.size());
    placed.forEach((key, mine) -> install(key, mine, fromRedis.get(key)));
    found.putAll(fromRedis);
    return found;
  }

  private Stamped<V> counted(Stamped<V> entry) {
    (entry == null ? counters.redisMisses : counters.redisHits).increment();
    return entry;
  }

  /** Replaces the read's own marker with what it found, unless an invalidation, flush or loss came first. */
  private void install(K key, Pending mine, Stamped<V> found) {
    beforeInstall.accept(key);
    if (found != null && epoch == mine.epoch && !closed) {
      if (!local.replace(key, mine, new Local<>(found, found.touchTime(), found.touchLifetime()))) {
        counters.installsRefused.increment();
      }
    } else {
      if (found != null) {
        counters.installsRefused.increment();
      }
      local.remove(key, mine);
    }
  }

  // ---- writes: to Redis, and the key dropped from L1 before and after ------------------------------------------------

  @Override
  public Stamped<V> put(K key, Stamped<V> entry) {
    local.remove(key);
    try {
      return redis.put(key, entry);
    } finally {
      local.remove(key);
    }
  }

  @Override
  public Map<K, Stamped<V>> putAll(Map<K, Stamped<V>> entries) {
    entries.keySet().forEach(local::remove);
    try {
      return redis.putAll(entries);
    } finally {
      entries.keySet().forEach(local::remove);
    }
  }

  @Override
  public boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
    if (isTouch(expected, entry) && touchLocally(key, expected, entry)) {
      counters.localTouches.increment();
      return true;
    }
    local.remove(key);
    try {
      return redis.replace(key, expected, entry);
    } finally {
      local.remove(key);
    }
  }

  /** Whether {@code entry} only moves {@code expected}'s access expiry: same write, same value, same write times. */
  private static boolean isTouch(Stamped<?> expected, Stamped<?> entry) {
    return entry.sameWrite(expected) && entry.value() == expected.value()
        && entry.writeTime() == expected.writeTime() && entry.writeLifetime() == expected.writeLifetime();
  }

  /**
   * Keeps a touch in L1 when L1 holds the same write and the copy in Redis still lives at least half an access
   * lifetime past the touch; returns whether it did.
   */
  private boolean touchLocally(K key, Stamped<V> expected, Stamped<V> entry) {
    if (epoch == UNTRUSTED || entry.touchLifetime() == Stamped.NEVER) {
      return false;
    }
    boolean[] kept = {false};
    local.computeIfPresent(key, (k, held) -> {
      if (held instanceof Local<?> copy && copy.entry().sameWrite(expected)
          && copy.redisTouchLifetime() == entry.touchLifetime()
          && entry.touchTime() - copy.redisTouchTime() < entry.touchLifetime() / 2) {
        kept[0] = true;
        return new Local<>(entry, copy.redisTouchTime(), copy.redisTouchLifetime());
      }
      return held;
    });
    return kept[0];
  }

  @Override
  public Stamped<V> remove(K key) {
    local.remove(key);
    try {
      return redis.remove(key);
    } finally {
      local.remove(key);
    }
  }

  @Override
  public boolean remove(K key, Stamped<V> expected) {
    local.remove(key);
    try {
      return redis.remove(key, expected);
    } finally {
      local.remove(key);
    }
  }

  @Override
  public void clear() {
    clearL1();
    try {
      redis.clear();
    } finally {
      clearL1();
    }
  }

  @Override
  public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
    return redis.iterator();
  }

  @Override
  public long estimatedSize() {
    return redis.estimatedSize();
  }

  @Override
  public void cleanUp() {
    l1.cleanUp();
    redis.cleanUp();
  }

  @Override
  public LoadLease<V> beginLoad(K key) {
    return redis.beginLoad(key);
  }

  // ---- what the invalidation stream tells ------------------------------------------------------------------------

  @Override
  public void invalidated(byte[] redisKey) {
    byte[] keyBytes = redis.keys().rawKeyBytes(redisKey);
    if (keyBytes != null) { // else a hashed key, which L1 never holds
      K key;
      try {
        key = redis.keyOf(keyBytes);
        local.remove(key);
      } catch (RuntimeException e) {
        clearL1(); // a key this codec cannot read: drop everything rather than guess
      }
    }
    counters.invalidations.increment(); // after the drop: a count that moved means L1 no longer holds the key
  }

  @Override
  public void flushed() {
    clearL1();
  }

  @Override
  public void lost(String reason) {
    epoch = UNTRUSTED;
    if (!serveWhileDisconnected) {
      clearL1();
    }
    counters.losses.increment(); // after the flush: a count that moved means L1 was flushed
  }

  @Override
  public void established() {
    clearL1();
    epoch = epochs++;
  }

  private void clearL1() {
    local.clear();
    counters.l1Clears.increment();
  }

  // ---- for tests and the factory -------------------------------------------------------------------------------

  /** Whether L1 is trusted now. */
  boolean trusted() {
    return epoch != UNTRUSTED;
  }

  /** Whether L1 holds a copy of {@code key}'s entry (not a marker). */
  boolean holds(K key) {
    return local.get(key) instanceof Local<?>;
  }

  InvalidationStream stream() {
    return stream;
  }

  RedisStore<K, V> redis() {
    return redis;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stream.close();
    local.clear();
    redis.close();
    onClose.run();
  }

  @Override
  public String toString() {
    return label;
  }
}
