package dev.cachelab.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.Stores;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The caches a benchmark runs against, as a JMH {@code @Param}: raw libraries first (the baselines), then cachelab
 * over each store and policy. A new store joins by adding a constant here (say {@code EHCACHE} and
 * {@code CACHELAB_EHCACHE}); every benchmark and the report pick it up.
 *
 * <p>Every bounded contender gets the same {@code maximumSize}; statistics are off on both sides (neither
 * Caffeine's {@code recordStats()} nor cachelab's is called); executors are each library's default,
 * {@code ForkJoinPool.commonPool()} on both sides, so Caffeine's maintenance runs where it would for a user, and the
 * same for cachelab over Caffeine.
 */
public enum Contender {

  /** Raw {@code ConcurrentHashMap}, unbounded: the ceiling no cache can beat. */
  CONCURRENT_HASH_MAP(true) {
    @Override
    public BenchCache create(int maximumSize) {
      return new MapCache(new ConcurrentHashMap<>(maximumSize));
    }
  },

  /** Raw Caffeine: {@code getIfPresent}, {@code put}, and {@code get(key, fn)} for the loader path. */
  CAFFEINE(true) {
    @Override
    public BenchCache create(int maximumSize) {
      return new CaffeineCache(Caffeine.newBuilder().maximumSize(maximumSize).build());
    }
  },

  /** cachelab, built-in engine, LRU. */
  CACHELAB_LRU(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return builtIn(maximumSize, EvictionPolicy.lru());
    }
  },

  /** cachelab, built-in engine, FIFO. */
  CACHELAB_FIFO(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return builtIn(maximumSize, EvictionPolicy.fifo());
    }
  },

  /** cachelab, built-in engine, CLOCK. */
  CACHELAB_CLOCK(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return builtIn(maximumSize, EvictionPolicy.clock());
    }
  },

  /** cachelab, built-in engine, SIEVE. */
  CACHELAB_SIEVE(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return builtIn(maximumSize, EvictionPolicy.sieve());
    }
  },

  /** cachelab, built-in engine, LFU. */
  CACHELAB_LFU(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return builtIn(maximumSize, EvictionPolicy.lfu());
    }
  },

  /** cachelab over {@code Stores.caffeine()}. */
  CACHELAB_CAFFEINE(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return new CachelabCache(CacheBuilder.newBuilder()
          .store(Stores.caffeine())
          .maximumSize(maximumSize)
          .build());
    }
  };

  private final boolean raw;

  Contender(boolean raw) {
    this.raw = raw;
  }

  /**
   * Creates an empty cache bounded to {@code maximumSize} entries (the map ignores the bound).
   *
   * @param maximumSize the bound
   * @return a new cache
   */
  public abstract BenchCache create(int maximumSize);

  /**
   * Returns whether this is a third-party library used directly (a baseline) rather than cachelab.
   *
   * @return true for a raw library
   */
  public boolean isRaw() {
    return raw;
  }

  private static BenchCache builtIn(int maximumSize, EvictionPolicy policy) {
    return new CachelabCache(CacheBuilder.newBuilder()
        .store(Stores.inMemory())
        .maximumSize(maximumSize)
        .evictionPolicy(policy)
        .build());
  }

  private static final class MapCache implements BenchCache {
    private final ConcurrentHashMap<Object, Object> map;

    MapCache(ConcurrentHashMap<Object, Object> map) {
      this.map = map;
    }

    @Override
    public Object get(Object key) {
      return map.get(key);
    }

    @Override
    public Object getOrLoad(Object key, Function<Object, Object> loader) {
      // get first: the usual idiom, and what Caffeine does too; computeIfAbsent alone may lock on a hit.
      Object value = map.get(key);
      return (value != null) ? value : map.computeIfAbsent(key, loader);
    }

    @Override
    public void put(Object key, Object value) {
      map.put(key, value);
    }

    @Override
    public long size() {
      return map.size();
    }
  }

  private static final class CaffeineCache implements BenchCache {
    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> cache;

    CaffeineCache(com.github.benmanes.caffeine.cache.Cache<Object, Object> cache) {
      this.cache = cache;
    }

    @Override
    public Object get(Object key) {
      return cache.getIfPresent(key);
    }

    @Override
    public Object getOrLoad(Object key, Function<Object, Object> loader) {
      return cache.get(key, loader);
    }

    @Override
    public void put(Object key, Object value) {
      cache.put(key, value);
    }

    @Override
    public long size() {
      cache.cleanUp();
      return cache.estimatedSize();
    }
  }

  private static final class CachelabCache implements BenchCache {
    private final Cache<Object, Object> cache;

    CachelabCache(Cache<Object, Object> cache) {
      this.cache = cache;
    }

    @Override
    public Object get(Object key) {
      return cache.getIfPresent(key);
    }

    @Override
    public Object getOrLoad(Object key, Function<Object, Object> loader) {
      return cache.get(key, loader);
    }

    @Override
    public void put(Object key, Object value) {
      cache.put(key, value);
    }

    @Override
    public long size() {
      cache.cleanUp();
      return cache.estimatedSize();
    }

    @Override
    public void close() {
      cache.close();
    }
  }
}
