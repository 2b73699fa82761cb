package dev.cachelab.memo;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A {@link MemoizedBiFunction} over a {@link MemoTable} keyed by both arguments.
 *
 * <p>Thread-safe.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the result type
 */
final class CachedBiFunction<T, U, R> implements MemoizedBiFunction<T, U, R> {

  private final MemoTable<ArgumentKey, R> table;
  private final BiFunction<? super T, ? super U, ? extends R> fn;

  CachedBiFunction(MemoTable<ArgumentKey, R> table, BiFunction<? super T, ? super U, ? extends R> fn) {
    this.table = table;
    this.fn = fn;
  }

  @Override
  public R apply(T t, U u) {
    Objects.requireNonNull(t, "first argument must not be null: a memoized function's arguments are its cache key");
    Objects.requireNonNull(u, "second argument must not be null: a memoized function's arguments are its cache key");
    ArgumentKey key = ArgumentKey.of(t, u);
    R hit = table.cached(key);
    return (hit != null) ? hit : table.call(key, () -> fn.apply(t, u));
  }

  @Override
  public CacheInfo cacheInfo() {
    return table.info();
  }

  @Override
  public void cacheClear() {
    table.clear();
  }

  @Override
  public String toString() {
    return "Memoizer.memoizeBi(" + fn + ")";
  }
}
