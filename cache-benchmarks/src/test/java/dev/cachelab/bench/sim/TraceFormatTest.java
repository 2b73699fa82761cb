package dev.cachelab.bench.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Reading traces: every format, every compression, the {@code auto} rule, and the real files' access counts. */
class TraceFormatTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "gli.trace.gz, LIRS",
      "loop.trace.gz, LIRS",
      "OLTP.lis.zst, ARC",
      "trace_vaultservice.gz, CORDA",
      "orm-busy.trace.xz, CACHE2K",
      "requests.keys, KEYS",
      "requests.keys.gz, KEYS",
      "requests.txt.zst, KEYS",
  })
  void auto_picksTheFormatByFileName(String file, TraceFormat expected) {
    assertEquals(expected, TraceFormat.detect(Path.of("some/dir", file)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"keys", "keys.gz", "keys.xz", "keys.zst"})
  void keys_areReadThroughTheCompressionTheExtensionNames(String extension) throws IOException {
    Path file = dir.resolve("sample." + extension);
    try (OutputStream out = compressor(file, Compression.of(file))) {
      out.write("3\n-7\n\n 42 \n3\n".getBytes(StandardCharsets.US_ASCII));
    }

    assertArrayEquals(new long[] {3, -7, 42, 3}, Workload.decode(file, TraceFormat.KEYS));
  }

  @Test
  void lirs_skipsCheckpointMarkersAndBlankLines() throws IOException {
    Path file = dir.resolve("sample.trace");
    Files.writeString(file, "7\n*\n 3 \n\n7\n\n");

    assertArrayEquals(new long[] {7, 3, 7}, Workload.decode(file, TraceFormat.LIRS));
  }

  @Test
  void arc_expandsEachLineIntoItsRunOfBlocks() throws IOException {
    Path file = dir.resolve("sample.lis");
    Files.writeString(file, "10 3 0 1\n5 1 0 2\n");

    assertArrayEquals(new long[] {10, 11, 12, 5}, Workload.decode(file, TraceFormat.ARC));
  }

  @Test
  void corda_readsBigEndianSigned64BitKeys() throws IOException {
    Path file = dir.resolve("trace_sample");
    Files.write(file, new byte[] {0, 0, 0, 0, 0, 0, 1, 2, -1, -1, -1, -1, -1, -1, -1, -2});

    assertArrayEquals(new long[] {258, -2}, Workload.decode(file, TraceFormat.CORDA));
  }

  @Test
  void cache2k_readsBigEndianSigned32BitKeys_andWidensThemKeepingTheSign() throws IOException {
    Path file = dir.resolve("sample.trace.xz");
    try (OutputStream out = compressor(file, Compression.XZ)) {
      out.write(new byte[] {0, 0, 1, 2, (byte) 0x80, 0, 0, 0});
    }

    assertArrayEquals(new long[] {258, Integer.MIN_VALUE}, Workload.decode(file, TraceFormat.CACHE2K));
  }

  @Test
  void aFileNameThatFitsNoRule_isRefused() {
    SimulatorException e = assertThrows(SimulatorException.class, () -> TraceFormat.detect(Path.of("trace.csv")));

    assertEquals(SimulatorException.USAGE, e.exitStatus());
  }

  /** The readers against the traces README: accesses and distinct keys of each file, as published. */
  @ParameterizedTest(name = "{0}: {1} accesses, {2} distinct keys")
  @CsvSource({
      "gli.trace.gz, 6015, 2529",
      "OLTP.lis.zst, 914145, 186880",
      "loop.trace.gz, 505500, 1011",
      "trace_vaultservice.gz, 135702, 90468",
      "orm-busy.trace.xz, 5000000, 76349",
  })
  void realTraces_haveThePublishedAccessAndDistinctKeyCounts(String file, int accesses, long distinct) {
    Path path = TraceFiles.trace(file);

    long[] keys = Workload.decode(path, TraceFormat.detect(path));

    assertEquals(accesses, keys.length, "accesses");
    assertEquals(distinct, LongStream.of(keys).sorted().distinct().count(), "distinct keys");
  }

  private static OutputStream compressor(Path file, Compression compression) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return switch (compression) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out);
      case XZ -> new XZOutputStream(out, new LZMA2Options());
      case ZSTD -> new ZstdOutputStream(out);
    };
  }
}
