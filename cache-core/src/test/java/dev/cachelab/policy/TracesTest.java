package dev.cachelab.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cachelab.policy.Traces.Trace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trace reader must produce exactly the accesses the traces README (and, for OLTP, the ARC paper's Table III)
 * counts: one access more or less shifts every hit count the oracle test compares against.
 */
class TracesTest {

  @ParameterizedTest(name = "{0}: {1} accesses, {2} distinct keys")
  @CsvSource({
      "GLIMPSE, 6015, 2529",
      "OLTP, 914145, 186880",
      "CORDA, 135702, 90468",
      "LOOP, 505500, 1011",
  })
  void keys_matchThePublishedAccessAndDistinctKeyCounts(Trace trace, int accesses, long distinct) {
    long[] keys = Traces.keys(trace);

    assertEquals(accesses, keys.length, "accesses");
    assertEquals(distinct, LongStream.of(keys).sorted().distinct().count(), "distinct keys");
  }

  @Test
  void keys_ofTheSameTrace_areParsedOnceAndShared() {
    assertSame(Traces.keys(Trace.GLIMPSE), Traces.keys(Trace.GLIMPSE));
  }

  @Test
  void lirs_skipsCheckpointMarkersAndBlankLines() throws IOException {
    assertArrayEquals(new long[] {7, 3, 7}, Traces.lirs(ascii("7\n*\n 3 \n\n7\n\n")));
  }

  @Test
  void arc_expandsEachLineIntoItsRunOfBlocks() throws IOException {
    assertArrayEquals(new long[] {10, 11, 12, 5}, Traces.arc(ascii("10 3 0 1\n5 1 0 2\n")));
  }

  @Test
  void longs_readsBigEndianSignedKeys() throws IOException {
    byte[] bytes = {0, 0, 0, 0, 0, 0, 1, 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE};

    assertArrayEquals(new long[] {258, -2}, Traces.longs(new ByteArrayInputStream(bytes)));
  }

  @Test
  void longs_whenTheFileIsTruncated_failsInsteadOfDroppingTheLastKey() {
    byte[] bytes = new byte[12];

    assertThrows(IOException.class, () -> Traces.longs(new ByteArrayInputStream(bytes)));
  }

  private static InputStream ascii(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }
}
