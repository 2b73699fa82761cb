package dev.cachelab.memo;

/**
 * A snapshot of a memoized function's counters, as Python's {@code cache_info()} reports them: how many calls were
 * answered from the cache, how many ran the function, the bound, and how many results are cached now.
 *
 * <p>A call is a <em>miss</em> when it ran the wrapped function (counted as it starts, so a call that throws is still
 * a miss), and a <em>hit</em> when it returned without running it. A memoized {@code fib(90)} from cold is 91 misses
 * ({@code fib(0)} to {@code fib(90)}, each computed once) and 88 hits (the second recursive call, {@code fib(n - 2)},
 * of each {@code fib(n)} from 3 to 90).
 *
 * <p>Immutable, so thread-safe.
 *
 * @param hits calls answered without running the function
 * @param misses calls that ran the function
 * @param maxSize the most results the cache holds, or {@code -1} when unbounded or unknown (a cache you passed in)
 * @param currentSize the number of results cached now
 */
public record CacheInfo(long hits, long misses, long maxSize, long currentSize) {}
