package dev.cachelab.examples.joblib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.joblib.JoblibExample.Report;
import dev.cachelab.examples.joblib.JoblibExample.Run;
import dev.cachelab.memo.CacheInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the batch on a temporary directory with small stations, and checks where each run's results came from. */
class JoblibExampleTest {

  @TempDir
  Path dir;

  @Test
  void firstRunComputes_secondReadsEverythingFromDisk_versionTwoRecomputes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Run> runs = JoblibExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, 5, 20_000);
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(5, runs.get(0).computed());
    assertEquals(new CacheInfo(0, 5, -1, 5), runs.get(0).info());
    assertEquals(0, runs.get(1).computed());
    assertEquals(5, runs.get(1).fromDisk());
    assertEquals(new CacheInfo(5, 0, -1, 5), runs.get(1).info());
    assertEquals(runs.get(0).reports(), runs.get(1).reports(), "the same reports, read back from disk");
    assertEquals(5, runs.get(2).computed(), "a new version recomputes");
    assertEquals(new CacheInfo(0, 5, -1, 5), runs.get(2).info(), "and only its own results are on disk");
    for (int i = 0; i < 5; i++) {
      Report v1 = runs.get(0).reports().get(i);
      Report v2 = runs.get(2).reports().get(i);
      assertTrue(v2.mean() > v1.mean() && v2.readings() < v1.readings(), "version 2 drops the error codes");
    }
    assertEquals(10, output.lines().filter(l -> l.startsWith("  station ") && l.endsWith("computed")).count());
    assertEquals(5, output.lines().filter(l -> l.startsWith("  station ") && l.endsWith("from disk")).count());
    assertTrue(output.contains("  0 computed, 5 from disk, in "), output);
    assertTrue(output.contains("  Every result came from disk: nothing was recomputed."), output);
  }

  @Test
  void rerunningTheExample_startsFromAnEmptyDirectory() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    JoblibExample.run(quiet, dir, 2, 1_000);

    List<Run> again = JoblibExample.run(quiet, dir, 2, 1_000);

    assertEquals(2, again.get(0).computed(), "the story starts over each time");
  }

  @Test
  void report_isTheSameEveryRun() {
    assertEquals(JoblibExample.report(3, 5_000, false), JoblibExample.report(3, 5_000, false));
  }
}
