package dev.cachelab.spring;

import dev.cachelab.AsyncCache;
import dev.cachelab.CacheBuilder;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are cachelab caches. Each cache name can have its own
 * {@link CacheBuilder} settings (store, bound, expiry, refresh, statistics…); other names get the defaults.
 *
 * <pre>{@code
 * @Bean CachelabCacheManager cacheManager() {
 *   return new CachelabCacheManager()
 *       .defaults(builder -> builder.maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)))
 *       .cache("users", builder -> builder.store(Stores.caffeine()).maximumSize(1_000).recordStats());
 * }
 * }</pre>
 *
 * <p>A cache is built the first time Spring asks for it. A name configured with {@link #cache} uses only its own
 * settings (the defaults are not merged in: a {@code CacheBuilder} setting may be made only once). Unknown names
 * get a cache with the defaults, unless {@link #fixedNames()} says otherwise. Null values are cached as Spring's
 * {@code NullValue} unless {@link #allowNullValues(boolean)} turns that off.
 *
 * <p>Configure it before use (the configuration methods are not meant to race with {@code getCache}); after that
 * it is thread-safe. {@link #close()} closes the caches it built; Spring calls it when the context closes.
 */
public final class CachelabCacheManager implements CacheManager, AutoCloseable {

  private volatile Consumer<CacheBuilder<Object, Object>> defaults = builder -> {};
  private final Map<String, Consumer<CacheBuilder<Object, Object>>> specs = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CachelabSpringCache> caches = new ConcurrentHashMap<>();
  private volatile boolean dynamic = true;
  private volatile boolean allowNullValues = true;

  /** Creates a manager with no settings: every cache is an unbounded in-memory cachelab cache. */
  public CachelabCacheManager() {}

  /**
   * Sets the settings of every cache that has none of its own.
   *
   * @param settings applied to a fresh {@code CacheBuilder} for each such cache
   * @return this manager
   * @throws NullPointerException if {@code settings} is null
   */
  public CachelabCacheManager defaults(Consumer<CacheBuilder<Object, Object>> settings) {
    this.defaults = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * Sets the settings of one cache, instead of the defaults.
   *
   * @param name the cache name, as {@code @Cacheable} uses it
   * @param settings applied to a fresh {@code CacheBuilder} for that cache
   * @return this manager
   * @throws NullPointerException if {@code name} or {@code settings} is null
   * @throws IllegalStateException if that cache was already built
   */
  public CachelabCacheManager cache(String name, Consumer<CacheBuilder<Object, Object>> settings) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    if (caches.containsKey(name)) {
      throw new IllegalStateException("cache '" + name + "' was already built; configure it before first use");
    }
    specs.put(name, settings);
    return this;
  }

  /**
   * Makes {@link #getCache} answer only for names configured with {@link #cache}; other names get {@code null},
   * which Spring reports as a missing cache.
   *
   * @return this manager
   */
  public CachelabCacheManager fixedNames() {
    this.dynamic = false;
    return this;
  }

  /**
   * Sets whether {@code null} values are cached (as Spring's {@code NullValue}); the default is {@code true}.
   *
   * @param allowNullValues whether to cache nulls
   * @return this manager
   */
  public CachelabCacheManager allowNullValues(boolean allowNullValues) {
    this.allowNullValues = allowNullValues;
    return this;
  }

  @Override
  public org.springframework.cache.Cache getCache(String name) {
    Objects.requireNonNull(name, "name");
    CachelabSpringCache cache = caches.get(name);
    if (cache != null) {
      return cache;
    }
    Consumer<CacheBuilder<Object, Object>> settings = specs.get(name);
    if (settings == null && !dynamic) {
      return null;
    }
    return caches.computeIfAbsent(name, n -> build(n, settings == null ? defaults : settings));
  }

  private CachelabSpringCache build(String name, Consumer<CacheBuilder<Object, Object>> settings) {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().name(name);
    settings.accept(builder);
    AsyncCache<Object, Object> cache = builder.buildAsync();
    return new CachelabSpringCache(name, cache, allowNullValues);
  }

  @Override
  public Collection<String> getCacheNames() {
    Map<String, Boolean> names = new LinkedHashMap<>();
    specs.keySet().forEach(name -> names.put(name, true));
    caches.keySet().forEach(name -> names.put(name, true));
    return Collections.unmodifiableList(List.copyOf(names.keySet()));
  }

  /** Closes every cache this manager built; a later {@code getCache} builds a fresh one. */
  @Override
  public void close() {
    for (String name : List.copyOf(caches.keySet())) {
      CachelabSpringCache cache = caches.remove(name);
      if (cache != null) {
        cache.getNativeCache().close();
      }
    }
  }

  @Override
  public String toString() {
    return "CachelabCacheManager" + getCacheNames();
  }
}
