package dev.cachelab.memo;

import java.util.function.BiFunction;

/**
 * A two-argument function that remembers its results: a call with a pair of arguments it has seen returns the cached
 * result instead of running the function again. Made by {@link Memoizer#memoizeBi(BiFunction)}.
 *
 * <p>Thread-safe. Concurrent calls with equal arguments run the function once (single flight) and share its result
 * or its failure.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the result type
 */
public interface MemoizedBiFunction<T, U, R> extends BiFunction<T, U, R> {

  /**
   * Returns the cached result for {@code (t, u)}, or runs the function, caches a non-null result and returns it.
   * Arguments compare with {@code equals}, arrays by content. A {@code null} result is returned but not cached. The
   * function's exceptions reach the caller as themselves, and nothing is cached for a call that threw.
   *
   * @param t the first argument
   * @param u the second argument
   * @return the function's result for {@code (t, u)}
   * @throws NullPointerException if {@code t} or {@code u} is null
   * @throws IllegalStateException if the function asks for its own result with equal arguments
   * @throws dev.cachelab.CacheLoadException if the thread was interrupted while it waited for another thread's call
   *     with equal arguments (the interrupt flag stays set)
   */
  @Override
  R apply(T t, U u);

  /**
   * Returns the counters and sizes, as Python's {@code cache_info()} does.
   *
   * @return a snapshot of the hits, misses, bound and current size
   */
  CacheInfo cacheInfo();

  /**
   * Empties the cache and resets both counters to zero, as Python's {@code cache_clear()} does.
   */
  void cacheClear();
}
