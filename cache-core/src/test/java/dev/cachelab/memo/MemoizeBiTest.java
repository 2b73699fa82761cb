package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Memoizer#memoizeBi}: keyed by both arguments, in order. */
class MemoizeBiTest {

  private final AtomicInteger runs = new AtomicInteger();

  private MemoizedBiFunction<Object, Object, String> concat() {
    return Memoizer.memoizeBi((a, b) -> {
      runs.incrementAndGet();
      return a + "+" + b;
    });
  }

  @Test
  void apply_withSeenPair_returnsCachedResultWithoutRunningTheFunction() {
    MemoizedBiFunction<Object, Object, String> f = concat();

    assertEquals("a+b", f.apply("a", "b"));
    assertEquals("a+b", f.apply("a", "b"));

    assertEquals(1, runs.get());
    assertEquals(new CacheInfo(1, 1, -1, 1), f.cacheInfo());
  }

  @Test
  void argumentOrder_isPartOfTheKey() {
    MemoizedBiFunction<Object, Object, String> f = concat();

    assertEquals("1+2", f.apply(1, 2));
    assertEquals("2+1", f.apply(2, 1));

    assertEquals(2, runs.get());
  }

  @Test
  void eachArgument_isTyped_soIntegerOneAndLongOneAreDifferent() {
    MemoizedBiFunction<Object, Object, String> f = concat();

    f.apply(1, "x");
    f.apply(1L, "x");
    f.apply("x", 1);
    f.apply("x", 1L);

    assertEquals(4, runs.get());
  }

  @Test
  void arrayArguments_compareByContent() {
    MemoizedBiFunction<Object, Object, String> f = concat();

    f.apply(new int[] {1, 2}, new String[] {"a"});
    f.apply(new int[] {1, 2}, new String[] {"a"});

    assertEquals(1, runs.get());
  }

  @Test
  void apply_withNullArgument_throwsNpeNamingWhichArgument() {
    MemoizedBiFunction<Object, Object, String> f = concat();

    NullPointerException first = assertThrows(NullPointerException.class, () -> f.apply(null, "b"));
    NullPointerException second = assertThrows(NullPointerException.class, () -> f.apply("a", null));

    assertTrue(first.getMessage().startsWith("first argument must not be null"), first.getMessage());
    assertTrue(second.getMessage().startsWith("second argument must not be null"), second.getMessage());
    assertEquals(0, runs.get());
  }

  @Test
  void exception_reachesTheCallerAsItself_andIsNotCached() {
    UnsupportedOperationException failure = new UnsupportedOperationException("not yet");
    MemoizedBiFunction<Integer, Integer, Integer> f = Memoizer.memoizeBi((a, b) -> {
      if (runs.incrementAndGet() == 1) {
        throw failure;
      }
      return a + b;
    });

    assertSame(failure, assertThrows(UnsupportedOperationException.class, () -> f.apply(1, 2)));
    assertEquals(3, f.apply(1, 2));
    assertEquals(2, runs.get());
  }

  @Test
  void nullResult_isNotCached() {
    MemoizedBiFunction<String, String, String> f = Memoizer.memoizeBi((a, b) -> {
      runs.incrementAndGet();
      return null;
    });

    assertNull(f.apply("a", "b"));
    assertNull(f.apply("a", "b"));

    assertEquals(2, runs.get());
  }

  @Test
  void cacheClear_emptiesTheCacheAndResetsBothCounters() {
    MemoizedBiFunction<Object, Object, String> f = concat();
    f.apply(1, 2);
    f.apply(1, 2);

    f.cacheClear();

    assertEquals(new CacheInfo(0, 0, -1, 0), f.cacheInfo());
    f.apply(1, 2);
    assertEquals(2, runs.get());
  }
}
