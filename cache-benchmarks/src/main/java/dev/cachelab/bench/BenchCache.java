package dev.cachelab.bench;

import java.util.function.Function;

/**
 * The one operation set every benchmarked cache exposes, so a benchmark method is written once and the contender is
 * chosen by {@link Contender}. Each method maps to the cheapest call that does the job on that implementation
 * ({@code getIfPresent} on Caffeine, {@code get} on a map), so what is measured is the library, not this adapter.
 *
 * <p>Implementations are as thread-safe as the cache they wrap; all of them are.
 */
public interface BenchCache extends AutoCloseable {

  /**
   * Returns the value for {@code key}, or {@code null} if it is absent.
   *
   * @param key the key
   * @return the value, or {@code null}
   */
  Object get(Object key);

  /**
   * Returns the value for {@code key}, computing it with {@code loader} and storing it if it is absent.
   *
   * @param key the key
   * @param loader computes a missing value
   * @return the value
   */
  Object getOrLoad(Object key, Function<Object, Object> loader);

  /**
   * Stores {@code value} for {@code key}.
   *
   * @param key the key
   * @param value the value
   */
  void put(Object key, Object value);

  /**
   * Returns how many entries the cache holds, so a benchmark can check that its pre-population stuck.
   *
   * @return the number of entries
   */
  long size();

  /** Releases the cache; the default does nothing. */
  @Override
  default void close() {}
}
