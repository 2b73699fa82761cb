package dev.cachelab.bench;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachelab.CacheBuilder;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.Stores;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * The in-memory caches {@link CacheBenchmark} runs against, as a JMH {@code @Param}: raw libraries first (the
 * baselines), then cachelab over each store and policy. A new store joins by adding a constant here (and, if it wraps
 * a library, naming that library's raw constant in {@link #rawLibrary()}); every benchmark and the report pick it up.
 * The directory store, a disk store, has a benchmark of its own with a smaller population: {@link DirectoryBenchmark}.
 *
 * <p>Every bounded contender gets the same {@code maximumSize} (Ehcache's heap tier the same number of entries);
 * statistics are off on both sides (neither Caffeine's {@code recordStats()} nor cachelab's is called; Ehcache has no
 * switch, and runs with its defaults on both sides); executors are each library's default,
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

  /**
   * Raw Ehcache 3: a heap-only cache of {@code ResourcePoolsBuilder.heap(maximumSize)} entries in a cache manager of
   * its own; {@code get}, {@code put}, and {@code get} then {@code putIfAbsent} for the loader path (Ehcache has no
   * {@code get(key, fn)}).
   */
  EHCACHE(true) {
    @Override
    public BenchCache create(int maximumSize) {
      return new EhcacheCache(maximumSize);
    }
  },

  /**
   * Raw Caffeine with {@code expireAfterWrite(1 h)}: the baseline of {@link #CACHELAB_CAFFEINE_TIMED}, so the facade's
   * timed path is divided by a raw library configured the same way. An hour never passes in a run of seconds, so
   * every read still hits (the benchmarks check that no key was lost).
   */
  CAFFEINE_TIMED(true) {
    @Override
    public BenchCache create(int maximumSize) {
      return new CaffeineCache(Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(TIMED_TTL).build());
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

  /** cachelab, built-in engine, S3-FIFO. */
  CACHELAB_S3FIFO(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return builtIn(maximumSize, EvictionPolicy.s3Fifo());
    }
  },

  /** cachelab, built-in engine, W-TinyLFU. */
  CACHELAB_WTINYLFU(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return builtIn(maximumSize, EvictionPolicy.wTinyLfu());
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
  },

  /**
   * cachelab over {@code Stores.caffeine()} with {@code expireAfterWrite(1 h)}: what a hit costs when the facade has
   * a deadline to check; divided by {@link #CAFFEINE_TIMED}.
   */
  CACHELAB_CAFFEINE_TIMED(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return new CachelabCache(CacheBuilder.newBuilder()
          .store(Stores.caffeine())
          .maximumSize(maximumSize)
          .expireAfterWrite(TIMED_TTL)
          .build());
    }
  },

  /** cachelab over {@code Stores.ehcache()}, heap only: the builder's {@code maximumSize} sizes Ehcache's heap. */
  CACHELAB_EHCACHE(false) {
    @Override
    public BenchCache create(int maximumSize) {
      return new CachelabCache(CacheBuilder.newBuilder()
          .store(Stores.ehcache())
          .maximumSize(maximumSize)
          .build());
    }
  };

  /** The time to live of the timed contenders: far longer than any run, so nothing expires while measured. */
  static final Duration TIMED_TTL = Duration.ofHours(1);

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

  /**
   * Returns the raw library this cachelab contender runs on, measured in the same run so the report can show what
   * cachelab's facade costs over it: raw Caffeine for {@link #CACHELAB_CAFFEINE}, raw Caffeine with the same
   * {@code expireAfterWrite} for {@link #CACHELAB_CAFFEINE_TIMED}, raw Ehcache for {@link #CACHELAB_EHCACHE}. Empty
   * for the raw libraries themselves and the built-in engine, which wrap no library.
   *
   * @return the raw library underneath, if any
   */
  public Optional<Contender> rawLibrary() {
    return switch (this) {
      case CACHELAB_CAFFEINE -> Optional.of(CAFFEINE);
      case CACHELAB_CAFFEINE_TIMED -> Optional.of(CAFFEINE_TIMED);
      case CACHELAB_EHCACHE -> Optional.of(EHCACHE);
      default -> Optional.empty();
    };
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

  private static final class EhcacheCache implements BenchCache {
    private static final String ALIAS = "bench";
    private final CacheManager manager;
    private final org.ehcache.Cache<Object, Object> cache;

    EhcacheCache(int maximumSize) {
      manager = CacheManagerBuilder.newCacheManagerBuilder()
          .withCache(ALIAS, CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
              ResourcePoolsBuilder.heap(maximumSize)))
          .build(true);
      cache = manager.getCache(ALIAS, Object.class, Object.class);
    }

    @Override
    public Object get(Object key) {
      return cache.get(key);
    }

    @Override
    public Object getOrLoad(Object key, Function<Object, Object> loader) {
      // Ehcache's own get-or-load needs a CacheLoaderWriter in the configuration; this is the cache-aside idiom.
      Object value = cache.get(key);
      if (value != null) {
        return value;
      }
      Object loaded = loader.apply(key);
      Object raced = cache.putIfAbsent(key, loaded);
      return (raced != null) ? raced : loaded;
    }

    @Override
    public void put(Object key, Object value) {
      cache.put(key, value);
    }

    @Override
    public long size() {
      // Ehcache 3 has no size(); counting is fine here, in setup and teardown only.
      long size = 0;
      for (org.ehcache.Cache.Entry<Object, Object> ignored : cache) {
        size++;
      }
      return size;
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
