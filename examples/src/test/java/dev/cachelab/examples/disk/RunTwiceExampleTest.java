package dev.cachelab.examples.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.disk.RunTwiceExample.Outcome;
import dev.cachelab.memo.CacheInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example twice on one directory, with no cost per day, and checks what each run says it did. */
class RunTwiceExampleTest {

  @TempDir
  Path dir;

  private String output;

  private Outcome run() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Outcome outcome;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      outcome = RunTwiceExample.run(out, dir, 3, Duration.ZERO);
    }
    output = bytes.toString(StandardCharsets.UTF_8);
    return outcome;
  }

  @Test
  void theFirstRunComputes_theSecondReadsEverythingFromDisk() {
    Outcome first = run();
    assertEquals(3, first.computed());
    assertEquals(new CacheInfo(0, 3, -1, 3), first.info());
    assertEquals(3, lines("computed").size(), output);
    assertTrue(output.contains("This run: 3 computed, 0 from disk"), output);
    assertTrue(output.contains("Run it again"), output);

    Outcome second = run();
    assertEquals(0, second.computed());
    assertEquals(3, second.fromDisk());
    assertEquals(new CacheInfo(3, 0, -1, 3), second.info());
    assertEquals(3, lines("from disk (").size(), output);
    assertTrue(output.contains("This run: 0 computed, 3 from disk"), output);
    assertTrue(output.contains("All 3 results came from disk: nothing was recomputed."), output);
    assertEquals(first.summaries(), second.summaries(), "the same summaries, read back");
  }

  @Test
  void theSummariesAreTheSameEveryRun() {
    assertEquals(RunTwiceExample.summarize(4, Duration.ZERO), RunTwiceExample.summarize(4, Duration.ZERO));
  }

  private List<String> lines(String containing) {
    return output.lines().filter(line -> line.startsWith("  day ") && line.contains(containing)).toList();
  }
}
