package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.store.Stores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Memoizer#memoize} and {@link Memoizer#recursive}: counting, recursion, bounds, keys, errors, threads. */
class MemoizerTest {

  private static final long FIB_90 = 2880067194370816120L;

  /** Recursion through a field: the lambda reads the field when it runs, after it has been assigned. */
  private MemoizedFunction<Integer, Long> fib;

  private final AtomicInteger runs = new AtomicInteger();

  /** A function that counts how often it really runs. */
  private <T> Function<T, String> counted(Function<T, String> fn) {
    return t -> {
      runs.incrementAndGet();
      return fn.apply(t);
    };
  }

  // ---- counting, as functools -----------------------------------------------------------------------------------

  @Test
  @Timeout(10)
  void fib90_fromCold_countsAsFunctools() {
    MemoizedFunction<Integer, Long> memoFib =
        Memoizer.recursive((self, n) -> n < 2 ? (long) n : self.apply(n - 1) + self.apply(n - 2));

    assertEquals(FIB_90, memoFib.apply(90));
    assertEquals(new CacheInfo(88, 91, -1, 91), memoFib.cacheInfo());
  }

  @Test
  @Timeout(10)
  void fib90_throughAField_isMemoizedRecursion() {
    fib = Memoizer.memoize(n -> n < 2 ? (long) n : fib.apply(n - 1) + fib.apply(n - 2));

    assertEquals(FIB_90, fib.apply(90));
    assertEquals(new CacheInfo(88, 91, -1, 91), fib.cacheInfo());
  }

  @Test
  @Timeout(30)
  void deepRecursion_afterAStackOverflowFromCold_canBeWarmedBottomUp() {
    MemoizedFunction<Integer, Long> sum = Memoizer.recursive((self, n) -> n == 0 ? 0L : self.apply(n - 1) + n);
    AtomicReference<Throwable> cold = new AtomicReference<>();
    Thread smallStack = new Thread(null, () -> {
      try {
        sum.apply(20_000);
      } catch (Throwable t) {
        cold.set(t);
      }
    }, "small-stack", 256 * 1024);
    smallStack.start();
    Threads.joinAll(List.of(smallStack));
    assertInstanceOf(StackOverflowError.class, cold.get());
    assertEquals(0, sum.cacheInfo().currentSize(), "nothing of the failed chain was cached");

    for (int n = 100; n <= 20_000; n += 100) {
      sum.apply(n); // each step recurses at most 100 levels into what is already cached
    }

    assertEquals(20_000L * 20_001 / 2, sum.apply(20_000));
  }

  @Test
  void apply_withSeenArgument_returnsCachedResultWithoutRunningTheFunction() {
    MemoizedFunction<String, String> upper = Memoizer.memoize(counted(String::toUpperCase));

    assertEquals("A", upper.apply("a"));
    assertEquals("A", upper.apply("a"));
    assertEquals("B", upper.apply("b"));

    assertEquals(2, runs.get());
    assertEquals(new CacheInfo(1, 2, -1, 2), upper.cacheInfo());
  }

  @Test
  void cacheClear_emptiesTheCacheAndResetsBothCounters() {
    MemoizedFunction<Integer, String> f = Memoizer.memoize(counted(String::valueOf));
    f.apply(1);
    f.apply(1);
    f.apply(2);

    f.cacheClear();

    assertEquals(new CacheInfo(0, 0, -1, 0), f.cacheInfo());
    f.apply(1);
    assertEquals(3, runs.get(), "after cacheClear the function runs again");
    assertEquals(new CacheInfo(0, 1, -1, 1), f.cacheInfo());
  }

  // ---- bounds ---------------------------------------------------------------------------------------------------

  @Test
  void boundedMemoizer_overManyDistinctArguments_neverHoldsMoreThanMaxSize() {
    MemoizedFunction<Integer, String> f = Memoizer.memoize(String::valueOf, 3);

    for (int i = 0; i < 500; i++) {
      f.apply(i);
      long size = f.cacheInfo().currentSize();
      assertTrue(size <= 3, "after call " + i + " the cache holds " + size + " results");
    }
    assertEquals(new CacheInfo(0, 500, 3, 3), f.cacheInfo());
  }

  @Test
  void boundedMemoizer_dropsTheLeastRecentlyUsedResult() {
    MemoizedFunction<Integer, String> f = Memoizer.memoize(counted(String::valueOf), 2);
    f.apply(1);
    f.apply(2);
    f.apply(1); // 1 is now more recently used than 2
    f.apply(3); // evicts 2, the least recently used (FIFO would evict 1)
    int runsBefore = runs.get();

    f.apply(1);
    assertEquals(runsBefore, runs.get(), "1 was used recently, so it is still cached");
    f.apply(2);
    assertEquals(runsBefore + 1, runs.get(), "2 was the least recently used, so it was dropped");
  }

  @Test
  void maxSizeZero_cachesNothing_likeLruCacheMaxsizeZero() {
    MemoizedFunction<Integer, String> f = Memoizer.memoize(counted(String::valueOf), 0);

    f.apply(1);
    f.apply(1);
    f.apply(1);

    assertEquals(3, runs.get());
    assertEquals(new CacheInfo(0, 3, 0, 0), f.cacheInfo());
  }

  @Test
  void memoize_withNegativeMaxSize_throwsNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Memoizer.memoize(String::valueOf, -5));
    assertEquals("maxSize must not be negative: -5", e.getMessage());
  }

  // ---- keys -----------------------------------------------------------------------------------------------------

  @Test
  void keys_compareWithEquals_soIntegerOneAndLongOneAreDifferent() {
    MemoizedFunction<Object, String> f = Memoizer.memoize(counted(x -> x.getClass().getSimpleName()));

    assertEquals("Integer", f.apply(1));
    assertEquals("Long", f.apply(1L));
    assertEquals("Integer", f.apply(1));

    assertEquals(2, runs.get());
    assertEquals(new CacheInfo(1, 2, -1, 2), f.cacheInfo());
  }

  @Test
  void intArrayArgument_comparesByContent() {
    MemoizedFunction<int[], String> sum =
        Memoizer.memoize(counted(xs -> String.valueOf(Arrays.stream(xs).sum())));

    assertEquals("6", sum.apply(new int[] {1, 2, 3}));
    assertEquals("6", sum.apply(new int[] {1, 2, 3}));
    assertEquals("7", sum.apply(new int[] {1, 2, 4}));

    assertEquals(2, runs.get());
    assertEquals(new CacheInfo(1, 2, -1, 2), sum.cacheInfo());
  }

  @Test
  void nestedArrayArgument_comparesByContentAtEveryDepth() {
    MemoizedFunction<int[][], String> show = Memoizer.memoize(counted(Arrays::deepToString));

    show.apply(new int[][] {{1, 2}, {3}});
    show.apply(new int[][] {{1, 2}, {3}});
    show.apply(new int[][] {{1, 2}, {4}});

    assertEquals(2, runs.get());
  }

  @Test
  void arrayArgument_refilledAfterTheCall_isComputedForItsNewContent() {
    MemoizedFunction<int[], String> show = Memoizer.memoize(counted(Arrays::toString));
    int[] buffer = {1, 2};
    assertEquals("[1, 2]", show.apply(buffer));

    buffer[0] = 9;

    assertEquals("[9, 2]", show.apply(buffer), "the cached key kept its own copy of [1, 2]");
    assertEquals("[1, 2]", show.apply(new int[] {1, 2}));
    assertEquals(2, runs.get());
  }

  // ---- nulls ----------------------------------------------------------------------------------------------------

  @Test
  void nullResult_isNotCached_andEachCallCountsAMiss() {
    MemoizedFunction<String, String> nothing = Memoizer.memoize(counted(s -> null));

    assertNull(nothing.apply("a"));
    assertNull(nothing.apply("a"));

    assertEquals(2, runs.get());
    assertEquals(new CacheInfo(0, 2, -1, 0), nothing.cacheInfo());
  }

  @Test
  void apply_withNullArgument_throwsNpeNamingTheArgument() {
    MemoizedFunction<String, String> f = Memoizer.memoize(counted(s -> "x"));

    NullPointerException e = assertThrows(NullPointerException.class, () -> f.apply(null));
    assertTrue(e.getMessage().startsWith("argument must not be null"), e.getMessage());
    assertEquals(0, runs.get());
  }

  @Test
  void factories_withNullParameters_throwNpeNamingTheParameter() {
    Cache<String, String> cache = CacheBuilder.newBuilder().build();
    assertAll(
        () -> assertNpe("fn must not be null", () -> Memoizer.memoize(null)),
        () -> assertNpe("fn must not be null", () -> Memoizer.memoize(null, 10)),
        () -> assertNpe("fn must not be null", () -> Memoizer.memoize(null, cache)),
        () -> assertNpe("cache must not be null", () -> Memoizer.memoize(String::trim, (Cache<String, String>) null)),
        () -> assertNpe("fn must not be null", () -> Memoizer.recursive(null)),
        () -> assertNpe("fn must not be null", () -> Memoizer.memoizeBi(null)),
        () -> assertNpe("supplier must not be null", () -> Memoizer.once(null)),
        () -> assertNpe("iface must not be null", () -> Memoizer.proxy(null, "x")),
        () -> assertNpe("target must not be null", () -> Memoizer.proxy(Runnable.class, null)));
  }

  private static void assertNpe(String message, Runnable call) {
    assertEquals(message, assertThrows(NullPointerException.class, call::run).getMessage());
  }

  // ---- exceptions -----------------------------------------------------------------------------------------------

  @Test
  void exception_reachesTheCallerAsItself_andIsNotCached() {
    IllegalArgumentException failure = new IllegalArgumentException("bad input");
    MemoizedFunction<Integer, String> f = Memoizer.memoize(counted(n -> {
      if (runs.get() == 1) {
        throw failure;
      }
      return "ok " + n;
    }));

    assertSame(failure, assertThrows(IllegalArgumentException.class, () -> f.apply(1)));
    assertEquals("ok 1", f.apply(1), "the failure was not cached, so the function ran again");
    assertEquals("ok 1", f.apply(1));

    assertEquals(2, runs.get());
    assertEquals(new CacheInfo(1, 2, -1, 1), f.cacheInfo(), "a call that threw still counts a miss, as in Python");
  }

  @Test
  void exceptionDeepInRecursion_reachesTheCallerAsItself() {
    ArithmeticException failure = new ArithmeticException("base case failed");
    MemoizedFunction<Integer, Long> f = Memoizer.recursive((self, n) -> {
      if (n == 0) {
        throw failure;
      }
      return self.apply(n - 1) + 1;
    });

    assertSame(failure, assertThrows(ArithmeticException.class, () -> f.apply(20)));
    assertEquals(0, f.cacheInfo().currentSize());
  }

  @Test
  void error_reachesTheCallerAsItself() {
    AssertionError failure = new AssertionError("broken invariant");
    MemoizedFunction<Integer, String> f = Memoizer.memoize(n -> {
      throw failure;
    });

    assertSame(failure, assertThrows(AssertionError.class, () -> f.apply(1)));
  }

  @Test
  void callingItselfWithTheSameArgument_failsFastInsteadOfDeadlocking() {
    fib = Memoizer.memoize(n -> fib.apply(n));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> fib.apply(5));
    assertTrue(e.getMessage().contains("key 5"), e.getMessage());
  }

  // ---- threads --------------------------------------------------------------------------------------------------

  @Test
  void apply_onSixteenThreadsAtOnce_runsTheFunctionOnceAndCountsFifteenHits() {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MemoizedFunction<Integer, String> f = Memoizer.memoize(counted(n -> {
      Threads.await(release);
      return "value " + n;
    }));
    AtomicReferenceArray<String> results = new AtomicReferenceArray<>(16);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int slot = i;
      threads.add(new Thread(() -> {
        Threads.await(start);
        results.set(slot, f.apply(7));
      }, "caller-" + i));
    }
    threads.forEach(Thread::start);

    start.countDown();
    waitUntilRunning(1);
    Threads.awaitAllWaiting(threads);
    release.countDown();
    Threads.joinAll(threads);

    assertEquals(1, runs.get());
    for (int i = 0; i < 16; i++) {
      assertEquals("value 7", results.get(i), "caller " + i);
    }
    assertEquals(new CacheInfo(15, 1, -1, 1), f.cacheInfo());
  }

  @Test
  void threadsWaitingOnAFailingCall_receiveTheOriginalException() {
    assertWaitersReceiveAsItself(new IllegalStateException("backend down"));
  }

  @Test
  void threadsWaitingOnACallThatThrowsAnError_receiveTheOriginalError() {
    assertWaitersReceiveAsItself(new AssertionError("broken invariant"));
  }

  /** One thread runs a call that fails once three more wait for it; all four must receive {@code failure} itself. */
  private void assertWaitersReceiveAsItself(Throwable failure) {
    CountDownLatch release = new CountDownLatch(1);
    MemoizedFunction<Integer, String> f = Memoizer.memoize(counted(n -> {
      Threads.await(release);
      if (failure instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) failure;
    }));
    ConcurrentHashMap<String, Throwable> thrown = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      threads.add(new Thread(() -> {
        try {
          f.apply(1);
        } catch (Throwable t) {
          thrown.put(Thread.currentThread().getName(), t);
        }
      }, "caller-" + i));
    }
    threads.get(0).start();
    waitUntilRunning(1);
    threads.subList(1, 4).forEach(Thread::start);

    Threads.awaitAllWaiting(threads);
    release.countDown();
    Threads.joinAll(threads);

    assertEquals(1, runs.get(), "the waiters shared the first call");
    assertEquals(4, thrown.size());
    thrown.forEach((caller, t) -> assertSame(failure, t, caller + " got " + t));
    assertEquals(0, f.cacheInfo().currentSize());
  }

  /** Spins (no sleep) until the function has started {@code expectedRuns} times. */
  private void waitUntilRunning(int expectedRuns) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (runs.get() < expectedRuns) {
      assertTrue(System.nanoTime() < deadline, "the function did not start");
      Thread.yield();
    }
  }

  // ---- over a cache the user built --------------------------------------------------------------------------------

  @Test
  void overUsersCache_countsCallsAndSharesEntriesWithTheCache() {
    Cache<Integer, String> cache = CacheBuilder.newBuilder().build();
    MemoizedFunction<Integer, String> f = Memoizer.memoize(counted(n -> "v" + n), cache);

    f.apply(1);
    f.apply(1);
    cache.put(2, "put by hand");

    assertEquals("v1", cache.getIfPresent(1), "the argument itself is the key");
    assertEquals("put by hand", f.apply(2));
    assertEquals(1, runs.get());
    assertEquals(new CacheInfo(2, 1, -1, 2), f.cacheInfo(), "counted although the cache records no stats");
  }

  @Test
  void overUsersCaffeineCache_theCachesBoundHolds() {
    Cache<Integer, String> cache = CacheBuilder.newBuilder()
        .store(Stores.caffeine())
        .maximumSize(10)
        .executor(Runnable::run)
        .build();
    MemoizedFunction<Integer, String> f = Memoizer.memoize(String::valueOf, cache);

    for (int i = 0; i < 200; i++) {
      f.apply(i);
    }

    CacheInfo info = f.cacheInfo();
    assertTrue(info.currentSize() <= 10, info.toString());
    assertEquals(200, info.misses());
  }

  @Test
  void overUsersCache_arrayArgument_isRefused() {
    Cache<int[], String> cache = CacheBuilder.newBuilder().build();
    MemoizedFunction<int[], String> f = Memoizer.memoize(counted(Arrays::toString), cache);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(new int[] {1}));
    assertTrue(e.getMessage().contains("int[]"), e.getMessage());
    assertEquals(0, runs.get());
  }

  @Test
  void cacheClear_overUsersCache_emptiesTheCache() {
    Cache<Integer, String> cache = CacheBuilder.newBuilder().build();
    MemoizedFunction<Integer, String> f = Memoizer.memoize(String::valueOf, cache);
    f.apply(1);

    f.cacheClear();

    assertNull(cache.getIfPresent(1));
    assertEquals(new CacheInfo(0, 0, -1, 0), f.cacheInfo());
  }
}
