package dev.cachelab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.bench.report.RatioTable.Line;
import dev.cachelab.bench.report.Targets.Status;
import dev.cachelab.bench.report.Targets.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's judgement: load detection, targets under load, regressions against a published run, log scale. */
class ReportChecksTest {

  private static Measurement m(String workload, int threads, String contender, double score, double error) {
    return new Measurement(workload, threads, contender, score, error, "ops/us", Double.NaN);
  }

  @Test
  void aCacheFasterThanTheRawMap_marksTheRunAsLoaded_andNoTargetIsJudged() {
    List<Line> lines = RatioTable.lines(List.of(
        m("read", 2, "CONCURRENT_HASH_MAP", 10, 1),
        m("read", 2, "CAFFEINE", 8, 1),
        m("read", 2, "CACHELAB_FIFO", 30, 1)));

    List<String> anomalies = LoadCheck.anomalies(lines, 1.0, 1.0, 2);

    assertEquals(1, anomalies.size(), anomalies.toString());
    assertTrue(anomalies.get(0).contains("CACHELAB_FIFO ran 3.00× as fast as CONCURRENT_HASH_MAP"), anomalies.get(0));
    Target fifo = new Target("FIFO", "read", 2, "CACHELAB_FIFO", 1.0, null);
    assertEquals(Status.NOT_JUDGED, Targets.evaluate(List.of(fifo), lines, anomalies.isEmpty()).get(0).status());
    assertTrue(LoadCheck.markdown(anomalies).contains("targets are not judged"));
  }

  @Test
  void aLoadAverageAboveTheProcessorCount_marksTheRunAsLoaded() {
    assertFalse(LoadCheck.anomalies(List.of(), 7.5, 3.0, 2).isEmpty());
    assertTrue(LoadCheck.anomalies(List.of(), 1.9, 2.0, 2).isEmpty());
  }

  @Test
  void mapTargets_readTheRatioToTheMap_andAllocationTargets_areMetAtZeroBytes() {
    List<Line> lines = RatioTable.lines(List.of(
        m("read", 2, "CONCURRENT_HASH_MAP", 100, 1),
        m("read", 2, "CAFFEINE", 10, 1),
        new Measurement("read", 2, "CACHELAB_SIEVE", 40, 1, "ops/us", 16.0)));
    Target vsMap = new Target("SIEVE", "read", 2, "CACHELAB_SIEVE", 0.5, null, Targets.Reference.MAP);
    Target alloc = new Target("SIEVE alloc", "read", 2, "CACHELAB_SIEVE", 0, null, Targets.Reference.ALLOCATION);

    var outcomes = Targets.evaluate(List.of(vsMap, alloc), lines, true);

    assertEquals(Status.MISSED, outcomes.get(0).status());
    assertEquals(0.4, outcomes.get(0).ratio(), 1e-9);
    assertEquals(Status.MISSED, outcomes.get(1).status());
    assertTrue(Targets.markdown(outcomes).contains("MISSED (16.00 B/op)"), Targets.markdown(outcomes));
  }

  @Test
  void aRatioBelowThePublishedOneByMoreThanItsNoise_isARegression(@TempDir Path dir) throws Exception {
    Path published = dir.resolve("full-report.md");
    Files.writeString(published, String.join("\n",
        "| Workload | Threads | Cache | Throughput | × raw Caffeine | × ConcurrentHashMap | × its raw library |",
        "|---|---:|---|---:|---:|---:|---:|",
        "| read | 2 | CAFFEINE | 10.0 ± 0.5 Mops/s | 1.00 | 0.10 | – |",
        "| read | 2 | CACHELAB_LRU | 6.0 ± 0.3 Mops/s | 0.60 | 0.06 | – |",
        "| read | 2 | CACHELAB_FIFO | 30.0 ± 12.0 Mops/s | 3.00 | 0.30 | – |", ""));
    Map<String, Regressions.Published> before = Regressions.readPublished(published);
    // LRU fell from 0.60 to 0.40 (noise about 7 %, floor 10 %): a regression. FIFO fell from 3.00 to 2.20, within
    // its published noise of about 40 %.
    List<Line> now = RatioTable.lines(List.of(
        m("read", 2, "CAFFEINE", 10, 1), m("read", 2, "CACHELAB_LRU", 4, 1), m("read", 2, "CACHELAB_FIFO", 22, 1)));

    List<Regressions.Regression> found = Regressions.find(now, before);

    assertEquals(1, found.size(), found.toString());
    assertEquals("CACHELAB_LRU", found.get(0).contender());
    assertEquals(2, Regressions.comparable(now, before));
    assertTrue(Regressions.markdown(2, found).contains("| read, 2 threads | CACHELAB_LRU | 0.60 | 0.40 |"));
  }

  @Test
  void barsTwoOrdersOfMagnitudeApart_getALogScale() {
    assertTrue(Charts.logScale(RatioTable.lines(List.of(
        m("read", 1, "CAFFEINE", 10, 1), m("read", 1, "CACHELAB_DIRECTORY", 0.01, 0.001)))));
    assertFalse(Charts.logScale(RatioTable.lines(List.of(
        m("read", 1, "CAFFEINE", 10, 1), m("read", 1, "CACHELAB_LRU", 5, 1)))));
  }

  @Test
  void footprintTargets_areMetAtOrBelowCaffeinesBytes_andJudgedEvenUnderLoad() {
    List<Line> lines = Footprints.lines(List.of(
        new dev.cachelab.bench.Footprint.Result("CAFFEINE", 100, 100, 8_000),
        new dev.cachelab.bench.Footprint.Result("CACHELAB_LRU", 100, 100, 8_000),
        new dev.cachelab.bench.Footprint.Result("CACHELAB_SIEVE", 100, 100, 12_000)));
    Target lru = new Target("LRU", Footprints.WORKLOAD, 1, "CACHELAB_LRU", 1.0, null, Targets.Reference.FOOTPRINT);
    Target sieve = new Target("SIEVE", Footprints.WORKLOAD, 1, "CACHELAB_SIEVE", 1.0, null,
        Targets.Reference.FOOTPRINT);

    // Under load (judge = false): heap bytes do not depend on other work, so they are judged all the same.
    List<Targets.Outcome> outcomes = Targets.evaluate(List.of(lru, sieve), lines, false);

    assertEquals(Status.MET, outcomes.get(0).status());
    assertEquals(Status.MISSED, outcomes.get(1).status());
    assertEquals(1.5, outcomes.get(1).ratio(), 1e-9);
    assertTrue(Targets.markdown(outcomes).contains("| SIEVE | ≤ 1.00 × Caffeine's bytes/entry | 1.50 | MISSED"),
        Targets.markdown(outcomes));
  }

  @Test
  void theTimedTarget_readsTheRatioToRawTimedCaffeine() {
    List<Line> lines = RatioTable.lines(List.of(
        m("getOrLoad", 1, "CAFFEINE", 100, 1),
        m("getOrLoad", 1, "CAFFEINE_TIMED", 50, 1),
        m("getOrLoad", 1, "CACHELAB_CAFFEINE_TIMED", 45, 1)));
    Target timed = Targets.ISSUE_15.stream()
        .filter(t -> t.contender().equals("CACHELAB_CAFFEINE_TIMED") && t.threads() == 1).findFirst().orElseThrow();

    Targets.Outcome outcome = Targets.evaluate(List.of(timed), lines).get(0);

    assertEquals(0.9, outcome.ratio(), 1e-9); // 45 / 50, not 45 / 100
    assertEquals(Status.MET, outcome.status());
  }

  @Test
  void sizedResults_formGroupsOfTheirOwn_countAgainstTheirCeiling_andAreNoRegressionWithoutAPublishedRow(
      @TempDir Path dir) throws Exception {
    Path published = dir.resolve("full-report.md");
    Files.writeString(published, String.join("\n",
        "| read | 1 | CAFFEINE | 10.0 ± 0.5 Mops/s | 1.00 | 0.10 | – |",
        "| read | 1 | CACHELAB_LRU | 6.0 ± 0.3 Mops/s | 0.60 | 0.06 | – |", ""));
    List<Line> lines = RatioTable.lines(List.of(
        m("read", 1, "CONCURRENT_HASH_MAP", 100, 1), m("read", 1, "CAFFEINE", 10, 1),
        m("read", 1, "CACHELAB_LRU", 6, 1),
        m("read@1048576", 1, "CONCURRENT_HASH_MAP", 20, 1), m("read@1048576", 1, "CAFFEINE", 5, 1),
        m("read@1048576", 1, "CACHELAB_LRU", 1, 1), m("read@1048576", 1, "CACHELAB_SIEVE", 30, 1)));

    Line sizedLru = lines.stream().filter(l -> l.measurement().workload().equals("read@1048576")
        && l.measurement().contender().equals("CACHELAB_LRU")).findFirst().orElseThrow();
    assertEquals(0.2, sizedLru.vsBaseline(), 1e-9); // divided by Caffeine at its own size
    assertTrue(Scale.isSized(sizedLru));
    assertEquals(6, Scale.find(lines, "CACHELAB_LRU", dev.cachelab.bench.CacheBenchmark.POPULATION, 1)
        .orElseThrow().measurement().score());
    // SIEVE beat the map at a million entries: the load check sees it.
    List<String> anomalies = LoadCheck.anomalies(lines, 0, 0, 2);
    assertEquals(1, anomalies.size(), anomalies.toString());
    assertTrue(anomalies.get(0).startsWith("read@1048576, 1 thread: CACHELAB_SIEVE"), anomalies.get(0));
    // LRU at a million is 0.2× Caffeine, far below read's published 0.60, but it has no published row of its own.
    Map<String, Regressions.Published> before = Regressions.readPublished(published);
    assertTrue(Regressions.find(lines, before).isEmpty());
    assertEquals(1, Regressions.comparable(lines, before));
  }

  @Test
  void theScaleSection_tabulatesEachSize_andDrawsOneChartPerThreadCount(@TempDir Path dir) throws Exception {
    System.setProperty("java.awt.headless", "true");
    List<Line> lines = RatioTable.lines(List.of(
        m("read", 1, "CAFFEINE", 10, 1), m("read", 1, "CACHELAB_LRU", 6, 1),
        m("read@1024", 1, "CAFFEINE", 20, 1), m("read@1024", 1, "CACHELAB_LRU", 10, 1),
        m("read@1048576", 1, "CAFFEINE", 5, 1), m("read@1048576", 1, "CACHELAB_LRU", 1, 1)));

    String section = Scale.markdown(lines, dir);

    assertTrue(section.contains("| CACHELAB_LRU | 1 | 10.0 (0.50×) | 6.0 (0.60×) | 1.0 (0.20×) |"), section);
    assertTrue(section.contains("| CACHELAB_SIEVE | 1 | – | – | – |"), section);
    assertTrue(Files.size(dir.resolve("scale-t1.png")) > 0);
    assertEquals("Not run.\n", Scale.markdown(lines.subList(0, 2), dir));
  }
}
