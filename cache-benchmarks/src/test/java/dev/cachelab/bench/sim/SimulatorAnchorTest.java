package dev.cachelab.bench.sim;

import static dev.cachelab.bench.sim.TraceFiles.CORDA;
import static dev.cachelab.bench.sim.TraceFiles.GLIMPSE;
import static dev.cachelab.bench.sim.TraceFiles.OLTP;
import static dev.cachelab.bench.sim.TraceFiles.ORM_BUSY;
import static dev.cachelab.bench.sim.TraceFiles.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The simulator against the traces README's reference results, through its command line. The expected numbers are
 * the README's — an external oracle — never numbers measured from this build.
 *
 * <p>OPT is exact (Bélády with bypass is deterministic), so it must reproduce the README's OPT column to the hit.
 * W-TinyLFU must reach at least the lower end of Caffeine 3.3.1's range minus two points; cache-core's
 * {@code WTinyLfuTest} checks glimpse, oltp, loop, corda and mixed, and this test adds orm-busy, the 5-million-access
 * trace, at all three sizes. Ehcache gets a band around the README's numbers rather than their exact counts: the
 * README's measurement (same logical clock) sampled differently from Ehcache 3.12, whose sample is a deterministic
 * sweep; see {@link EhcacheReplay}.
 */
class SimulatorAnchorTest {

  @Test
  void opt_onGlimpse_hitsExactlyAsTheReadmeSays() {
    Run run = Run.of("--trace", trace(GLIMPSE).toString(), "--policies", "opt", "--sizes", "500,1000,1500");

    assertEquals(2065, run.hits("opt", 500));
    assertEquals(3197, run.hits("opt", 1000));
    assertEquals(3486, run.hits("opt", 1500));
  }

  @Test
  void opt_onCorda_reachesTheCeilingOfKeysSeenTwice() {
    Run run = Run.of("--trace", trace(CORDA).toString(), "--policies", "opt", "--sizes", "250,1000,5000");

    assertEquals(45_234, run.hits("opt", 250));
    assertEquals(45_234, run.hits("opt", 1000));
    assertEquals(45_234, run.hits("opt", 5000));
  }

  @Test
  void opt_onOltp_hitsExactlyAsTheReadmeSays() {
    Run run = Run.of("--trace", trace(OLTP).toString(), "--policies", "opt", "--sizes", "250,1000,2000");

    assertEquals(351_662, run.hits("opt", 250));
    assertEquals(490_155, run.hits("opt", 1000));
    assertEquals(552_177, run.hits("opt", 2000));
  }

  /**
   * One pass over orm-busy (5 M accesses, read once): OPT and LRU exactly as the README's table says at 20,000 entries
   * (which also proves the cache2k reader: one key more or less would shift both), and W-TinyLFU at every anchor size
   * against Caffeine's lower bound minus two points: 75.40, 86.18 and 94.29 %.
   */
  @Test
  void ormBusy_optAndLruExact_andWTinyLfuAtLeastCaffeineLowMinusTwoPoints() {
    Run exact = Run.of("--trace", trace(ORM_BUSY).toString(), "--policies", "lru,opt", "--sizes", "20000");
    assertEquals(0, exact.status(), exact.err());
    assertEquals(4_835_096, exact.hits("opt", 20_000));
    assertEquals(4_679_757, exact.hits("lru", 20_000));

    Run run = Run.of("--trace", trace(ORM_BUSY).toString(), "--policies", "wtinylfu", "--sizes", "1000,5000,20000");
    assertEquals(0, run.status(), run.err());
    assertAtLeastCaffeineLowMinusTwoPoints(run.hitRatio("wtinylfu", 1000), 75.40);
    assertAtLeastCaffeineLowMinusTwoPoints(run.hitRatio("wtinylfu", 5000), 86.18);
    assertAtLeastCaffeineLowMinusTwoPoints(run.hitRatio("wtinylfu", 20_000), 94.29);
  }

  /** The "mixed" workload through the command line's multi-file replay: W-TinyLFU at 512 entries, and OPT exact. */
  @Test
  void mixed_replayedAsSevenFiles_optExact_andWTinyLfuAtLeastCaffeineLowMinusTwoPoints() {
    Run run = Run.of("--trace", TraceFiles.mixed(), "--policies", "wtinylfu,opt", "--sizes", "512");

    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains(",512,2798904,"), "mixed has 2,798,904 accesses: " + run.out());
    assertEquals(1_369_956, run.hits("opt", 512));
    assertAtLeastCaffeineLowMinusTwoPoints(run.hitRatio("wtinylfu", 512), 47.09);
  }

  /**
   * Raw Ehcache 3.12 on the logical clock, OLTP at the README's three sizes: 15.47, 31.52 and 40.79 %. Ehcache 3.12
   * replays deterministically and lands about a point above those (its sampler differs from the one the README's
   * numbers came from), so the band is ±1.5 points: it catches a replay through the wrong tier or the wrong size. That
   * the logical clock is in use is {@code SimulatorTest}'s exact comparison with LRU at up to seven entries.
   */
  @Test
  void ehcache_onOltp_isWithinOneAndAHalfPointsOfTheReadme() {
    Run run = Run.of("--trace", trace(OLTP).toString(), "--policies", "ehcache", "--sizes", "250,1000,2000");

    assertEquals(0, run.status(), run.err());
    assertWithinOneAndAHalfPoints(run.hitRatio("ehcache", 250), 15.47);
    assertWithinOneAndAHalfPoints(run.hitRatio("ehcache", 1000), 31.52);
    assertWithinOneAndAHalfPoints(run.hitRatio("ehcache", 2000), 40.79);
  }

  private static void assertWithinOneAndAHalfPoints(double hitRatio, double readmePercent) {
    assertTrue(Math.abs(100 * hitRatio - readmePercent) <= 1.5, String.format(
        "hit ratio %.2f %% is more than 1.5 points from the README's %.2f %%", 100 * hitRatio, readmePercent));
  }

  private static void assertAtLeastCaffeineLowMinusTwoPoints(double hitRatio, double caffeineLowPercent) {
    assertTrue(hitRatio >= caffeineLowPercent / 100 - 0.02, String.format(
        "hit ratio %.2f %% is below Caffeine's %.2f %% minus 2 points", 100 * hitRatio, caffeineLowPercent));
  }
}
