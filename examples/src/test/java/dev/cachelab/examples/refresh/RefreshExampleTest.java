package dev.cachelab.examples.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.refresh.RefreshExample.Outcome;
import dev.cachelab.examples.refresh.RefreshExample.XFetchRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example runs on a hand-driven clock and a seeded random source, so its whole timeline is fixed. */
class RefreshExampleTest {

  private static Outcome outcome;
  private static String output;

  @BeforeAll
  static void runTheExample() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    outcome = RefreshExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void staleWhileRevalidate_readersGetTheOldValueAtOnceUntilTheReloadIsIn() {
    List<String> lines = outcome.lines().subList(0, 6).stream().map(l -> l.replaceAll(" +", " ")).toList();

    assertEquals(List.of(
        "t=0s read -> AAPL v1 the reader waited 1 s before: nothing cached",
        "t=5s read -> AAPL v1 at once fresh: 4 s old",
        "t=12s read -> AAPL v1 at once; reload queued 11 s old: served at once, and a reload starts in the background",
        "t=12.5s read -> AAPL v1 at once during: the reload has not finished; no second one starts",
        "t=13s background: the reload ran (1 s) and stored AAPL v2",
        "t=15s read -> AAPL v2 at once after: the new value"), lines);
  }

  @Test
  void failingReload_keepsTheOldValue_thenStaleIfErrorServesItOnce_thenTheErrorReachesTheCaller() {
    List<String> lines = outcome.lines().subList(6, outcome.lines().size()).stream()
        .map(l -> l.replaceAll(" +", " ")).toList();

    assertEquals(List.of(
        "t=0s read -> AAPL v1 the reader waited 1 s loaded; it expires at t=31s",
        "t=12s read -> AAPL v1 at once; reload queued 11 s old: served at once, a reload starts in the background",
        "t=12s background: the reload failed (1 s)",
        "t=20s read -> AAPL v1 at once; reload queued the failed reload kept the old value; another reload is tried",
        "t=20s background: the reload failed (1 s)",
        "t=35s read -> AAPL v1 the reader waited 1 s expired: the reader's own load fails, staleIfError serves the "
            + "old value",
        "t=95s read -> error the reader waited 1 s 64 s past expiry, beyond the 60 s grace: the error reaches the "
            + "caller (price service unavailable)",
        "t=100s read -> AAPL v2 the reader waited 1 s loaded afresh"), lines);
    assertEquals(2, outcome.failing().refreshFailureCount());
    assertEquals(1, outcome.failing().staleServedCount());
    assertEquals(2, outcome.failing().loadFailureCount());
  }

  @Test
  void xfetch_onlyTheColdStartWaits_andBusierKeysAreRefreshedEarlier() {
    XFetchRun plain = outcome.xfetch().get(0);
    XFetchRun busy = outcome.xfetch().get(1);
    XFetchRun quiet = outcome.xfetch().get(2);

    assertEquals(new XFetchRun(10, false, 3, List.of()), plain, "cold start, then a wait at each expiry");
    assertEquals(1, busy.waited());
    assertEquals(1, quiet.waited());
    assertEquals(List.of(20.7, 19.9, 18.2), busy.volunteersBeforeExpiry());
    assertEquals(List.of(15.0, 14.0), quiet.volunteersBeforeExpiry());
    assertTrue(output.contains("   10 reads/s, plain expiry:    3 reads waited for a load"), output);
    assertTrue(output.contains("   10 reads/s, earlyRefresh(1): 1 read waited for a load; early reloads 20.7, 19.9, "
        + "18.2 s before expiry"), output);
  }
}
