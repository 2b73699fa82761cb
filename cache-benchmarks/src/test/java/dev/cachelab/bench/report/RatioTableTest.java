package dev.cachelab.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.bench.report.RatioTable.Line;
import dev.cachelab.bench.report.Targets.Outcome;
import dev.cachelab.bench.report.Targets.Status;
import dev.cachelab.bench.report.Targets.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatioTableTest {

  private static Measurement m(String workload, int threads, String contender, double score) {
    return new Measurement(workload, threads, contender, score, 1.0, "ops/us", Double.NaN);
  }

  /** A tiny run: two workloads, two thread counts, given in JMH's alphabetical order. */
  private static final List<Measurement> RUN = List.of(
      m("getOrLoad", 1, "CACHELAB_CAFFEINE", 45),
      m("getOrLoad", 1, "CAFFEINE", 50),
      m("getOrLoad", 1, "CONCURRENT_HASH_MAP", 100),
      m("read", 2, "CACHELAB_LRU", 20),
      m("read", 2, "CAFFEINE", 80),
      m("read", 2, "CONCURRENT_HASH_MAP", 160),
      m("read", 1, "CACHELAB_LRU", 30),
      m("read", 1, "CAFFEINE", 40));

  private static Line line(List<Line> lines, String workload, int threads, String contender) {
    return lines.stream().filter(l -> l.measurement().workload().equals(workload)
        && l.measurement().threads() == threads && l.measurement().contender().equals(contender))
        .findFirst().orElseThrow();
  }

  @Test
  void lines_divideByRawCaffeineAndTheMap_ofTheSameWorkloadAndThreadCount() {
    List<Line> lines = RatioTable.lines(RUN);
    assertEquals(0.9, line(lines, "getOrLoad", 1, "CACHELAB_CAFFEINE").vsBaseline(), 1e-9);
    assertEquals(0.45, line(lines, "getOrLoad", 1, "CACHELAB_CAFFEINE").vsCeiling(), 1e-9);
    assertEquals(0.25, line(lines, "read", 2, "CACHELAB_LRU").vsBaseline(), 1e-9);
    assertEquals(0.125, line(lines, "read", 2, "CACHELAB_LRU").vsCeiling(), 1e-9);
    assertEquals(0.75, line(lines, "read", 1, "CACHELAB_LRU").vsBaseline(), 1e-9);
    assertEquals(1.0, line(lines, "read", 1, "CAFFEINE").vsBaseline(), 1e-9);
  }

  @Test
  void lines_ofCachelabOverALibrary_divideByThatLibraryRawInTheSameGroup() {
    List<Measurement> run = List.of(
        m("read", 2, "CAFFEINE", 80),
        m("read", 2, "EHCACHE", 20),
        m("read", 2, "CACHELAB_EHCACHE", 15),
        m("read", 2, "CACHELAB_CAFFEINE", 60),
        m("read", 2, "CACHELAB_DIRECTORY", 0.4),
        m("read", 1, "EHCACHE", 10),
        m("read", 1, "CACHELAB_EHCACHE", 9));
    List<Line> lines = RatioTable.lines(run);

    assertEquals(0.75, line(lines, "read", 2, "CACHELAB_EHCACHE").vsRawLibrary(), 1e-9);
    assertEquals(15.0 / 80, line(lines, "read", 2, "CACHELAB_EHCACHE").vsBaseline(), 1e-9);
    assertEquals(0.9, line(lines, "read", 1, "CACHELAB_EHCACHE").vsRawLibrary(), 1e-9);
    assertEquals(0.75, line(lines, "read", 2, "CACHELAB_CAFFEINE").vsRawLibrary(), 1e-9);
    assertTrue(Double.isNaN(line(lines, "read", 2, "CACHELAB_DIRECTORY").vsRawLibrary()), "no library underneath");
    assertTrue(Double.isNaN(line(lines, "read", 2, "EHCACHE").vsRawLibrary()), "a raw library is not over one");
    assertTrue(Double.isNaN(line(lines, "read", 1, "CACHELAB_EHCACHE").vsBaseline()), "no Caffeine at 1 thread");
    String table = RatioTable.markdown(lines);
    assertTrue(table.contains("| read | 2 | CACHELAB_EHCACHE | 15.0 ± 1.0 Mops/s | 0.19 | – | 0.75 |"), table);
    assertTrue(table.contains("| read | 2 | CACHELAB_DIRECTORY | 0.40 ± 1.0 Mops/s | 0.0050 | – | – |"), table);
  }

  @Test
  void lines_withoutTheMapInTheGroup_haveNoCeilingRatio() {
    assertTrue(Double.isNaN(line(RatioTable.lines(RUN), "read", 1, "CACHELAB_LRU").vsCeiling()));
  }

  @Test
  void lines_areSortedByWorkloadThenThreadsThenContenderOrder() {
    List<String> order = RatioTable.lines(RUN).stream()
        .map(l -> l.measurement().workload() + "/" + l.measurement().threads() + "/" + l.measurement().contender())
        .toList();
    assertEquals(List.of(
        "read/1/CAFFEINE", "read/1/CACHELAB_LRU",
        "read/2/CONCURRENT_HASH_MAP", "read/2/CAFFEINE", "read/2/CACHELAB_LRU",
        "getOrLoad/1/CONCURRENT_HASH_MAP", "getOrLoad/1/CAFFEINE", "getOrLoad/1/CACHELAB_CAFFEINE"), order);
  }

  @Test
  void markdown_showsScoreErrorAndBothRatios() {
    String table = RatioTable.markdown(RatioTable.lines(RUN));
    assertTrue(table.contains("| read | 2 | CACHELAB_LRU | 20.0 ± 1.0 Mops/s | 0.25 | 0.13 | – |"), table);
    assertTrue(table.contains("| read | 1 | CACHELAB_LRU | 30.0 ± 1.0 Mops/s | 0.75 | – | – |"), table);
    assertTrue(!table.contains("Alloc"), "an allocation column without allocation results:\n" + table);
  }

  @Test
  void markdown_showsTwoSignificantDigits_belowOneMopsAndBelowATenthOfTheBaseline() {
    List<Measurement> run = List.of(
        m("write", 1, "CAFFEINE", 12.5),
        new Measurement("write", 1, "CACHELAB_DIRECTORY", 0.001234, 0.000456, "ops/us", Double.NaN),
        m("write", 1, "CACHELAB_LRU", 1.25));
    String table = RatioTable.markdown(RatioTable.lines(run));

    assertTrue(table.contains("| write | 1 | CACHELAB_DIRECTORY | 0.0012 ± 0.00046 Mops/s | 0.000099 | – | – |"),
        table);
    assertTrue(table.contains("| write | 1 | CACHELAB_LRU | 1.3 ± 1.0 Mops/s | 0.10 | – | – |"), table);
  }

  @Test
  void markdown_withAllocationResults_addsTheColumn() {
    Measurement profiled = new Measurement("read", 1, "CAFFEINE", 40, Double.NaN, "ops/us", 16.0);
    String table = RatioTable.markdown(RatioTable.lines(List.of(profiled)));
    assertTrue(table.contains("| read | 1 | CAFFEINE | 40.0 ± ? Mops/s | 1.00 | – | – | 16.0 |"), table);
  }

  @Test
  void targets_areMetAtTheMinimum_missedBelow_andNotMeasuredWithoutAResult() {
    List<Target> targets = List.of(
        new Target("over Caffeine", "getOrLoad", 1, "CACHELAB_CAFFEINE", 0.9, null),
        new Target("LRU", "read", 2, "CACHELAB_LRU", 0.5, null),
        new Target("LRU, 1 thread, no such run", "write", 1, "CACHELAB_LRU", 0.5, null),
        new Target("memo", "memo", 1, "MEMOIZED", 0.8, "memoization has no benchmark yet"));
    List<Outcome> outcomes = Targets.evaluate(targets, RatioTable.lines(RUN));
    assertEquals(List.of(Status.MET, Status.MISSED, Status.NOT_MEASURED, Status.NOT_MEASURED),
        outcomes.stream().map(Outcome::status).toList());
    String table = Targets.markdown(outcomes);
    assertTrue(table.contains("| LRU | ≥ 0.50 × Caffeine | 0.25 | MISSED (0.25 ×) |"), table);
    assertTrue(table.contains("NOT MEASURED (memoization has no benchmark yet)"), table);
    assertTrue(table.contains("reported here, not failed"), table);
  }

  @Test
  void workload_dropsTheThreadSuffix() {
    assertEquals("readWrite", BenchReport.workload("readWrite_t2"));
    assertEquals("memo", BenchReport.workload("memo"));
  }

  @Test
  void expectedRuns_coverEveryBenchmarkMethodTimesEveryContender() {
    List<String> runs = BenchReport.expectedRuns(null);
    assertEquals(8 * dev.cachelab.bench.Contender.values().length
        + 8 * dev.cachelab.bench.DirectoryBenchmark.Contender.values().length
        + 2 * dev.cachelab.bench.MemoBenchmark.Contender.values().length
        + 2 * dev.cachelab.bench.EvictionBenchmark.Contender.values().length
        + 3 * dev.cachelab.bench.LatencyBenchmark.Contender.values().length
        + 6 * dev.cachelab.bench.RedisBenchmark.Contender.values().length
        + 2 * 2 * dev.cachelab.bench.ScaleBenchmark.Contender.values().length
        + dev.cachelab.bench.Footprint.Store.values().length, runs.size());
    // 14 in-memory contenders and the directory store, 8 methods each; memoization's 5 contenders × 2; writes
    // with eviction, 10 bounded contenders × 2; latency, 5 contenders × 3 paths; Redis's 2 contenders × 6; reads
    // at two sizes, 6 contenders × 2 thread counts × 2 sizes; bytes per entry of 13 stores.
    assertEquals(8 * 14 + 8 * 1 + 2 * 5 + 2 * 10 + 3 * 5 + 6 * 2 + 6 * 2 * 2 + 13, runs.size(), runs.toString());
    assertTrue(runs.contains("CacheBenchmark.getOrLoad_t2 CACHELAB_CAFFEINE_TIMED"), runs.toString());
    assertTrue(runs.contains("ScaleBenchmark.read_t2 CACHELAB_SIEVE entries=1048576"), runs.toString());
    assertTrue(runs.contains("ScaleBenchmark.read_t1 CAFFEINE entries=1024"), runs.toString());
    assertTrue(runs.contains("Footprint.bytesPerEntry CACHELAB_UNBOUNDED"), runs.toString());
    assertEquals(13, BenchReport.expectedRuns("Footprint").size());
    assertEquals(2 * 6, BenchReport.expectedRuns("ScaleBenchmark.read_t1").size());
    assertTrue(runs.contains("RedisBenchmark.getAll100_t8 CACHELAB_REDIS"), runs.toString());
    assertEquals(java.util.Optional.of("RAW_JEDIS"), RatioTable.rawLibrary("CACHELAB_REDIS"));
    assertTrue(runs.contains("CacheBenchmark.read_t2 CACHELAB_WTINYLFU"), runs.toString());
    assertTrue(runs.contains("CacheBenchmark.read_t2 CACHELAB_S3FIFO"), runs.toString());
    assertTrue(runs.contains("EvictionBenchmark.putEvict_t2 CACHELAB_SIEVE"), runs.toString());
    assertTrue(runs.contains("LatencyBenchmark.missLoad_t1 CAFFEINE"), runs.toString());
    assertTrue(runs.contains("CacheBenchmark.getOrLoad_t2 CACHELAB_CAFFEINE"), runs.toString());
    assertTrue(runs.contains("CacheBenchmark.read_t1 EHCACHE"), runs.toString());
    assertTrue(runs.contains("CacheBenchmark.write_t2 CACHELAB_EHCACHE"), runs.toString());
    assertTrue(runs.contains("DirectoryBenchmark.readWrite_t1 CACHELAB_DIRECTORY"), runs.toString());
    assertTrue(runs.contains("MemoBenchmark.memo_t1 MEMOIZED"), runs.toString());
    // read_t1 matches CacheBenchmark's, DirectoryBenchmark's and ScaleBenchmark's method of that name.
    assertEquals(dev.cachelab.bench.Contender.values().length + 1 + 2 * 6,
        BenchReport.expectedRuns("read_t1").size());
    assertEquals(dev.cachelab.bench.Contender.values().length,
        BenchReport.expectedRuns("CacheBenchmark.read_t1").size());
  }
}
