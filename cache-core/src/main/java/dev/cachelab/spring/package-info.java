/**
 * Spring's cache abstraction over cachelab caches: {@link dev.cachelab.spring.CachelabCacheManager}, a Spring
 * {@code CacheManager} whose caches ({@link dev.cachelab.spring.CachelabSpringCache}) are cachelab caches, each
 * configured by name with a {@code CacheBuilder}, so {@code @Cacheable} runs on any cachelab store.
 *
 * <p>Needs {@code org.springframework:spring-context} on the classpath, an optional dependency of cache-core.
 */
package dev.cachelab.spring;
