package dev.cachelab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bytes-per-entry child's output format, and that every store it measures can be built and filled. */
class FootprintTest {

  @Test
  void aFormattedResult_parsesBack() {
    Footprint.Result result = new Footprint.Result("CACHELAB_WTINYLFU", 1_000_000, 999_998, 152_399_064);

    Footprint.Result parsed = Footprint.parse(Footprint.format(result));

    assertEquals(result, parsed);
    assertEquals(152_399_064 / 999_998.0, parsed.bytesPerEntry(), 1e-9);
  }

  @Test
  void parse_skipsOtherOutput_andTakesTheLastResultLine() {
    String output = "OpenJDK 64-Bit Server VM warning: something\n"
        + "footprint store=CAFFEINE entries=10 held=10 bytes=1000\r\n"
        + "footprint store=CAFFEINE entries=10 held=10 bytes=800\n";

    assertEquals(new Footprint.Result("CAFFEINE", 10, 10, 800), Footprint.parse(output));
  }

  @Test
  void parse_ofOutputWithoutAResultLine_failsNamingWhatWasPrinted() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Footprint.parse("Exception in thread \"main\" java.lang.OutOfMemoryError\n"));

    assertTrue(e.getMessage().contains("OutOfMemoryError"), e.getMessage());
    assertTrue(Footprint.parse("footprint store=X entries=0 held=0 bytes=-5").bytesPerEntry() != 0.0);
    assertTrue(Double.isNaN(Footprint.parse("footprint store=X entries=0 held=0 bytes=-5").bytesPerEntry()));
  }

  @Test
  void everyStore_holdsEveryEntryItIsFilledWith() {
    for (Footprint.Store store : Footprint.Store.values()) {
      BenchCache cache = store.create(1_000);
      try {
        for (int i = 0; i < 1_000; i++) {
          cache.put(i, i);
        }
        assertEquals(1_000, cache.size(), store.name());
      } finally {
        cache.close();
      }
    }
  }
}
