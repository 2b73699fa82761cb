/*
 * Memoization, Python's functools.cache for the JVM. The naive Fibonacci function recomputes the same values an
 * exponential number of times; memoized, each fib(n) is computed once and every repeat is a cache hit. cacheInfo()
 * counts exactly as Python's cache_info() does, and a bounded memoizer (lru_cache(maxsize)) never holds more than
 * its bound.
 */
package dev.cachelab.examples.memo;

import dev.cachelab.examples.Tour;
import dev.cachelab.memo.CacheInfo;
import dev.cachelab.memo.MemoizedFunction;
import dev.cachelab.memo.Memoizer;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** Naive against memoized Fibonacci, with the counts that show why memoization wins. */
public final class FibonacciExample {

  private FibonacciExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("memo", args);
  }

  /**
   * The tour's entry.
   *
   * @param context where to print
   * @return the summary line
   */
  public static String tour(Tour.Context context) {
    CacheInfo info = run(context.out(), 32);
    return "memoized fib(90) computed " + info.misses() + " values, naive fib(32) made 7,049,155 calls";
  }

  /** The textbook recursion: fib(n) calls fib(n-1) and fib(n-2), recomputing everything below. */
  static long naiveFib(int n, AtomicLong calls) {
    calls.incrementAndGet();
    return n < 2 ? n : naiveFib(n - 1, calls) + naiveFib(n - 2, calls);
  }

  /**
   * Runs the example, printing to {@code out}.
   *
   * @param naiveN the argument for the naive version (32 takes a few hundred milliseconds; tests use less)
   * @return the memoized function's cache info after fib(90)
   */
  public static CacheInfo run(PrintStream out, int naiveN) {
    AtomicLong naiveCalls = new AtomicLong();
    long start = System.nanoTime();
    long naive = naiveFib(naiveN, naiveCalls);
    long naiveMillis = (System.nanoTime() - start) / 1_000_000;
    out.printf("Naive:    fib(%d) = %d after %,d calls (%d ms)%n", naiveN, naive, naiveCalls.get(), naiveMillis);

    // functools.cache: `self` is the memoized function itself, so the recursive calls are memoized too.
    MemoizedFunction<Integer, Long> fib = Memoizer.recursive(
        (self, n) -> n < 2 ? (long) n : self.apply(n - 1) + self.apply(n - 2));
    start = System.nanoTime();
    long memoized = fib.apply(90);
    long memoMicros = (System.nanoTime() - start) / 1_000;
    CacheInfo info = fib.cacheInfo();
    out.printf("Memoized: fib(90) = %d (%d µs)%n", memoized, memoMicros);
    out.printf("          %s%n", info);
    out.println("          91 misses: fib(0) .. fib(90), each computed once;"
        + " 88 hits: every fib(n-2) was already known.");
    out.printf("          fib(%d) again: %d, now a single hit -> %s%n", naiveN, fib.apply(naiveN), fib.cacheInfo());

    // lru_cache(maxsize=3): a bound keeps only the most recently used results.
    MemoizedFunction<Integer, Integer> square = Memoizer.memoize(x -> x * x, 3);
    for (int x : new int[] {1, 2, 3, 1, 4, 2}) {
      square.apply(x);
    }
    out.printf("Bounded:  squares of 1 2 3 1 4 2 with maxSize 3 -> %s%n", square.cacheInfo());
    out.println("          4 evicted 2 (least recently used), so the last call of 2 was a miss again.");
    fib.cacheClear();
    out.printf("Cleared:  fib.cacheClear() -> %s%n", fib.cacheInfo());
    return info;
  }
}
