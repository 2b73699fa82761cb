package dev.cachelab.bench.sim;

import static dev.cachelab.bench.sim.TraceFiles.CORDA;
import static dev.cachelab.bench.sim.TraceFiles.GLIMPSE;
import static dev.cachelab.bench.sim.TraceFiles.LOOP;
import static dev.cachelab.bench.sim.TraceFiles.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * W-TinyLFU on small caches (64, 128 and 256 entries) against raw Caffeine replayed in the same run: at least
 * Caffeine's hit ratio minus one point on mixed, corda, loop and glimpse (OLTP and orm-busy, 1 M and 5 M accesses, are
 * in README's table, not here, to keep the build short). cachelab's replay is deterministic; Caffeine's is not quite,
 * since it admits a losing warm candidate at random 1 time in 128, so the margins matter: measured on this build,
 * W-TinyLFU is 0.1 to 7.5 points above Caffeine at these sizes, except glimpse at 256 (0.15 below). Small caches are where the hill
 * climber used to fail: with steps of 6.25 % of 128 entries truncated and a sketch aged every 640 additions, the
 * {@code mixed} trace at 128 entries scored 3.1 % against Caffeine's 12.2 %, {@code corda} at 64 0.7 % against 22.9 %,
 * {@code loop} at 64 0 % against 4.2 %.
 */
class SmallCacheHitRatioTest {

  private static final long[] SIZES = {64, 128, 256};

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mixed", "corda", "loop", "glimpse"})
  void wTinyLfu_atSmallSizes_isWithinOnePointOfRawCaffeine(String name) {
    String traces = switch (name) {
      case "mixed" -> TraceFiles.mixed();
      case "corda" -> trace(CORDA).toString();
      case "loop" -> trace(LOOP).toString();
      default -> trace(GLIMPSE).toString();
    };
    Run run = Run.of("--trace", traces, "--policies", "wtinylfu,caffeine", "--sizes", "64,128,256");
    assertEquals(0, run.status(), run.err());

    for (long size : SIZES) {
      double ours = run.hitRatio("wtinylfu", size);
      double caffeine = run.hitRatio("caffeine", size);
      assertTrue(ours >= caffeine - 0.01, String.format(
          "%s at %d entries: W-TinyLFU %.2f %% is more than a point below raw Caffeine's %.2f %%", name, size,
          100 * ours, 100 * caffeine));
    }
  }
}
