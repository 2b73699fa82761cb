package dev.cachelab.memo;

import dev.cachelab.Cache;
import dev.cachelab.CacheLoadException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The memo table behind every memoizer: a {@link Cache} from call keys to results, plus the hit and miss counters of
 * {@link CacheInfo}.
 *
 * <p>Single flight and recursion come from the cache: {@link Cache#get(Object, java.util.function.Function)} runs the
 * computation on the calling thread with no lock held, so a memoized function may call itself (memoized recursion),
 * and concurrent callers of one key share one computation. The counters are kept here rather than read from the
 * cache's statistics so that they count exactly as Python's {@code functools} does, whatever cache was passed in and
 * whether or not it records statistics: a call that ran the computation is a miss, a call that returned without
 * running it is a hit, and a call that failed without running it (it shared another thread's failure) is neither.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <R> the result type
 */
final class MemoTable<K, R> {

  /** The {@link CacheInfo#maxSize()} of an unbounded cache, or of a cache passed in whose bound is unknown. */
  static final long UNBOUNDED = -1;

  private final Cache<K, R> cache;
  private final long maxSize;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  /** Whether the memoizer built the cache itself, so that nobody else reads its statistics. */
  private final boolean owned;

  MemoTable(Cache<K, R> cache, long maxSize) {
    this(cache, maxSize, true);
  }

  MemoTable(Cache<K, R> cache, long maxSize, boolean owned) {
    this.cache = cache;
    this.maxSize = maxSize;
    this.owned = owned;
  }

  /**
   * The hit path: returns the cached result for {@code key} and counts a hit, or returns {@code null}. It allocates
   * nothing, which is why the callers try it before building the computation for {@link #call}. Only on a cache
   * the memoizer owns: on a user's cache it would count a second miss in the user's statistics for every new key.
   */
  R cached(K key) {
    if (!owned) {
      return null;
    }
    R result = cache.getIfPresent(key);
    if (result != null) {
      hits.increment();
    }
    return result;
  }

  /**
   * Returns the result cached for {@code key}, or runs {@code computation} and caches its non-null result.
   *
   * <p>The cache wraps a failed computation in {@link CacheLoadException}; this unwraps it again when the cause is
   * unchecked, so memoizing does not change the exceptions a function throws. A checked cause (the thread was
   * interrupted while waiting for another thread's computation) stays wrapped.
   */
  R call(K key, Supplier<? extends R> computation) {
    boolean[] ran = new boolean[1];
    R result;
    try {
      result = cache.get(key, k -> {
        ran[0] = true;
        misses.increment();
        return computation.get();
      });
    } catch (CacheLoadException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
    if (!ran[0]) {
      hits.increment();
    }
    return result;
  }

  CacheInfo info() {
    cache.cleanUp();
    return new CacheInfo(hits.sum(), misses.sum(), maxSize, cache.estimatedSize());
  }

  void clear() {
    cache.invalidateAll();
    hits.reset();
    misses.reset();
  }

  long maxSize() {
    return maxSize;
  }
}
