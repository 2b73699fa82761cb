package dev.cachelab.spring;

import dev.cachelab.AsyncCache;
import dev.cachelab.Cache;
import dev.cachelab.CacheLoadException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} backed by a cachelab cache.
 *
 * <ul>
 *   <li>{@code get(key, Callable)} — what {@code @Cacheable(sync = true)} calls — is cachelab's single flight: however
 *       many threads miss the key, the method runs once and they all get its result (or its failure, as Spring's
 *       {@code ValueRetrievalException}).
 *   <li>{@code null} values are cached as Spring's {@code NullValue} when null values are allowed (the default, as in
 *       Spring's own caches); otherwise a {@code null} result is returned and not cached, and a {@code put} of
 *       {@code null} is refused with {@code IllegalArgumentException}.
 *   <li>{@code retrieve} (Spring 6.1's asynchronous caching, used for methods returning {@code CompletableFuture},
 *       {@code Mono} or {@code Flux}) runs on the cachelab {@link AsyncCache}: a load is shared by every caller of
 *       the key while it runs, and nothing blocks.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class CachelabSpringCache extends AbstractValueAdaptingCache {

  private final String name;
  private final AsyncCache<Object, Object> async;
  private final Cache<Object, Object> cache;

  /**
   * Wraps a cachelab cache.
   *
   * @param name the cache's name, as {@code @Cacheable} names it
   * @param cache the cachelab cache, built with {@code CacheBuilder.buildAsync()}
   * @param allowNullValues whether {@code null} values are cached
   * @throws NullPointerException if {@code name} or {@code cache} is null
   */
  public CachelabSpringCache(String name, AsyncCache<Object, Object> cache, boolean allowNullValues) {
    super(allowNullValues);
    this.name = Objects.requireNonNull(name, "name");
    this.async = Objects.requireNonNull(cache, "cache");
    this.cache = cache.synchronous();
  }

  @Override
  public String getName() {
    return name;
  }

  /**
   * Returns the cachelab cache, for its {@code stats()} or to bind it to Micrometer.
   *
   * @return the cachelab {@link Cache} (the synchronous view)
   */
  @Override
  public Cache<Object, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected Object lookup(Object key) {
    return cache.getIfPresent(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    Object stored;
    try {
      stored = cache.get(key, k -> {
        T value;
        try {
          value = valueLoader.call();
        } catch (Exception e) {
          throw new ValueRetrievalException(key, valueLoader, e);
        }
        // without null values, a null result is handed back and not cached (cachelab's "absent")
        return value == null && !isAllowNullValues() ? null : toStoreValue(value);
      });
    } catch (CacheLoadException e) {
      if (e.getCause() instanceof ValueRetrievalException retrieval) {
        throw retrieval;
      }
      throw new ValueRetrievalException(key, valueLoader, e.getCause() == null ? e : e.getCause());
    }
    return (T) fromStoreValue(stored);
  }

  @Override
  public CompletableFuture<?> retrieve(Object key) {
    CompletableFuture<Object> stored = async.getIfPresent(key);
    if (stored == null) {
      return null;
    }
    // Spring expects a ValueWrapper where null values are allowed (so a cached null is told from a late miss)
    return isAllowNullValues() ? stored.thenApply(this::toValueWrapper) : stored;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    return (CompletableFuture<T>) async
        .get(key, k -> valueLoader.get().thenApply(value ->
            value == null && !isAllowNullValues() ? null : toStoreValue(value)))
        .thenApply(this::fromStoreValue);
  }

  @Override
  public void put(Object key, Object value) {
    cache.put(key, toStoreValue(value));
  }

  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    return toValueWrapper(cache.asMap().putIfAbsent(key, toStoreValue(value)));
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(key);
  }

  @Override
  public boolean evictIfPresent(Object key) {
    return cache.asMap().remove(key) != null;
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public boolean invalidate() {
    boolean hadEntries = !cache.asMap().isEmpty();
    cache.invalidateAll();
    return hadEntries;
  }

  @Override
  public String toString() {
    return "CachelabSpringCache '" + name + "' over " + cache;
  }
}
