package dev.cachelab.bench.report;

import dev.cachelab.bench.Contender;
import dev.cachelab.bench.Footprint;
import dev.cachelab.bench.MemoBenchmark;
import dev.cachelab.bench.report.Targets.Reference;
import dev.cachelab.bench.report.Targets.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The runs {@code BenchReport --targets} makes: for each of issue 15's targets, the run it is read from and the runs
 * its ratio divides by (raw Caffeine, the map, or the raw library underneath), and nothing else — about a quarter of
 * the whole suite, so that a full-mode run to publish takes half an hour instead of an hour and a half. The memoized
 * call also gets its diagnostic contenders, which measure the cause of its target's miss.
 *
 * <p>Immutable and thread-safe.
 */
final class TargetRuns {

  private TargetRuns() {}

  /**
   * Which contenders each benchmark method must run for {@code targets}.
   *
   * @param targets the targets
   * @return contender names by benchmark method ({@code CacheBenchmark.getOrLoad_t1}), in name order
   */
  static Map<String, Set<String>> plan(List<Target> targets) {
    Map<String, Set<String>> plan = new TreeMap<>();
    for (Target target : targets) {
      if (target.reference() == Reference.FOOTPRINT || target.notMeasuredBecause() != null) {
        continue; // bytes per entry is not a JMH run; it runs after them, for every store
      }
      String method = target.workload() + "_t" + target.threads();
      Class<?> benchmark = classOf(method, target.contender());
      Set<String> contenders = plan.computeIfAbsent(benchmark.getSimpleName() + "." + method, k -> new TreeSet<>());
      contenders.add(target.contender());
      switch (target.reference()) {
        case CAFFEINE -> contenders.add("CAFFEINE");
        case MAP -> contenders.add(Contender.CONCURRENT_HASH_MAP.name());
        case RAW_LIBRARY -> contenders.add(Contender.valueOf(target.contender()).rawLibrary().orElseThrow().name());
        default -> {
          // allocation per operation needs no other run
        }
      }
      if (benchmark == MemoBenchmark.class) {
        Arrays.stream(MemoBenchmark.Contender.values()).map(Enum::name).forEach(contenders::add);
      }
    }
    return plan;
  }

  /**
   * The run names the plan produces, as {@link BenchReport#expectedRuns} names them, plus bytes per entry for
   * every store.
   *
   * @param plan what {@link #plan} returned
   * @return the expected runs, sorted
   */
  static List<String> expected(Map<String, Set<String>> plan) {
    List<String> runs = new ArrayList<>();
    plan.forEach((method, contenders) -> contenders.forEach(contender -> runs.add(method + " " + contender)));
    for (Footprint.Store store : Footprint.Store.values()) {
      runs.add(Footprints.runName(store.name()));
    }
    runs.sort(null);
    return runs;
  }

  /**
   * The benchmark class of a planned method.
   *
   * @param method {@code Class.method}, the class's simple name
   * @return the class, one of {@link BenchReport#SUITE}
   */
  static Class<?> benchmarkClass(String method) {
    String simpleName = method.substring(0, method.indexOf('.'));
    return BenchReport.SUITE.stream().filter(c -> c.getSimpleName().equals(simpleName)).findFirst().orElseThrow();
  }

  /** The class of the suite that has benchmark {@code method} and a contender named {@code contender}. */
  private static Class<?> classOf(String method, String contender) {
    for (Class<?> benchmark : BenchReport.SUITE) {
      boolean hasMethod = false;
      for (Method m : benchmark.getMethods()) {
        hasMethod |= m.getName().equals(method) && m.isAnnotationPresent(Benchmark.class);
      }
      Object[] contenders = BenchReport.contenderParameter(benchmark).getType().getEnumConstants();
      if (hasMethod && Arrays.stream(contenders).anyMatch(c -> ((Enum<?>) c).name().equals(contender))) {
        return benchmark;
      }
    }
    throw new IllegalStateException("no benchmark of the suite has " + method + " with contender " + contender
        + "; a target must name a run the suite makes");
  }
}
