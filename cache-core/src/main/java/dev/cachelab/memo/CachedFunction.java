package dev.cachelab.memo;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link MemoizedFunction} over a {@link MemoTable}: turns the argument into a key and the call into a computation.
 *
 * <p>The body receives this function as {@code self}, which is how {@link Memoizer#recursive} gives a function its own
 * memoized version; a plain memoized function ignores it.
 *
 * <p>Thread-safe.
 *
 * @param <T> the argument type
 * @param <K> the key type of the table
 * @param <R> the result type
 */
final class CachedFunction<T, K, R> implements MemoizedFunction<T, R> {

  private final MemoTable<K, R> table;
  private final Function<? super T, ? extends K> keyOf;
  private final BiFunction<Function<T, R>, ? super T, ? extends R> body;
  private final String description;

  CachedFunction(
      MemoTable<K, R> table,
      Function<? super T, ? extends K> keyOf,
      BiFunction<Function<T, R>, ? super T, ? extends R> body,
      String description) {
    this.table = table;
    this.keyOf = keyOf;
    this.body = body;
    this.description = description;
  }

  @Override
  public R apply(T t) {
    Objects.requireNonNull(t, "argument must not be null: a memoized function's argument is its cache key");
    K key = keyOf.apply(t);
    R hit = table.cached(key);
    return (hit != null) ? hit : table.call(key, () -> body.apply(this, t));
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
    return description;
  }
}
