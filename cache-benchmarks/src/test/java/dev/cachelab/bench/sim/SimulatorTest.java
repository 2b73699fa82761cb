package dev.cachelab.bench.sim;

import static dev.cachelab.bench.sim.TraceFiles.CORDA;
import static dev.cachelab.bench.sim.TraceFiles.GLIMPSE;
import static dev.cachelab.bench.sim.TraceFiles.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's command line, end to end: what it prints, what it writes, and how it refuses bad input. */
class SimulatorTest {

  @TempDir
  Path dir;

  @Test
  void stdout_isExactlyTheCsvHeaderAndOneRowPerPolicyAndSize_inTheOrderGiven() {
    Run run = Run.of("--trace", trace(GLIMPSE).toString(), "--policies", "lru,opt", "--sizes", "1000,500");

    assertEquals(0, run.status(), run.err());
    assertEquals(List.of(
        "policy,size,accesses,hits,hitRatio",
        "lru,1000,6015,674,0.112053",
        "lru,500,6015,57,0.009476",
        "opt,1000,6015,3197,0.531505",
        "opt,500,6015,2065,0.343308"), run.outLines());
    assertTrue(run.err().contains("6,015 accesses"), "progress goes to stderr: " + run.err());
  }

  @Test
  void theSameCommandTwice_printsTheSameRows() {
    String[] args = {"--trace", trace(CORDA).toString(), "--policies", "lru,clock,sieve,s3fifo,lfu,wtinylfu,opt",
        "--sizes", "250,1000"};

    Run first = Run.of(args);
    Run second = Run.of(args);

    assertEquals(0, first.status(), first.err());
    assertEquals(15, first.outLines().size());
    assertEquals(first.out(), second.out());
  }

  @Test
  void severalTraceFiles_areReplayedInOrderThroughOneCache() {
    String corda = trace(CORDA).toString();

    Run twice = Run.of("--trace", corda + "," + corda, "--policies", "lru", "--sizes", "100000");

    // 135,702 accesses, 90,468 distinct keys: an unbounded-enough cache misses each key once, in the first copy only.
    assertEquals(0, twice.status(), twice.err());
    assertEquals(2 * 135_702 - 90_468, twice.hits("lru", 100_000));
  }

  @Test
  void out_writesAMarkdownTableAndAPngChart() throws IOException {
    Path out = dir.resolve("report");

    Run run = Run.of("--trace", trace(GLIMPSE).toString(), "--policies", "lru,wtinylfu,opt", "--sizes",
        "1000,500", "--out", out.toString());

    assertEquals(0, run.status(), run.err());
    List<String> table = Files.readAllLines(out.resolve("results.md"));
    assertTrue(table.contains("| policy | 500 | 1000 |"), String.join("\n", table));
    assertTrue(table.contains("| lru | 0.95 | 11.21 |"), String.join("\n", table));
    assertTrue(table.contains("| opt | 34.33 | 53.15 |"), String.join("\n", table));
    BufferedImage chart = ImageIO.read(out.resolve("hit-ratio.png").toFile());
    assertNotNull(chart, "hit-ratio.png is a readable image");
    assertTrue(chart.getWidth() >= 600 && chart.getHeight() >= 400, chart.getWidth() + "x" + chart.getHeight());
  }

  /**
   * With at most seven entries, Ehcache's sample of eight sees every entry (the cache holds one more than its
   * capacity when it evicts), so the least recently used of the sample is the least recently used of all: on the
   * logical clock, Ehcache must hit exactly where LRU hits. With the millisecond clock the timestamps tie and it
   * would not.
   */
  @Test
  void ehcache_withAtMostSevenEntries_hitsExactlyAsLru_becauseTheClockTicksOncePerAccess() {
    Run run = Run.of("--trace", trace(GLIMPSE).toString(), "--policies", "lru,ehcache", "--sizes", "2,7");

    assertEquals(0, run.status(), run.err());
    assertEquals(run.hits("lru", 2), run.hits("ehcache", 2));
    assertEquals(run.hits("lru", 7), run.hits("ehcache", 7));
    assertTrue(run.hits("lru", 7) > 0, "glimpse has hits at 7 entries: " + run.out());
  }

  @Test
  void help_printsTheUsage() {
    Run run = Run.of("--help");

    assertEquals(0, run.status());
    assertTrue(run.out().startsWith("usage: Simulator --trace FILE"), run.out());
  }

  // ---- bad input: one line on stderr, nothing on stdout, a non-zero status --------------------------------------

  @Test
  void aMissingTraceFile_isNamed() {
    assertFails(1, "simulator: trace file not found: " + dir.resolve("nosuch.trace.gz"),
        "--trace", dir.resolve("nosuch.trace.gz").toString(), "--policies", "lru", "--sizes", "10");
  }

  @Test
  void anUnknownFormat_isNamedWithTheKnownOnes() {
    assertFails(2, "simulator: unknown format 'csv'; known formats: auto, keys, lirs, arc, corda, cache2k",
        "--trace", trace(GLIMPSE).toString(), "--format", "csv", "--policies", "lru", "--sizes", "10");
  }

  @Test
  void anUnknownPolicy_isNamedWithTheKnownOnes() {
    assertFails(2, "simulator: unknown policy 'arc'; known policies: "
            + "lru,fifo,clock,sieve,s3fifo,lfu,wtinylfu,caffeine,ehcache,opt",
        "--trace", trace(GLIMPSE).toString(), "--policies", "lru,arc", "--sizes", "10");
  }

  @Test
  void aSizeOfZero_isRefused() {
    assertFails(2, "simulator: size must be positive: 0",
        "--trace", trace(GLIMPSE).toString(), "--policies", "lru", "--sizes", "100,0");
  }

  @Test
  void aNegativeSize_isRefused() {
    assertFails(2, "simulator: size must be positive: -5",
        "--trace", trace(GLIMPSE).toString(), "--policies", "lru", "--sizes", "-5");
  }

  @Test
  void aSizeThatIsNotANumber_isRefused() {
    assertFails(2, "simulator: size 'ten' is not a whole number",
        "--trace", trace(GLIMPSE).toString(), "--policies", "lru", "--sizes", "ten");
  }

  @Test
  void aMissingOption_isNamed() {
    assertFails(2, "simulator: missing --sizes; " + Options.USAGE,
        "--trace", trace(GLIMPSE).toString(), "--policies", "lru");
  }

  @Test
  void anUnknownOption_isNamed() {
    assertFails(2, "simulator: unknown option --size; " + Options.USAGE,
        "--trace", trace(GLIMPSE).toString(), "--policies", "lru", "--size", "10");
  }

  @Test
  void aTruncatedCordaTrace_saysAtWhichByteTheIncompleteKeyStarts() throws IOException {
    Path truncated = dir.resolve("trace_truncated.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(truncated))) {
      out.write(new byte[20]); // two 8-byte keys and 4 bytes of a third
    }

    assertFails(1, "simulator: " + truncated + " is truncated: it ends at byte 20 (after decompression), 4 byte(s)"
        + " into the 8-byte key that starts at byte 16",
        "--trace", truncated.toString(), "--policies", "lru", "--sizes", "10");
  }

  @Test
  void aTruncatedCache2kTrace_saysAtWhichByteTheIncompleteKeyStarts() throws IOException {
    Path truncated = dir.resolve("keys.bin");
    Files.write(truncated, new byte[7]);

    assertFails(1, "simulator: " + truncated + " is truncated: it ends at byte 7 (after decompression), 3 byte(s)"
        + " into the 4-byte key that starts at byte 4",
        "--trace", truncated.toString(), "--format", "cache2k", "--policies", "lru", "--sizes", "10");
  }

  @Test
  void aGzipFileCutShort_isReportedAsTruncated() throws IOException {
    byte[] whole = Files.readAllBytes(trace(CORDA));
    Path cut = dir.resolve("trace_cut.gz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

    assertFails(1, "simulator: " + cut + " is truncated: its gzip stream ends early",
        "--trace", cut.toString(), "--policies", "lru", "--sizes", "10");
  }

  @Test
  void aLineThatIsNotAKey_isNamedWithItsLineNumber() throws IOException {
    Path keys = dir.resolve("bad.keys");
    Files.writeString(keys, "1\n2\nthree\n");

    assertFails(1, "simulator: " + keys + " line 3: not a valid access: 'three'",
        "--trace", keys.toString(), "--policies", "lru", "--sizes", "10");
  }

  @Test
  void aFileNameThatNamesNoFormat_asksForFormat() throws IOException {
    Path data = dir.resolve("data.bin");
    Files.write(data, new byte[8]);

    assertFails(2, "simulator: cannot tell the format of data.bin from its name; pass --format "
        + "keys|lirs|arc|corda|cache2k", "--trace", data.toString(), "--policies", "lru", "--sizes", "10");
  }

  @Test
  void theErrorLineOfATruncatedTrace_isItsOnlyLine_evenAfterAnotherFileWasRead() throws IOException {
    Path truncated = dir.resolve("trace_short.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(truncated))) {
      out.write(new byte[9]);
    }

    Run run = Run.of("--trace", trace(GLIMPSE) + "," + truncated, "--policies", "lru", "--sizes", "10");

    assertEquals(1, run.status());
    assertEquals("", run.out());
    List<String> err = run.errLines();
    assertTrue(err.get(0).startsWith("read "), "progress for the file that was read: " + err);
    assertEquals(List.of("simulator: " + truncated + " is truncated: it ends at byte 9 (after decompression), 1 "
        + "byte(s) into the 8-byte key that starts at byte 8"), err.subList(1, err.size()));
  }

  private static void assertFails(int status, String line, String... args) {
    Run run = Run.of(args);

    assertEquals(status, run.status(), "exit status; stderr: " + run.err());
    assertEquals(List.of(line), run.errLines(), "exactly one line on stderr");
    assertEquals("", run.out(), "nothing on stdout");
  }
}
