package dev.cachelab.examples.showdown;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.showdown.ShowdownExample.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the showdown once (a few seconds) and checks the lessons it prints against the numbers it measured. */
class ShowdownExampleTest {

  @TempDir
  static Path dir;

  private static List<Row> rows;
  private static String output;

  @BeforeAll
  static void runTheShowdown() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    rows = ShowdownExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theTracesAreOnTheClasspath_withTheirReadme() throws IOException {
    assertEquals(6_015, ShowdownExample.read("gli.trace.gz").length);
    long[] loop = ShowdownExample.read("loop.trace.gz");
    assertEquals(505_500, loop.length);
    assertArrayEquals(new long[] {0, 1, 2}, Arrays.copyOf(loop, 3));
    assertEquals(135_702, ShowdownExample.read("trace_vaultservice.gz").length);
    try (InputStream readme = ShowdownExample.class.getResourceAsStream(ShowdownExample.TRACES + "README.md")) {
      assertTrue(readme != null && new String(readme.readAllBytes(), StandardCharsets.UTF_8).contains("Licence"),
          "the traces' origin and terms travel with them");
    }
  }

  @Test
  void recencyFailsOnTheScan_admissionRescuesIt() {
    for (int size : List.of(250, 500, 1_000)) {
      Row loop = ShowdownExample.row(rows, "loop", size);
      for (String recency : List.of("LRU", "FIFO", "CLOCK", "SIEVE")) {
        assertEquals(0.0, loop.ratio(recency), recency + " on loop at " + size);
      }
      assertTrue(loop.ratio("W-TinyLFU") > 0.2, "W-TinyLFU on loop at " + size + ": " + loop.ratio("W-TinyLFU"));
    }
    assertTrue(output.contains("just before it returns: 0.0 % at every size below 1,011."), output);
  }

  @Test
  void noPolicyWinsEverywhere() {
    Row corda = ShowdownExample.row(rows, "corda", 250);
    assertTrue(corda.ratio("SIEVE") < 0.01 && corda.ratio("LRU") > 0.33, corda.toString());
    assertTrue(!corda.winners().contains("W-TinyLFU"), "W-TinyLFU wins loop but not corda");
    assertTrue(ShowdownExample.row(rows, "loop", 500).winners().equals(List.of("W-TinyLFU")));
    assertTrue(output.contains("LRU/FIFO/CLOCK/S3-FIFO on corda"), output);
  }

  @Test
  void theTableHasARowPerTraceAndSize_andTheChartIsAPng() throws IOException {
    assertEquals(9, rows.size());
    assertEquals(9, output.lines().filter(l -> l.matches("^(glimpse|loop|corda) .*")).count(), output);
    byte[] png = Files.readAllBytes(dir.resolve(ShowdownExample.CHART));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    assertTrue(output.contains("Chart: " + dev.cachelab.examples.Tour.display(dir.resolve(ShowdownExample.CHART))),
        output);
  }
}
