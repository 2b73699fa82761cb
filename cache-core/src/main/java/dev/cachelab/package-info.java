/**
 * cachelab's API: {@link dev.cachelab.Cache} and {@link dev.cachelab.LoadingCache}, built by
 * {@link dev.cachelab.CacheBuilder}, with their loader, statistics, listener, ticker and weigher types.
 *
 * <p>Memoization lives in {@code dev.cachelab.memo}, eviction policies in {@code dev.cachelab.policy}, stores in
 * {@code dev.cachelab.store}. {@code dev.cachelab.internal} is not API.
 */
package dev.cachelab;
