/**
 * Micrometer meters for cachelab caches: {@link dev.cachelab.metrics.CachelabCacheMetrics}, built on Micrometer's
 * {@code CacheMeterBinder} so the meters carry the names cache dashboards already use.
 *
 * <p>Needs {@code io.micrometer:micrometer-core} on the classpath, an optional dependency of cache-core.
 */
package dev.cachelab.metrics;
