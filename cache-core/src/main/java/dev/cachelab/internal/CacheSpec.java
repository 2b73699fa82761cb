package dev.cachelab.internal;

import dev.cachelab.Expiry;
import dev.cachelab.RemovalListener;
import dev.cachelab.Scheduler;
import dev.cachelab.Ticker;
import dev.cachelab.Weigher;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.StoreFactory;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The immutable snapshot of a {@code CacheBuilder} that a cache is built from. Already validated by the builder.
 * Durations are in nanoseconds, {@link Long#MAX_VALUE} when unset.
 *
 * @param name the cache's name
 * @param store creates the store
 * @param maximumSize the maximum number of entries, or -1
 * @param maximumWeight the maximum total weight, or -1
 * @param weigher the weigher, or {@code null} when not weighted
 * @param evictionPolicy the chosen policy, or {@code null} for the store's default
 * @param ticker the time source
 * @param executor runs removal notifications, refreshes and other background work
 * @param recordStats whether to keep statistics
 * @param removalListener the listener, or {@code null}
 * @param expireAfterWriteNanos lifetime from the write
 * @param expireAfterAccessNanos lifetime from the last read or write
 * @param expiry the per-entry expiry, or {@code null}
 * @param expiryJitter the fraction by which lifetimes are spread, 0 for none
 * @param refreshAfterWriteNanos age after which a read triggers a background reload
 * @param earlyRefreshBeta XFetch's beta, 0 for no early refresh
 * @param staleIfErrorNanos how long past expiry a value may be served when its reload fails, 0 for never
 * @param negativeCachingNanos how long a loader's "absent" answer is remembered
 * @param scheduler wakes the cache to remove expired entries promptly, or {@code null} for lazy removal
 * @param random the random source of jitter and early refresh
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
    RemovalListener<Object, Object> removalListener,
    long expireAfterWriteNanos,
    long expireAfterAccessNanos,
    Expiry<Object, Object> expiry,
    double expiryJitter,
    long refreshAfterWriteNanos,
    double earlyRefreshBeta,
    long staleIfErrorNanos,
    long negativeCachingNanos,
    Scheduler scheduler,
    RandomGenerator random) {}
