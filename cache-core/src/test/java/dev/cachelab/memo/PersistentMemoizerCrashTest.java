package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.codec.Codec;
import dev.cachelab.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety, for real: child JVMs memoize into one directory and are killed ({@code destroyForcibly}, SIGKILL)
 * while they work — just as a call starts, and right after a result was written — several times. Then this JVM
 * opens the directory: it must keep every result that a child reported complete, recompute the rest, and never fail.
 */
class PersistentMemoizerCrashTest {

  private static final int COUNT = 40;
  private static final int SIZE = 256 * 1024;
  private static final Duration REPORT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void killedWhileWriting_severalTimes_aNewJvmKeepsEveryCompleteResultAndRecomputesTheRest() throws Exception {
    Set<Integer> complete = new TreeSet<>();
    // Each child is killed at a different moment: on its n-th "start" (a call under way: computing or writing) or
    // right after its n-th newly computed result.
    String[][] kills = {{"start", "1"}, {"done", "3"}, {"start", "6"}, {"start", "11"}, {"done", "2"}};
    for (String[] kill : kills) {
      String event = kill[0];
      int nth = Integer.parseInt(kill[1]);
      try (ChildJvm child = ChildJvm.start(MemoCrashChild.class, dir.toString(), Integer.toString(COUNT),
          Integer.toString(SIZE))) {
        int[] seen = {0};
        child.await(line -> {
          boolean counts = event.equals("start")
              ? line.startsWith("start ") && !complete.contains(number(line))
              : line.startsWith("done ") && line.endsWith(" computed");
          if (line.startsWith("done ")) {
            complete.add(number(line));
          }
          return counts && ++seen[0] == nth;
        }, REPORT);
        child.kill();
      }
    }
    assertTrue(complete.size() >= 10 && complete.size() < COUNT, "complete before the last kill: " + complete);

    Set<Integer> recomputed = new HashSet<>();
    try (PersistentMemoizer memory = PersistentMemoizer.open(dir)) {
      MemoizedFunction<Integer, byte[]> blocks = memory.memoize(MemoCrashChild.NAME, MemoCrashChild.VERSION,
          (Integer i) -> {
            recomputed.add(i);
            return MemoCrashChild.block(i, SIZE);
          }, Codec.bytes());
      for (int i = 0; i < COUNT; i++) {
        assertArrayEquals(MemoCrashChild.block(i, SIZE), blocks.apply(i), "result " + i);
      }
      for (int i : complete) {
        assertTrue(!recomputed.contains(i), "result " + i + " was complete before a kill, yet recomputed");
      }
      CacheInfo info = blocks.cacheInfo();
      assertEquals(COUNT, info.hits() + info.misses());
      assertEquals(recomputed.size(), info.misses());
      assertEquals(COUNT, info.currentSize());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertTrue(files.noneMatch(f -> f.toString().contains(".tmp-")), "interrupted writes are cleaned up");
    }
  }

  private static int number(String line) {
    return Integer.parseInt(line.split(" ")[1]);
  }
}
