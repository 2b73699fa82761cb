/*
 * The tour: every example in a sensible reading order, each under a banner with the one thing it teaches, and a
 * one-screen summary at the end. A newcomer runs it first (see examples/README.md for the command); "Tour <name>"
 * runs a single example, and the words after a name that start with "--" are that example's options
 * ("run-twice --clear"). To add an example, add one entry to EXAMPLES.
 */
package dev.cachelab.examples;

import dev.cachelab.examples.cacheaside.CacheAsideExample;
import dev.cachelab.examples.disk.RunTwiceExample;
import dev.cachelab.examples.distributed.DistributedCacheExample;
import dev.cachelab.examples.dns.DnsExample;
import dev.cachelab.examples.eviction.EvictionExample;
import dev.cachelab.examples.failopen.FailOpenExample;
import dev.cachelab.examples.joblib.JoblibExample;
import dev.cachelab.examples.memo.FibonacciExample;
import dev.cachelab.examples.near.NearCacheExample;
import dev.cachelab.examples.puzzle.PuzzleExample;
import dev.cachelab.examples.refresh.RefreshExample;
import dev.cachelab.examples.showdown.ShowdownExample;
import dev.cachelab.examples.spring.SpringCacheableExample;
import dev.cachelab.examples.stampede.StampedeExample;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Runs the examples in order, or the ones named on the command line, and sums up what they showed. */
public final class Tour {

  /** The command that runs the tour from the repository root; an example's name (and its options) may follow. */
  public static final String COMMAND = "./mvnw -B -q -Ptour -pl examples -am compile";

  /**
   * The system property that names the directory where examples keep state between runs. The tour's Maven profile
   * sets it to {@code examples/target/tour} (override with {@code -Dtour.dir=...}); without it, {@code target/tour}
   * under the working directory is used.
   */
  public static final String STATE_DIRECTORY_PROPERTY = "cachelab.tour.dir";

  /**
   * One example of the tour.
   *
   * @param name the short name that selects it on the command line
   * @param lesson what it teaches, in one line
   * @param options the options it takes, such as {@code --clear} or {@code --dir=DIR} (a name ending in
   *     {@code =VALUE} takes a value); empty if none
   * @param entry runs it
   */
  public record Example(String name, String lesson, List<String> options, Entry entry) {

    /**
     * Creates an entry of the tour.
     *
     * @throws NullPointerException if any argument is null
     */
    public Example {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(lesson, "lesson");
      options = List.copyOf(options);
      Objects.requireNonNull(entry, "entry");
    }

    /** Whether {@code arg} is one of this example's options ({@code --flag}, or {@code --name=value}). */
    boolean accepts(String arg) {
      return options.stream().anyMatch(option -> {
        int equals = option.indexOf('=');
        return equals < 0 ? option.equals(arg) : arg.startsWith(option.substring(0, equals + 1));
      });
    }

    /** The options as a usage hint: {@code [--clear] [--dir=DIR]}, or "no options". */
    String usage() {
      return options.isEmpty() ? "no options"
          : options.stream().map(option -> "[" + option + "]").collect(Collectors.joining(" "));
    }
  }

  /** How an example runs inside the tour. */
  @FunctionalInterface
  public interface Entry {

    /**
     * Runs the example.
     *
     * @param context where to print, where to keep state, and the example's options
     * @return one line for the tour's summary: what the run showed, with its numbers
     * @throws Exception if the example fails
     */
    String run(Context context) throws Exception;
  }

  /**
   * What the tour hands an example.
   *
   * @param out where the example prints
   * @param stateDirectory a directory of the example's own for anything it keeps between runs (created on demand by
   *     the example); tests pass a temporary one
   * @param args the options given after the example's name, already checked against {@link Example#options()}
   */
  public record Context(PrintStream out, Path stateDirectory, List<String> args) {

    /**
     * Creates a context.
     *
     * @throws NullPointerException if any argument is null
     */
    public Context {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(stateDirectory, "stateDirectory");
      args = List.copyOf(args);
    }

    /**
     * Returns whether the flag {@code name} (such as {@code --clear}) was given.
     *
     * @param name the flag, with its dashes
     * @return whether it is among the arguments
     */
    public boolean flag(String name) {
      return args.contains(name);
    }

    /**
     * Returns the value of the option {@code name} given as {@code name=value}, if it was given.
     *
     * @param name the option, with its dashes and without the {@code =}
     * @return its value, if given
     */
    public Optional<String> option(String name) {
      return args.stream().filter(arg -> arg.startsWith(name + "=")).map(arg -> arg.substring(name.length() + 1))
          .reduce((first, last) -> last);
    }
  }

  /**
   * An example chosen on the command line, with the options that followed its name.
   *
   * @param example the example
   * @param args its options
   */
  public record Selection(Example example, List<String> args) {

    /**
     * Creates a selection.
     *
     * @throws NullPointerException if any argument is null
     */
    public Selection {
      Objects.requireNonNull(example, "example");
      args = List.copyOf(args);
    }
  }

  /** The examples, in the order the tour runs them: the talk's order. Add the next one here. */
  public static final List<Example> EXAMPLES = List.of(
      new Example("dns",
          "expiry decided by each entry (a DNS record's TTL), negative caching, stale-if-error",
          List.of(), DnsExample::tour),
      new Example("memo",
          "memoization as Python's functools: memoized fib(90) beside the naive one, cacheInfo(), an lru bound",
          List.of(), FibonacciExample::tour),
      new Example("puzzle",
          "a puzzle that needs memoization: counting routes is hopeless naively and instant memoized",
          List.of(), PuzzleExample::tour),
      new Example("distributed-cache",
          "a distributed cache: two instances share Redis; one computes, the other reads; a lock in Redis stops a "
              + "cross-instance stampede",
          List.of(), DistributedCacheExample::tour),
      new Example("near-cache",
          "a near cache: B's local copy of a Redis entry disappears the moment A, or any Redis client, writes it",
          List.of(), NearCacheExample::tour),
      new Example("fail-open",
          "fail-open: Redis stops mid-run; requests keep succeeding from the loader, a breaker opens, Redis returns",
          List.of(), FailOpenExample::tour),
      new Example("spring",
          "Spring's @Cacheable over cachelab on Redis: many callers, one method call; a second instance reads it",
          List.of(), SpringCacheableExample::tour),
      new Example("run-twice",
          "persistent memoization (joblib's Memory): the first run computes, a second run reads every result "
              + "from disk",
          List.of("--clear", "--dir=DIR"), RunTwiceExample::tour),
      new Example("joblib",
          "joblib for Java: parallel, data-heavy work memoized on disk; a rerun reads it all, a new version recomputes",
          List.of(), JoblibExample::tour),
      new Example("cache-aside",
          "put a cache in front of a slow database: get(key, loader), invalidate on write, bound the size",
          List.of(), CacheAsideExample::tour),
      new Example("stampede",
          "100 threads on a cold key: cachelab loads once, a naive check-then-load cache-aside loads 100 times",
          List.of(), StampedeExample::tour),
      new Example("refresh",
          "refresh on a timeline: stale-while-revalidate, a failing reload with stale-if-error, XFetch volunteers",
          List.of(), RefreshExample::tour),
      new Example("eviction",
          "eviction step by step: six policies, one access sequence, capacity 3, every victim explained",
          List.of(), EvictionExample::tour),
      new Example("showdown",
          "policy showdown on real traces: recency fails on scans, admission rescues them, no policy wins everywhere",
          List.of(), ShowdownExample::tour)
  );

  private Tour() {}

  /**
   * Runs every example, or only those named in {@code args}; the words after a name that start with {@code --} are
   * that example's options. An unknown name or option prints what is valid to standard error and exits with status 2.
   *
   * @param args example names and their options; none for the whole tour
   * @throws Exception if an example fails
   */
  public static void main(String[] args) throws Exception {
    List<Selection> chosen;
    try {
      chosen = select(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    run(System.out, stateDirectory(), chosen);
  }

  /**
   * Where examples keep state: the {@value #STATE_DIRECTORY_PROPERTY} system property, else {@code target/tour}.
   *
   * @return an absolute path; each example uses a subdirectory named after it
   */
  public static Path stateDirectory() {
    String property = System.getProperty(STATE_DIRECTORY_PROPERTY);
    return (property == null || property.isBlank() ? Path.of("target", "tour") : Path.of(property))
        .toAbsolutePath().normalize();
  }

  /**
   * Parses a command line: example names, each followed by its options; no names chooses every example in order.
   *
   * @param args the words of the command line
   * @return the examples to run, in the order given, each with its options
   * @throws IllegalArgumentException if a name is not an example's (the message lists the valid names), an option
   *     comes before any name, or an example does not take an option (the message lists the ones it takes)
   */
  public static List<Selection> select(List<String> args) {
    if (args.isEmpty()) {
      return EXAMPLES.stream().map(example -> new Selection(example, List.of())).toList();
    }
    List<Selection> chosen = new ArrayList<>();
    Example current = null;
    List<String> options = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("-")) {
        if (current == null) {
          throw new IllegalArgumentException("option '" + arg + "' must follow the name of the example it is for, "
              + "e.g. run-twice --clear; examples: " + names());
        }
        Example example = current;
        if (!example.accepts(arg)) {
          throw new IllegalArgumentException(
              "example '" + example.name() + "' does not take '" + arg + "'; it takes " + example.usage());
        }
        options.add(arg);
        continue;
      }
      if (current != null) {
        chosen.add(new Selection(current, options));
        options = new ArrayList<>();
      }
      current = byName(arg);
    }
    chosen.add(new Selection(current, options));
    return chosen;
  }

  /**
   * Runs the chosen examples one after the other, each under a banner with its lesson, then prints a summary.
   *
   * @param out where everything is printed
   * @param stateDirectory where examples keep state; each gets the subdirectory named after it
   * @param chosen the examples to run, with their options
   * @throws Exception if an example fails
   */
  public static void run(PrintStream out, Path stateDirectory, List<Selection> chosen) throws Exception {
    out.printf("cachelab tour: %d example%s (%s).%nSources and READMEs: examples/src/main/java/dev/cachelab/examples/;"
            + " state kept in %s%n", chosen.size(), chosen.size() == 1 ? "" : "s",
        chosen.stream().map(s -> s.example().name()).collect(Collectors.joining(", ")), display(stateDirectory));
    long start = System.nanoTime();
    List<String> results = new ArrayList<>();
    int number = 0;
    for (Selection selection : chosen) {
      Example example = selection.example();
      number++;
      banner(out, number + "/" + chosen.size() + " " + example.name());
      out.println("Lesson: " + example.lesson());
      out.println();
      out.flush();
      String result = example.entry().run(
          new Context(out, stateDirectory.resolve(example.name()), selection.args()));
      results.add(example.name() + ": " + result);
      out.flush();
    }
    banner(out, "summary");
    out.println("What the tour showed:");
    for (int i = 0; i < results.size(); i++) {
      out.printf("%2d. %s%n", i + 1, results.get(i));
    }
    out.printf(Locale.ROOT, "%d example%s in %.1f s. One at a time: %s -Dexec.args=<name>; read each one's README "
            + "in examples/.%n", chosen.size(), chosen.size() == 1 ? "" : "s", (System.nanoTime() - start) / 1e9,
        COMMAND);
    out.flush();
  }

  /**
   * Runs one example alone, as its own {@code main} does: its banner, its output and the summary.
   *
   * @param name the example's name
   * @param args its options
   * @throws Exception if the example fails
   */
  public static void runAlone(String name, String[] args) throws Exception {
    List<String> words = new ArrayList<>();
    words.add(name);
    words.addAll(List.of(args));
    main(words.toArray(String[]::new));
  }

  /**
   * Shows a path the way a learner at the repository root types it: relative to the working directory when it is
   * inside it, absolute otherwise.
   *
   * @param path a path
   * @return the path to print
   */
  public static Path display(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path here = Path.of("").toAbsolutePath();
    return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute) : absolute;
  }

  private static void banner(PrintStream out, String title) {
    String head = "== " + title + " ";
    out.printf("%n%s%s%n", head, "=".repeat(Math.max(3, 78 - head.length())));
  }

  private static Example byName(String name) {
    return EXAMPLES.stream()
        .filter(example -> example.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown example '" + name + "'; choose from: " + names()));
  }

  private static String names() {
    return EXAMPLES.stream().map(Example::name).collect(Collectors.joining(", "));
  }
}
