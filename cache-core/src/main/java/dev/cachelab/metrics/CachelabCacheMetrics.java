package dev.cachelab.metrics;

import dev.cachelab.Cache;
import dev.cachelab.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Binds a cachelab cache's {@link CacheStats} to a Micrometer registry. The cache must be built with
 * {@code recordStats()}, or every figure stays zero.
 *
 * <pre>{@code
 * Cache<String, User> users = CacheBuilder.newBuilder().name("users").maximumSize(10_000).recordStats().build();
 * CachelabCacheMetrics.monitor(registry, users, "users");
 * }</pre>
 *
 * <p>The meters, all tagged {@code cache=<name>} plus the given tags. Micrometer's standard ones, which
 * {@link CacheMeterBinder} names:
 * <ul>
 *   <li>{@code cache.gets{result=hit|miss}} — lookups that found a value or not ({@code hitCount}, {@code missCount});
 *   <li>{@code cache.puts} — values stored by loads ({@code loadSuccessCount}); cachelab's statistics do not count
 *       explicit {@code put} calls, so they are not in it (Caffeine's binder counts the same way);
 *   <li>{@code cache.evictions} — entries removed for the size or weight bound ({@code evictionCount});
 *   <li>{@code cache.size} — the approximate number of entries ({@code estimatedSize()}).
 * </ul>
 * The load meters, named as Micrometer's Caffeine binder names them:
 * <ul>
 *   <li>{@code cache.load{result=success|failure}} — loads that produced a value, and loads that threw or found
 *       nothing;
 *   <li>{@code cache.load.duration} — a function timer: the number of loads and their total time.
 * </ul>
 * cachelab's own:
 * <ul>
 *   <li>{@code cache.expirations} — entries removed because their time ran out;
 *   <li>{@code cache.refreshes{result=success|failure}} — background reloads;
 *   <li>{@code cache.stale.served} — reads answered with an expired value because the loader failed
 *       ({@code staleIfError});
 *   <li>{@code cache.store.errors} — store failures treated as misses (a Redis outage, a disk error).
 * </ul>
 *
 * <p>The meters read {@code stats()} when the registry is scraped; the binder holds the cache weakly, as Micrometer's
 * binders do, and a closed cache reports size 0. Thread-safe.
 */
public final class CachelabCacheMetrics extends CacheMeterBinder<Cache<?, ?>> {

  /**
   * Binds {@code cache}'s meters to {@code registry}.
   *
   * @param <C> the cache type
   * @param registry the registry
   * @param cache the cache, built with {@code recordStats()}
   * @param cacheName the value of the {@code cache} tag
   * @param tags more tags, as key-value pairs
   * @return {@code cache}, for chaining
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code tags} has an odd number of elements
   */
  public static <C extends Cache<?, ?>> C monitor(MeterRegistry registry, C cache, String cacheName,
      String... tags) {
    return monitor(registry, cache, cacheName, Tags.of(tags));
  }

  /**
   * Binds {@code cache}'s meters to {@code registry}.
   *
   * @param <C> the cache type
   * @param registry the registry
   * @param cache the cache, built with {@code recordStats()}
   * @param cacheName the value of the {@code cache} tag
   * @param tags more tags
   * @return {@code cache}, for chaining
   * @throws NullPointerException if an argument is null
   */
  public static <C extends Cache<?, ?>> C monitor(MeterRegistry registry, C cache, String cacheName,
      Iterable<Tag> tags) {
    Objects.requireNonNull(registry, "registry");
    new CachelabCacheMetrics(cache, cacheName, tags).bindTo(registry);
    return cache;
  }

  /**
   * Creates a binder; {@link #bindTo(MeterRegistry)} registers the meters.
   *
   * @param cache the cache, built with {@code recordStats()}
   * @param cacheName the value of the {@code cache} tag
   * @param tags more tags
   * @throws NullPointerException if an argument is null
   */
  public CachelabCacheMetrics(Cache<?, ?> cache, String cacheName, Iterable<Tag> tags) {
    super(Objects.requireNonNull(cache, "cache"), Objects.requireNonNull(cacheName, "cacheName"),
        Objects.requireNonNull(tags, "tags"));
  }

  private CacheStats stats() {
    Cache<?, ?> cache = getCache();
    return cache == null ? CacheStats.empty() : cache.stats();
  }

  @Override
  protected Long size() {
    Cache<?, ?> cache = getCache();
    if (cache == null) {
      return null;
    }
    try {
      return cache.estimatedSize();
    } catch (IllegalStateException closed) {
      return 0L;
    }
  }

  @Override
  protected long hitCount() {
    return stats().hitCount();
  }

  @Override
  protected Long missCount() {
    return stats().missCount();
  }

  @Override
  protected Long evictionCount() {
    return stats().evictionCount();
  }

  @Override
  protected long putCount() {
    return stats().loadSuccessCount();
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    Cache<?, ?> cache = getCache();
    counter(registry, cache, "cache.load", "success", CacheStats::loadSuccessCount,
        "The number of loads that produced a value");
    counter(registry, cache, "cache.load", "failure", CacheStats::loadFailureCount,
        "The number of loads that threw or found no value");
    FunctionTimer.builder("cache.load.duration", (Object) cache, c -> stats().loadCount(),
            c -> stats().totalLoadTimeNanos(), TimeUnit.NANOSECONDS)
        .tags(getTagsWithCacheName())
        .description("The time the cache spent loading values")
        .register(registry);
    counter(registry, cache, "cache.expirations", null, CacheStats::expirationCount,
        "The number of entries removed because their time ran out");
    counter(registry, cache, "cache.refreshes", "success", CacheStats::refreshSuccessCount,
        "The number of background reloads that replaced a value");
    counter(registry, cache, "cache.refreshes", "failure", CacheStats::refreshFailureCount,
        "The number of background reloads that failed; the old value was kept");
    counter(registry, cache, "cache.stale.served", null, CacheStats::staleServedCount,
        "The number of reads answered with an expired value because the loader failed");
    counter(registry, cache, "cache.store.errors", null, CacheStats::storeErrorCount,
        "The number of store operations that failed and were treated as misses");
  }

  private void counter(MeterRegistry registry, Cache<?, ?> cache, String name, String result,
      ToLongFunction<CacheStats> count, String description) {
    FunctionCounter.Builder<Object> builder =
        FunctionCounter.builder(name, (Object) cache, c -> count.applyAsLong(stats()))
            .tags(getTagsWithCacheName())
            .description(description);
    if (result != null) {
      builder.tag("result", result);
    }
    builder.register(registry);
  }
}
