package dev.cachelab.memo;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.internal.ModuleAccess;
import dev.cachelab.policy.EvictionPolicy;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Memoization: wraps a function so that it remembers its results, as Python's {@code functools.cache} and
 * {@code functools.lru_cache} do.
 *
 * <pre>{@code
 * MemoizedFunction<String, Integer> length = Memoizer.memoize(String::length);         // functools.cache
 * MemoizedFunction<Long, Price> quote = Memoizer.memoize(pricing::quote, 1_000);       // lru_cache(maxsize=1000)
 * MemoizedFunction<Integer, Long> fib = Memoizer.recursive(
 *     (self, n) -> n < 2 ? (long) n : self.apply(n - 1) + self.apply(n - 2));
 * fib.apply(90);                      // 2880067194370816120
 * fib.cacheInfo();                    // CacheInfo[hits=88, misses=91, maxSize=-1, currentSize=91]
 * }</pre>
 *
 * <p>Every memoizer runs on a {@link Cache}, so it has the cache's semantics:
 * <ul>
 *   <li><b>Recursion.</b> A memoized function may call itself, through {@link #recursive} or through a field that
 *       holds it; the inner calls are memoized too. Each level from a cold cache costs about eight stack frames (the
 *       cache's get-or-load among them), so a thread with the default stack manages a few hundred levels, fewer
 *       than the plain function would; beyond that a {@link StackOverflowError} reaches the caller and nothing of
 *       the failed chain is cached. Warm the cache bottom-up ({@code f(300)}, then {@code f(600)}, ...) or run on a
 *       thread with a larger stack. (Python's default recursion limit is 1000.)
 *   <li><b>Single flight.</b> Threads calling with an equal argument at the same time run the function once and
 *       share its result or its failure.
 *   <li><b>Keys.</b> Arguments compare with {@code equals}, so {@code 1} and {@code 1L} are different keys (Python's
 *       {@code typed=True}); arrays compare by content at any depth, and are copied when cached, so refilling an
 *       array after a call does not disturb the cache. A null argument is refused with
 *       {@link NullPointerException}: it would be the key.
 *   <li><b>Null results</b> are returned but not cached (the cache treats {@code null} as "no value"), so a function
 *       that returns {@code null} runs, and counts a miss, on every call. Wrap it in {@code Optional} to cache
 *       absence.
 *   <li><b>Exceptions</b> reach the caller as the function threw them (the cache's {@code CacheLoadException} is
 *       unwrapped), and are never cached: the next call runs the function again.
 *   <li><b>Counting</b> follows Python: a call that ran the function is a miss, one answered without running it is a
 *       hit (see {@link CacheInfo}).
 * </ul>
 *
 * <p>Thread-safe: every method may be called from any thread, and everything it returns is thread-safe.
 */
public final class Memoizer {

  private Memoizer() {}

  /**
   * Returns {@code fn} memoized without a bound: every distinct argument's result is kept (Python's
   * {@code functools.cache}, or {@code lru_cache(maxsize=None)}).
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param fn the function to memoize; it may call the returned function (for example through a field)
   * @return the memoized function; its {@link CacheInfo#maxSize()} is {@code -1}
   * @throws NullPointerException if {@code fn} is null
   */
  public static <T, R> MemoizedFunction<T, R> memoize(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn must not be null");
    return new CachedFunction<>(
        new MemoTable<Object, R>(newCache("Memoizer.memoize", MemoTable.UNBOUNDED), MemoTable.UNBOUNDED),
        ArgumentKey::of,
        (self, t) -> fn.apply(t),
        "Memoizer.memoize(" + fn + ")");
  }

  /**
   * Returns {@code fn} memoized with at most {@code maxSize} results kept, the least recently used dropped first
   * (Python's {@code functools.lru_cache(maxsize)}). The bound holds after every call.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param fn the function to memoize
   * @param maxSize the most results to keep; zero keeps none, so every call runs {@code fn}
   *     ({@code lru_cache(maxsize=0)})
   * @return the memoized function
   * @throws NullPointerException if {@code fn} is null
   * @throws IllegalArgumentException if {@code maxSize} is negative
   */
  public static <T, R> MemoizedFunction<T, R> memoize(Function<? super T, ? extends R> fn, long maxSize) {
    Objects.requireNonNull(fn, "fn must not be null");
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize must not be negative: " + maxSize);
    }
    String name = "Memoizer.memoize(maxSize=" + maxSize + ")";
    return new CachedFunction<>(
        new MemoTable<Object, R>(newCache(name, maxSize), maxSize),
        ArgumentKey::of,
        (self, t) -> fn.apply(t),
        "Memoizer.memoize(" + fn + ", maxSize=" + maxSize + ")");
  }

  /**
   * Returns {@code fn} memoized in {@code cache}, a cache you built: on any store, with any bound, expiry or
   * listener. The argument itself is the key, so you can look results up, invalidate them or put them in through
   * the cache too. {@link MemoizedFunction#cacheInfo()} counts the memoized calls (whether or not the cache records
   * statistics) and reports a {@code maxSize} of {@code -1} (unknown); {@link MemoizedFunction#cacheClear()} empties
   * the whole cache.
   *
   * <p>Because the argument is the key as it is, the cache would compare an array argument by identity, and a caller
   * that refilled its array would get a stale result; so an array argument is refused with
   * {@link IllegalArgumentException}. Use {@link #memoize(Function)} or {@link #memoize(Function, long)}, which
   * compare arrays by content, or pass a {@code List}.
   *
   * @param <T> the argument type, which is the cache's key type
   * @param <R> the result type
   * @param fn the function to memoize
   * @param cache the cache to keep the results in; it stays yours to close
   * @return the memoized function
   * @throws NullPointerException if {@code fn} or {@code cache} is null
   */
  public static <T, R> MemoizedFunction<T, R> memoize(Function<? super T, ? extends R> fn, Cache<T, R> cache) {
    Objects.requireNonNull(fn, "fn must not be null");
    Objects.requireNonNull(cache, "cache must not be null");
    return new CachedFunction<>(
        new MemoTable<>(cache, MemoTable.UNBOUNDED, false),
        Memoizer::notArray,
        (self, t) -> fn.apply(t),
        "Memoizer.memoize(" + fn + ", " + cache + ")");
  }

  /**
   * Returns a memoized recursive function: {@code fn} receives the memoized function itself as {@code self} and
   * calls it for the smaller cases, so that every recursive call is memoized. No field or holder is needed.
   *
   * <pre>{@code
   * MemoizedFunction<Integer, Long> fib = Memoizer.recursive(
   *     (self, n) -> n < 2 ? (long) n : self.apply(n - 1) + self.apply(n - 2));
   * }</pre>
   *
   * <p>A call of {@code self} with the argument being computed fails with {@link IllegalStateException} instead of
   * recursing forever.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param fn the function body, given {@code (self, argument)}
   * @return the memoized function, unbounded
   * @throws NullPointerException if {@code fn} is null
   */
  public static <T, R> MemoizedFunction<T, R> recursive(BiFunction<Function<T, R>, T, R> fn) {
    Objects.requireNonNull(fn, "fn must not be null");
    return new CachedFunction<>(
        new MemoTable<Object, R>(newCache("Memoizer.recursive", MemoTable.UNBOUNDED), MemoTable.UNBOUNDED),
        ArgumentKey::of,
        fn,
        "Memoizer.recursive(" + fn + ")");
  }

  /**
   * Returns the two-argument function {@code fn} memoized without a bound, keyed by both arguments. (Named apart
   * from {@code memoize} so that a method reference never matches both.)
   *
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the result type
   * @param fn the function to memoize
   * @return the memoized function
   * @throws NullPointerException if {@code fn} is null
   */
  public static <T, U, R> MemoizedBiFunction<T, U, R> memoizeBi(BiFunction<? super T, ? super U, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn must not be null");
    return new CachedBiFunction<>(
        new MemoTable<ArgumentKey, R>(newCache("Memoizer.memoizeBi", MemoTable.UNBOUNDED), MemoTable.UNBOUNDED), fn);
  }

  /**
   * Returns a supplier that computes its value once, on the first call, and returns that value ever after: a lazy,
   * thread-safe constant.
   *
   * <p>Threads that call while the first computation runs wait for it and get its value; the supplier runs at most
   * once if it succeeds. If it throws, the exception reaches that caller, nothing is kept, and the next call tries
   * again. A {@code null} result is a value like any other: it is kept and returned without computing again. A
   * waiting thread can be interrupted: it gets a {@code CacheLoadException} and its interrupt flag stays set. A
   * supplier that asks for its own value gets an {@link IllegalStateException}.
   *
   * @param <R> the value type
   * @param supplier computes the value
   * @return the once-only supplier
   * @throws NullPointerException if {@code supplier} is null
   */
  public static <R> Supplier<R> once(Supplier<? extends R> supplier) {
    Objects.requireNonNull(supplier, "supplier must not be null");
    return new Once<>(supplier);
  }

  /**
   * Returns an implementation of {@code iface} that memoizes {@code target}: every non-void method, of any number
   * of arguments, is answered from one unbounded cache keyed by the method and its arguments (arrays by content,
   * {@code null} arguments allowed), and calls {@code target} on a miss. Uses {@link Proxy}.
   *
   * <p>Not memoized: void methods and {@code hashCode} and {@code toString} go to the target on every call;
   * {@code equals} goes to the target too, except that a proxy always equals itself. Default methods are memoized
   * like the others and run on the target, so any interface methods they call are the target's own, not memoized.
   * A {@code null} result is not cached. The target's exceptions, checked ones included, reach the caller as
   * themselves, and a call that threw is not cached.
   *
   * @param <I> the interface type
   * @param iface the public interface to implement
   * @param target the object that does the work
   * @return a memoizing proxy, thread-safe if {@code target} is
   * @throws NullPointerException if {@code iface} or {@code target} is null
   * @throws IllegalArgumentException if {@code iface} is not an interface, is not public, is in a package its module
   *     does not export to cachelab ({@code dev.cachelab.core}), or cannot be proxied (for example, it is sealed), or
   *     if {@code target} does not implement it
   */
  public static <I> I proxy(Class<I> iface, I target) {
    Objects.requireNonNull(iface, "iface must not be null");
    Objects.requireNonNull(target, "target must not be null");
    if (!iface.isInterface()) {
      throw new IllegalArgumentException("iface must be an interface: " + iface.getName());
    }
    if (!Modifier.isPublic(iface.getModifiers())) {
      throw new IllegalArgumentException(
          "iface must be public, so that the proxy can call the target through it: " + iface.getName());
    }
    if (!iface.isInstance(target)) {
      throw new IllegalArgumentException(
          "target must implement " + iface.getName() + ": " + target.getClass().getName());
    }
    // A public interface can still be out of reach: in a module, behind a package it does not export to cachelab.
    ModuleAccess.requireExported(iface, "Memoizer.proxy(" + iface.getSimpleName() + ".class, target)",
        "calls " + iface.getSimpleName() + "'s methods on the target");
    String name = "Memoizer.proxy(" + iface.getSimpleName() + ")";
    MemoizingHandler handler = new MemoizingHandler(
        target, new MemoTable<ArgumentKey, Object>(newCache(name, MemoTable.UNBOUNDED), MemoTable.UNBOUNDED));
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
  }

  /**
   * Builds a memoizer's own cache on the built-in engine, LRU when bounded. There is no listener, and the same-thread
   * executor keeps the memoizer off the common pool.
   */
  private static <K, R> Cache<K, R> newCache(String name, long maxSize) {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().name(name).executor(Runnable::run);
    if (maxSize != MemoTable.UNBOUNDED) {
      builder.maximumSize(maxSize).evictionPolicy(EvictionPolicy.lru());
    }
    return builder.build();
  }

  /** The key of an argument in a cache passed in: the argument itself, which must not be an array. */
  private static <T> T notArray(T argument) {
    if (argument.getClass().isArray()) {
      throw new IllegalArgumentException("a function memoized over a cache you passed in is keyed by its argument "
          + "as it is, and an array (" + argument.getClass().getSimpleName() + ") would compare by identity; "
          + "use Memoizer.memoize(fn) or memoize(fn, maxSize), which compare arrays by content, or pass a List");
    }
    return argument;
  }
}
