package dev.cachelab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code BenchReport --targets} runs what each target is read from and what its ratio divides by, and no more. */
class TargetRunsTest {

  private final Map<String, Set<String>> plan = TargetRuns.plan(Targets.ISSUE_15);

  @Test
  void plan_runsEachTargetWithTheRunItsRatioDividesBy() {
    assertEquals(Set.of("CAFFEINE", "CACHELAB_CAFFEINE", "CAFFEINE_TIMED", "CACHELAB_CAFFEINE_TIMED"),
        plan.get("CacheBenchmark.getOrLoad_t2"));
    assertEquals(Set.of("CONCURRENT_HASH_MAP", "CAFFEINE", "CACHELAB_LRU", "CACHELAB_FIFO", "CACHELAB_CLOCK",
        "CACHELAB_SIEVE", "CACHELAB_LFU", "CACHELAB_S3FIFO", "CACHELAB_WTINYLFU"), plan.get("CacheBenchmark.read_t2"));
    assertEquals(Set.of("CAFFEINE", "CACHELAB_CAFFEINE", "EHCACHE", "CACHELAB_EHCACHE"),
        plan.get("CacheBenchmark.write_t2"));
    assertTrue(plan.get("MemoBenchmark.memo_t1").containsAll(Set.of("CAFFEINE", "MEMOIZED", "CAFFEINE_COUNTED")));
  }

  @Test
  void expected_isPartOfTheWholeSuite_andIncludesBytesPerEntry() {
    List<String> expected = TargetRuns.expected(plan);
    List<String> suite = BenchReport.expectedRuns(null);
    assertTrue(suite.containsAll(expected), () -> "not in the suite: "
        + expected.stream().filter(run -> !suite.contains(run)).toList());
    assertTrue(expected.stream().anyMatch(run -> run.startsWith("Footprint.")));
    assertTrue(expected.size() < suite.size() / 2, "the targets' runs are a fraction of the suite: " + expected.size());
  }
}
