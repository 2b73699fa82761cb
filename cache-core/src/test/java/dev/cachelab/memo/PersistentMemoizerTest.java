package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.codec.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentMemoizerTest {

  @TempDir
  Path dir;

  private final List<Integer> computed = new ArrayList<>();

  private Function<Integer, String> square() {
    return n -> {
      computed.add(n);
      return Integer.toString(n * n);
    };
  }

  @Test
  void resultsSurviveTheMemoizer_theNextOneReadsThemFromDisk() {
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      MemoizedFunction<Integer, String> squares = memory.memoize("square", "1", square(), Codec.string());
      assertEquals("9", squares.apply(3));
      assertEquals("16", squares.apply(4));
      assertEquals("9", squares.apply(3));
      assertEquals(new CacheInfo(1, 2, -1, 2), squares.cacheInfo());
    }
    computed.clear();
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      MemoizedFunction<Integer, String> squares = memory.memoize("square", "1", square(), Codec.string());
      assertEquals("9", squares.apply(3));
      assertEquals("16", squares.apply(4));
      assertEquals(List.of(), computed, "both came from disk");
      assertEquals(new CacheInfo(2, 0, -1, 2), squares.cacheInfo());
    }
  }

  @Test
  void aNewVersion_discardsTheOldResults_andComputesAfresh() {
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      memory.memoize("square", "1", square(), Codec.string()).apply(5);
    }
    assertTrue(Files.isDirectory(dir.resolve("square").resolve("1")));
    computed.clear();
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      MemoizedFunction<Integer, String> squares = memory.memoize("square", "2", n -> "v2:" + n * n, Codec.string());
      assertEquals("v2:25", squares.apply(5), "version 1's result is not used");
      assertEquals(1, squares.cacheInfo().misses());
    }
    assertFalse(Files.exists(dir.resolve("square").resolve("1")), "version 1's results are deleted");
  }

  @Test
  void cacheClear_emptiesOneFunction_andClearEmptiesEveryFunction_evenOnesNotMemoizedInThisRun() {
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      memory.memoize("other", "1", (Integer n) -> "other " + n, Codec.string()).apply(1);
    }
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      MemoizedFunction<Integer, String> squares = memory.memoize("square", "1", square(), Codec.string());
      MemoizedFunction<Integer, String> cubes = memory.memoize("cube", "1", n -> "" + n * n * n, Codec.string());
      squares.apply(2);
      cubes.apply(2);
      squares.cacheClear();
      assertEquals(new CacheInfo(0, 0, -1, 0), squares.cacheInfo());
      assertEquals(1, cubes.cacheInfo().currentSize(), "the other function keeps its results");

      squares.apply(2);
      memory.clear();
      assertEquals(new CacheInfo(0, 0, -1, 0), squares.cacheInfo());
      assertEquals(new CacheInfo(0, 0, -1, 0), cubes.cacheInfo());
      assertFalse(Files.exists(dir.resolve("other").resolve("1")), "a function of an earlier run is cleared too");
      assertEquals(List.of(2, 2), computed);
    }
  }

  @Test
  void aMemoizedFunctionMayCallItself_andCountsAsFunctoolsDoes() {
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      AtomicInteger runs = new AtomicInteger();
      @SuppressWarnings("unchecked")
      MemoizedFunction<Integer, Long>[] fib = new MemoizedFunction[1];
      fib[0] = memory.memoize("fib", "1", (Integer n) -> {
        runs.incrementAndGet();
        return n < 2 ? (long) n : fib[0].apply(n - 1) + fib[0].apply(n - 2);
      }, Codec.javaSerialization(Long.class, Long.class));
      assertEquals(832040L, fib[0].apply(30));
      assertEquals(new CacheInfo(28, 31, -1, 31), fib[0].cacheInfo());
      assertEquals(31, runs.get());
    }
  }

  record Query(String region, Set<String> tags) {}

  @Test
  void recordArguments_needTheirTypeListedInTheArgumentCodec() {
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      MemoizedFunction<Query, String> plain = memory.memoize("plain", "1", Query::region, Codec.string());
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
          () -> plain.apply(new Query("eu", Set.of("a"))));
      assertTrue(thrown.getMessage().contains(Query.class.getName()), thrown.getMessage());

      MemoizedFunction<Query, String> listed = memory.memoize("listed", "1", Query::region,
          Codec.canonical(Query.class), Codec.string());
      assertEquals("eu", listed.apply(new Query("eu", Set.of("a", "b"))));
      assertEquals("eu", listed.apply(new Query("eu", Set.of("b", "a"))));
      assertEquals(1, listed.cacheInfo().hits(), "equal arguments are one key, whatever the set's order");
    }
  }

  @Test
  void aResultTheCodecCannotEncode_isAnIllegalArgumentExceptionNamingItsType_andIsNotCached() {
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      MemoizedFunction<Integer, Object> builders = memory.memoize("builder", "1",
          (Integer n) -> new StringBuilder("x"), Codec.canonical());
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> builders.apply(1));
      assertTrue(thrown.getMessage().contains("java.lang.StringBuilder"), thrown.getMessage());
      assertEquals(0, builders.cacheInfo().currentSize());
    }
  }

  @Test
  void namesAndVersionsAreChecked_andAFunctionIsMemoizedOncePerMemoizer() {
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
          () -> memory.memoize("../escape", "1", square(), Codec.string()));
      assertTrue(badName.getMessage().contains("\"../escape\""), badName.getMessage());
      assertThrows(IllegalArgumentException.class, () -> memory.memoize("ok", "", square(), Codec.string()));
      assertThrows(IllegalArgumentException.class, () -> memory.memoize("ok", "1", square(),
          Codec.javaSerialization(Integer.class, Integer.class), Codec.string()), "arguments need a canonical codec");
      memory.memoize("square", "1", square(), Codec.string());
      IllegalStateException twice = assertThrows(IllegalStateException.class,
          () -> memory.memoize("square", "1", square(), Codec.string()));
      assertTrue(twice.getMessage().contains("'square'"), twice.getMessage());
    }
  }

  @Test
  void afterClose_theFunctionsRefuseToRun() {
    MemoizedFunction<Integer, String> squares;
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      squares = memory.memoize("square", "1", square(), Codec.string());
    }
    assertThrows(IllegalStateException.class, () -> squares.apply(1));
  }
}
