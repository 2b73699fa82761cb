package dev.cachelab.examples.puzzle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.puzzle.PuzzleExample.Outcome;
import dev.cachelab.memo.CacheInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the puzzle once and checks the answers, the call counts and what is printed; never the times. */
class PuzzleExampleTest {

  private static Outcome outcome;
  private static List<String> lines;

  @BeforeAll
  static void solve() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    outcome = PuzzleExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void part1_naiveAndMemoizedAgree_andTheNaiveOneRepeatsItself() {
    assertEquals(9_310, outcome.part1());
    assertEquals(58_889, outcome.part1NaiveCalls());
    assertEquals(109, outcome.part1Info().misses(), "one computation per distinct square asked about");
    assertEquals(-1, outcome.part1Info().maxSize());
    assertTrue(line("  naive:    9,310 routes after 58,889 calls ("), String.join("\n", lines));
    assertTrue(line("  memoized: 9,310 routes ("), String.join("\n", lines));
  }

  @Test
  void part2_naiveGivesUpWithinItsBudget_memoizedAnswersWithAThousandComputations() {
    assertTrue(outcome.naiveGaveUp());
    assertTrue(line("  naive:    gave up after 20,000,000 calls ("), String.join("\n", lines));
    assertEquals(172_310_663_494_400L, outcome.part2());
    assertEquals(new CacheInfo(699, 1_006, -1, 1_006), outcome.part2Info());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("  memoized: 172,310,663,494,400 routes (")
        && l.endsWith("CacheInfo[hits=699, misses=1006, maxSize=-1, currentSize=1006]")), String.join("\n", lines));
  }

  @Test
  void naiveCallsNeeded_isWhatTheNaiveRecursionCounts() {
    assertEquals(2_328_945_486_884_117L, outcome.naiveCallsNeeded());
    assertTrue(line("  The naive recursion would need 2,328,945,486,884,117 calls"), String.join("\n", lines));
    PuzzleExample.Floor corner = PuzzleExample.Floor.parse(PuzzleExample.MAP).corner(8, 14);
    assertEquals(outcome.part1NaiveCalls(), PuzzleExample.naiveCallsNeeded(corner),
        "the memoized call counter agrees with the naive recursion where the latter can finish");
  }

  private static boolean line(String prefix) {
    return lines.stream().anyMatch(l -> l.startsWith(prefix));
  }
}
