package dev.cachelab.internal;

import dev.cachelab.RemovalListener;
import dev.cachelab.Ticker;
import dev.cachelab.Weigher;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.StoreFactory;
import java.util.concurrent.Executor;

/**
 * The immutable snapshot of a {@code CacheBuilder} that a cache is built from. Already validated by the builder.
 *
 * @param name the cache's name
 * @param store creates the store
 * @param maximumSize the maximum number of entries, or -1
 * @param maximumWeight the maximum total weight, or -1
 * @param weigher the weigher, or {@code null} when not weighted
 * @param evictionPolicy the chosen policy, or {@code null} for the store's default
 * @param ticker the time source
 * @param executor runs removal notifications and other background work
 * @param recordStats whether to keep statistics
 * @param removalListener the listener, or {@code null}
 */
public record CacheSpec(
    String name,
    StoreFactory store,
    long maximumSize,
    long maximumWeight,
    Weigher<Object, Object> weigher,
    EvictionPolicy evictionPolicy,
    Ticker ticker,
    Executor executor,
    boolean recordStats,
    RemovalListener<Object, Object> removalListener) {}
