package dev.cachelab.memo;

import java.util.function.Function;

/**
 * A function that remembers its results: a call with an argument it has seen returns the cached result instead of
 * running the function again. Made by {@link Memoizer#memoize(Function)} and its siblings.
 *
 * <p>Thread-safe. Concurrent calls with an equal argument run the function once (single flight) and share its
 * result or its failure.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
public interface MemoizedFunction<T, R> extends Function<T, R> {

  /**
   * Returns the cached result for {@code t}, or runs the function, caches a non-null result and returns it.
   * Arguments compare with {@code equals}, arrays by content. A {@code null} result is returned but not cached, so
   * the next call runs the function again. The function's exceptions reach the caller as themselves, and nothing is
   * cached for a call that threw.
   *
   * @param t the argument, which is the cache key
   * @return the function's result for {@code t}
   * @throws NullPointerException if {@code t} is null (a key cannot be null)
   * @throws IllegalArgumentException if this function runs over a cache you passed in and {@code t} is an array
   * @throws IllegalStateException if the function asks for its own result with an equal argument (directly or
   *     through other threads), or the cache you passed in is closed
   * @throws dev.cachelab.CacheLoadException if the thread was interrupted while it waited for another thread's call
   *     with the same argument (the interrupt flag stays set)
   */
  @Override
  R apply(T t);

  /**
   * Returns the counters and sizes, as Python's {@code cache_info()} does.
   *
   * @return a snapshot of the hits, misses, bound and current size
   * @throws IllegalStateException if the cache you passed in is closed
   */
  CacheInfo cacheInfo();

  /**
   * Empties the cache and resets both counters to zero, as Python's {@code cache_clear()} does. Calls running at the
   * same time may be counted before or after the reset, and a result they compute is not cached.
   *
   * @throws IllegalStateException if the cache you passed in is closed
   */
  void cacheClear();
}
