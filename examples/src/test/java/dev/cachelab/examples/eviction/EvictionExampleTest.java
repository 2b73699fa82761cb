package dev.cachelab.examples.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.eviction.EvictionExample.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks each policy's victims (as the real caches reported them) and that the drawn queues never disagreed. */
class EvictionExampleTest {

  private static List<Result> results;
  private static String output;

  @BeforeAll
  static void runTheExample() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    results = EvictionExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyPolicy_evictsWhatItsAlgorithmSays_onTheSequence() {
    assertEquals(List.of(
        new Result("LRU", 4, List.of("B", "C", "D", "A", "E", "B", "C"), 0),
        new Result("FIFO", 3, List.of("A", "B", "C", "D", "A", "B", "E", "C"), 0),
        new Result("CLOCK", 4, List.of("B", "C", "D", "A", "E", "B", "C"), 0),
        new Result("SIEVE", 5, List.of("B", "C", "D", "E", "B", "C"), 0),
        new Result("S3-FIFO", 4, List.of("A", "B", "C", "D", "E", "C", "F"), 0),
        new Result("W-TinyLFU", 6, List.of("C", "D", "E", "C", "F"), 0)), results);
  }

  @Test
  void theModelsDrawingsAgreeWithTheRealCachesAtEveryStep() {
    assertFalse(output.contains("MODEL DISAGREES"), output);
    assertEquals(6 * EvictionExample.SEQUENCE.size(), output.lines().filter(l -> l.matches("^ +\\d+ [A-F] .*")).count());
  }

  @Test
  void theFirstEviction_isTheWalkthroughOfThePolicyJavadoc() {
    // insert A, B, C; read A; insert D: EvictionPolicy's table of victims.
    List<String> firstVictims = results.stream().map(r -> r.victims().get(0)).toList();
    assertEquals(List.of("B", "A", "B", "B", "A", "C"), firstVictims);
    assertTrue(output.contains("   5 D  miss, evicts B [C A D]"), output);
    assertTrue(output.contains("   5 D  miss, evicts B [A ^C D]"), "SIEVE's hand stays where B was");
    assertTrue(output.contains("   6 A  miss, evicts B small [C0 D0] main [A0] ghost (B)"),
        "S3-FIFO: A comes back as a ghost and goes straight to main");
    assertTrue(output.contains("candidate C (seen 1x) is not seen more often than main's victim B (1x): C is "
        + "refused"), "W-TinyLFU's admission duel");
  }

  @Test
  void clockModel_givesASecondChance_whenTheOldestKeyWasRead() {
    QueueModel clock = new QueueModel.Clock();
    for (String key : List.of("A", "B", "C", "A")) {
      clock.access(key);
    }

    assertEquals("B", clock.access("D"));
    assertEquals("[C A D]", clock.draw());
    assertTrue(clock.explanation().startsWith("A* gets a second chance"), clock.explanation());
  }
}
