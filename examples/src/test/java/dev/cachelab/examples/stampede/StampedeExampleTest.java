package dev.cachelab.examples.stampede;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.stampede.StampedeExample.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StampedeExampleTest {

  @Test
  void hundredThreadsOnAColdKey_naiveLoadsOncePerThread_cachelabLoadsOnce() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Outcome> outcomes = StampedeExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 100);
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(new Outcome(100, 100, 100), outcomes.get(0), "naive: every thread checked before any put");
    assertEquals(new Outcome(100, 1, 100), outcomes.get(1), "cachelab: single flight");
    assertTrue(output.contains("   100 threads, 100 database queries: every thread checked before any put"), output);
    assertTrue(output.contains("   100 threads, 1 database query: the first miss loads"), output);
    assertTrue(output.contains("stats: 1 load for 100 requests."), output);
    assertTrue(output.contains("The database saw 1 query instead of 100."), output);
  }
}
