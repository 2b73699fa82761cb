/*
 * The tour: every example in a sensible reading order, each under a banner with the one thing it teaches. A newcomer
 * runs it first (see examples/README.md for the command); "Tour <name>" runs a single example. To add an example,
 * add one line to EXAMPLES.
 */
package dev.cachelab.examples;

import dev.cachelab.examples.cacheaside.CacheAsideExample;
import dev.cachelab.examples.dns.DnsExample;
import dev.cachelab.examples.memo.FibonacciExample;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Runs the examples in order, or the ones named on the command line. */
public final class Tour {

  /**
   * One example of the tour.
   *
   * @param name the short name that selects it on the command line
   * @param lesson what it teaches, in one line
   * @param main its entry point
   */
  public record Example(String name, String lesson, Main main) {

    /**
     * Creates an entry of the tour.
     *
     * @throws NullPointerException if any argument is null
     */
    public Example {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(lesson, "lesson");
      Objects.requireNonNull(main, "main");
    }
  }

  /** An example's {@code main} method, so that {@code SomeExample::main} fits. */
  @FunctionalInterface
  public interface Main {

    /**
     * Runs the example.
     *
     * @param args the command-line arguments (the tour passes none)
     * @throws Exception if the example fails
     */
    void main(String[] args) throws Exception;
  }

  /** The examples, in the order the tour runs them. Add the next one here. */
  public static final List<Example> EXAMPLES = List.of(
      new Example("cache-aside",
          "put a cache in front of a slow database: get(key, loader), invalidate on write, bound the size",
          CacheAsideExample::main),
      new Example("memo",
          "memoization as Python's functools: memoized fib(90) beside the naive one, cacheInfo(), an lru bound",
          FibonacciExample::main),
      new Example("dns",
          "expiry decided by each entry (a DNS record's TTL), negative caching, stale-if-error",
          DnsExample::main),
      new Example("run-twice", "persistent memoization (joblib's Memory): the first run computes, a second run "
          + "reads every result from disk", dev.cachelab.examples.disk.RunTwiceExample::tour)
  );

  private Tour() {}

  /**
   * Runs every example, or only those named in {@code args}. An unknown name prints the valid ones to standard
   * error and exits with status 2.
   *
   * @param args example names; none for the whole tour
   * @throws Exception if an example fails
   */
  public static void main(String[] args) throws Exception {
    List<Example> chosen;
    try {
      chosen = select(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(System.out, chosen);
  }

  /**
   * Returns the examples named in {@code names}, in the order given, or all of them if {@code names} is empty.
   *
   * @param names example names
   * @return the examples to run
   * @throws IllegalArgumentException if a name is not an example's; the message lists the valid names
   */
  public static List<Example> select(List<String> names) {
    if (names.isEmpty()) {
      return EXAMPLES;
    }
    List<Example> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(EXAMPLES.stream()
          .filter(example -> example.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "unknown example '" + name + "'; choose from: " + names())));
    }
    return chosen;
  }

  /**
   * Runs {@code examples} one after the other, each under a banner printed to {@code out}. The examples print to
   * standard output themselves.
   *
   * @param out where the banners go
   * @param examples the examples to run
   * @throws Exception if an example fails
   */
  public static void run(PrintStream out, List<Example> examples) throws Exception {
    out.printf("cachelab tour: %d example%s (%s). Sources and READMEs: examples/src/main/java/dev/cachelab/examples/%n",
        examples.size(), examples.size() == 1 ? "" : "s", examples.stream().map(Example::name)
            .collect(Collectors.joining(", ")));
    int number = 0;
    for (Example example : examples) {
      number++;
      String title = "== " + number + "/" + examples.size() + " " + example.name() + " ";
      out.printf("%n%s%s%n", title, "=".repeat(Math.max(3, 78 - title.length())));
      out.println("Lesson: " + example.lesson());
      out.println();
      out.flush();
      example.main().main(new String[0]);
      System.out.flush();
    }
  }

  private static String names() {
    return EXAMPLES.stream().map(Example::name).collect(Collectors.joining(", "));
  }
}
