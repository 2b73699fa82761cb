/**
 * A JSR-107 (JCache) provider over cachelab caches: {@link dev.cachelab.jcache.CachelabCachingProvider}, found by
 * {@code Caching.getCachingProvider()} through {@code META-INF/services}, and
 * {@link dev.cachelab.jcache.CachelabConfiguration}, a {@code MutableConfiguration} that also picks the store, the
 * bound and the eviction policy.
 *
 * <p>Needs {@code javax.cache:cache-api} on the classpath, an optional dependency of cache-core. The provider passes
 * the official JSR-107 TCK, which cache-core's build runs.
 *
 * <p>How the JCache semantics sit on the facade: each JCache cache holds a cachelab {@code Cache<K, Expirable<V>>};
 * every compound operation ({@code put}, {@code invoke}, {@code replace}…) is one {@code asMap().compute} so it is
 * atomic per key; the JCache expiry policy's deadline travels with the value and is checked by this layer on each
 * access (exact JCache semantics, expired events delivered synchronously) and handed to cachelab's per-entry
 * {@link dev.cachelab.Expiry} as a backstop so the store frees entries nobody reads again.
 */
package dev.cachelab.jcache;
