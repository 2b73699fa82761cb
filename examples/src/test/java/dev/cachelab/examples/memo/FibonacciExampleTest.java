package dev.cachelab.examples.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.memo.CacheInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FibonacciExampleTest {

  @Test
  void printsTheNaiveCallCount_andFunctoolsCountsForMemoizedFib90() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CacheInfo info = FibonacciExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 20);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertTrue(lines.get(0).startsWith("Naive:    fib(20) = 6765 after 21,891 calls"), lines.get(0));
    assertTrue(lines.get(1).startsWith("Memoized: fib(90) = 2880067194370816120"), lines.get(1));
    assertEquals(new CacheInfo(88, 91, -1, 91), info);
    assertEquals("          CacheInfo[hits=88, misses=91, maxSize=-1, currentSize=91]", lines.get(2));
    assertTrue(lines.get(4).contains("fib(20) again: 6765, now a single hit -> CacheInfo[hits=89, misses=91"),
        lines.get(4));
    assertTrue(lines.get(5).endsWith("-> CacheInfo[hits=1, misses=5, maxSize=3, currentSize=3]"), lines.get(5));
    assertTrue(lines.get(7).endsWith("-> CacheInfo[hits=0, misses=0, maxSize=-1, currentSize=0]"), lines.get(7));
  }
}
