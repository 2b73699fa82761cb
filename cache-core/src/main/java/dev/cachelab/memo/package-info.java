/**
 * Memoization: functions that remember their results, built on {@link dev.cachelab.Cache} so that they get its single
 * flight and its memoized recursion. Start at {@link dev.cachelab.memo.Memoizer}.
 *
 * <h2>From Python's functools</h2>
 *
 * <table class="striped">
 *   <caption>Python's functools beside cachelab</caption>
 *   <thead>
 *     <tr><th scope="col">Python</th><th scope="col">cachelab</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@code @functools.cache}, {@code @lru_cache(maxsize=None)}</td>
 *         <td>{@code Memoizer.memoize(fn)}</td></tr>
 *     <tr><td>{@code @functools.lru_cache(maxsize=128)}</td>
 *         <td>{@code Memoizer.memoize(fn, 128)}</td></tr>
 *     <tr><td>{@code @lru_cache(maxsize=0)}</td>
 *         <td>{@code Memoizer.memoize(fn, 0)}: counts, caches nothing</td></tr>
 *     <tr><td>{@code f.cache_info()}: {@code CacheInfo(hits, misses, maxsize, currsize)}</td>
 *         <td>{@code f.cacheInfo()}: {@code CacheInfo(hits, misses, maxSize, currentSize)}, {@code maxSize} -1 for
 *             unbounded</td></tr>
 *     <tr><td>{@code f.cache_clear()}</td>
 *         <td>{@code f.cacheClear()}</td></tr>
 *     <tr><td>recursion through the function's global name</td>
 *         <td>through a field, or {@code Memoizer.recursive((self, n) -> ...)}</td></tr>
 *     <tr><td>{@code @lru_cache(typed=True)}</td>
 *         <td>always: keys compare with {@code equals}, so {@code 1} and {@code 1L} differ</td></tr>
 *     <tr><td>several arguments, {@code f(a, b)}</td>
 *         <td>{@code Memoizer.memoizeBi(fn)}, or {@code Memoizer.proxy(Iface.class, target)} for any arity</td></tr>
 *     <tr><td>unhashable arguments ({@code list}) raise {@code TypeError}</td>
 *         <td>arrays are keys by content (copied)</td></tr>
 *     <tr><td>a result of {@code None} is cached</td>
 *         <td>a {@code null} result is not cached; return {@code Optional} to cache absence</td></tr>
 *     <tr><td>an exception is not cached</td>
 *         <td>the same, and it reaches the caller as itself</td></tr>
 *     <tr><td>threads may compute the same argument twice</td>
 *         <td>single flight: one computation per argument, shared</td></tr>
 *     <tr><td>a lazily computed constant</td>
 *         <td>{@code Memoizer.once(supplier)}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>From Python's joblib</h2>
 *
 * <p>{@link dev.cachelab.memo.PersistentMemoizer} memoizes into a directory, so that results survive the JVM:
 * {@code memory = joblib.Memory("cache")} is {@code PersistentMemoizer.open(Path.of("cache"))}, and
 * {@code memory.cache(f)} is {@code memory.memoize("f", "1", f, resultCodec)}, with a version you change when the
 * function's results change (joblib watches the source code instead). {@code f.clear()} and {@code memory.clear()}
 * are {@code cacheClear()} and {@code clear()}.
 *
 * <p>Everything public here is thread-safe.
 */
package dev.cachelab.memo;
