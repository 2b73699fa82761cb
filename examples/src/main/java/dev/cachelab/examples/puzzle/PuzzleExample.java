/*
 * A puzzle in the style of Advent of Code, the place where many programmers first meet memoization: count the routes
 * a forklift can take across a warehouse floor, moving only right or down and never through a crate (#). Part 1 is a
 * small corner of the map, and the textbook recursion solves it. Part 2 is the whole map: the same recursion would
 * run for months, because it walks every one of 172 trillion routes one step at a time. Memoized, each square is
 * counted once (the routes from a square do not depend on how you got there), and the answer takes a millisecond.
 *
 * The naive version runs with a budget of calls, so the tour stays short; how many calls it would really need is
 * itself counted with memoization.
 */
package dev.cachelab.examples.puzzle;

import dev.cachelab.examples.Tour;
import dev.cachelab.memo.CacheInfo;
import dev.cachelab.memo.MemoizedFunction;
import dev.cachelab.memo.Memoizer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Counts routes across a warehouse map, naively and memoized. */
public final class PuzzleExample {

  /** The puzzle input: {@code S} the start, {@code E} the end, {@code #} a crate. Moves go right or down. */
  static final String MAP = """
      S....#..##...................#..##.#..#...........
      ......#..........................#..#.............
      ..#................#...#..#....#.......#.....#....
      #..#..#..........#................................
      ............................................#.....
      .........................#.#......................
      .........#.....................................#..
      ......#........#.#.......##.............#..#....#.
      ..............#..................#.....#..........
      ......#........#........................#.........
      ....#...........#.......#..............#.......#..
      .....#..#......#....#.......#................#.#..
      .....##..#.#......##.#..#........#......#.........
      ..................##..............................
      .............#............................#.#..##.
      ..#.................#........#....##..##..........
      ...................#.....................#........
      ...#.....#......#..#..#................#..##......
      ....#..#................#...#...#..#..............
      .....#...#........##.........................#.#..
      .#.##.............#.........#.......#...........##
      ..#...#.........#....#...........................E
      """;

  /** How many calls the naive recursion may make on part 2 before it gives up. */
  static final long NAIVE_BUDGET = 20_000_000;

  /** A square of the map; squares outside it are asked about too (they have no routes). */
  record Square(int row, int col) {}

  /**
   * What the example found, for the test.
   *
   * @param part1 routes across the corner
   * @param part1NaiveCalls calls the naive recursion made for part 1
   * @param part1Info the memoized function's counts after part 1
   * @param part2 routes across the whole map
   * @param naiveGaveUp whether the naive recursion ran out of its budget on part 2
   * @param naiveCallsNeeded how many calls the naive recursion would make on part 2
   * @param part2Info the memoized function's counts after part 2
   */
  public record Outcome(long part1, long part1NaiveCalls, CacheInfo part1Info, long part2, boolean naiveGaveUp,
      long naiveCallsNeeded, CacheInfo part2Info) {}

  /** The floor: which squares are free, and where the end is (the bottom-right square). */
  static final class Floor {
    private final List<String> rows;

    Floor(List<String> rows) {
      this.rows = List.copyOf(rows);
    }

    static Floor parse(String map) {
      return new Floor(map.strip().lines().map(String::strip).toList());
    }

    /** The top-left corner of this floor, {@code height} by {@code width}, its bottom-right square the new end. */
    Floor corner(int height, int width) {
      return new Floor(rows.subList(0, height).stream().map(row -> row.substring(0, width)).toList());
    }

    int height() {
      return rows.size();
    }

    int width() {
      return rows.get(0).length();
    }

    boolean blocked(int row, int col) {
      return row >= height() || col >= width() || rows.get(row).charAt(col) == '#';
    }

    boolean isEnd(int row, int col) {
      return row == height() - 1 && col == width() - 1;
    }
  }

  /** Thrown when the naive recursion has used up its budget of calls. */
  private static final class GaveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GaveUp() {
      super(null, null, false, false);
    }
  }

  private PuzzleExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("puzzle", args);
  }

  /**
   * The tour's entry.
   *
   * @param context where to print
   * @return the summary line
   */
  public static String tour(Tour.Context context) {
    Outcome outcome = run(context.out());
    return String.format(Locale.ROOT, "%,d routes; naive would need %,d calls, memoized made %,d",
        outcome.part2(), outcome.naiveCallsNeeded(), outcome.part2Info().hits() + outcome.part2Info().misses());
  }

  /**
   * Solves both parts, naively and memoized, printing what each costs.
   *
   * @param out where to print
   * @return the answers and counts
   */
  public static Outcome run(PrintStream out) {
    Floor floor = Floor.parse(MAP);
    Floor corner = floor.corner(8, 14);
    say(out, "The warehouse is %d by %d squares. A forklift goes from S (top left) to E (bottom right), only right or",
        floor.height(), floor.width());
    say(out, "down, never through a crate (#). How many routes are there? routes(square) = routes(square below) +");
    say(out, "routes(square to the right): 1 at E, 0 on a crate or off the map.");

    say(out, "%nPart 1: the top-left corner, %d by %d squares, its bottom-right square the end", corner.height(),
        corner.width());
    // The first caches a JVM builds load cachelab's classes and run interpreted: warm up (a few times, on fresh
    // memoized functions, so nothing is kept), so that the timings below compare the methods, not the JIT.
    for (int i = 0; i < 3; i++) {
      memoizedRoutes(floor).apply(new Square(0, 0));
    }
    long[] calls = {0};
    long start = System.nanoTime();
    long naive1 = naiveRoutes(corner, 0, 0, calls, Long.MAX_VALUE);
    say(out, "  naive:    %,d routes after %,d calls (%s)", naive1, calls[0], since(start));
    MemoizedFunction<Square, Long> memo1 = memoizedRoutes(corner);
    start = System.nanoTime();
    long memoized1 = memo1.apply(new Square(0, 0));
    CacheInfo info1 = memo1.cacheInfo();
    say(out, "  memoized: %,d routes (%s)  %s", memoized1, since(start), info1);
    say(out, "  The naive recursion asks about the same squares over and over: %,d calls for %,d distinct squares.",
        calls[0], info1.misses());

    say(out, "%nPart 2: the whole map");
    long[] naiveCalls = {0};
    boolean gaveUp = false;
    start = System.nanoTime();
    try {
      naiveRoutes(floor, 0, 0, naiveCalls, NAIVE_BUDGET);
    } catch (GaveUp e) {
      gaveUp = true;
    }
    double naiveSeconds = (System.nanoTime() - start) / 1e9;
    say(out, "  naive:    %s after %,d calls (%s)", gaveUp ? "gave up" : "finished", naiveCalls[0], since(start));
    MemoizedFunction<Square, Long> memo2 = memoizedRoutes(floor);
    start = System.nanoTime();
    long memoized2 = memo2.apply(new Square(0, 0));
    CacheInfo info2 = memo2.cacheInfo();
    say(out, "  memoized: %,d routes (%s)  %s", memoized2, since(start), info2);
    long needed = naiveCallsNeeded(floor);
    double perSecond = naiveCalls[0] / Math.max(naiveSeconds, 1e-9);
    say(out, "  The naive recursion would need %,d calls (counted with a second memoized function): at the",
        needed);
    say(out, "  %,.0f million calls a second measured above, about %s. Memoized: %,d calls, %,d of them computed.",
        perSecond / 1e6, duration(needed / perSecond), info2.hits() + info2.misses(), info2.misses());
    say(out, "  Why it works: routes(square) depends only on the square, never on the path that led there,");
    say(out, "  so each answer can be stored and reused: %,d hits.", info2.hits());
    return new Outcome(memoized1, calls[0], info1, memoized2, gaveUp, needed, info2);
  }

  /** The textbook recursion, counting its calls; it gives up once {@code calls} passes {@code budget}. */
  static long naiveRoutes(Floor floor, int row, int col, long[] calls, long budget) {
    if (calls[0] == budget) {
      throw new GaveUp();
    }
    calls[0]++;
    if (floor.blocked(row, col)) {
      return 0;
    }
    if (floor.isEnd(row, col)) {
      return 1;
    }
    return naiveRoutes(floor, row + 1, col, calls, budget) + naiveRoutes(floor, row, col + 1, calls, budget);
  }

  /** The same recursion, memoized: {@code self} is the memoized function, so every recursive call is cached too. */
  static MemoizedFunction<Square, Long> memoizedRoutes(Floor floor) {
    return Memoizer.recursive((self, square) -> {
      if (floor.blocked(square.row(), square.col())) {
        return 0L;
      }
      if (floor.isEnd(square.row(), square.col())) {
        return 1L;
      }
      return self.apply(new Square(square.row() + 1, square.col())) + self.apply(
          new Square(square.row(), square.col() + 1));
    });
  }

  /** How many calls {@link #naiveRoutes} makes from the start: one, plus the calls of the two it makes. */
  static long naiveCallsNeeded(Floor floor) {
    MemoizedFunction<Square, Long> calls = Memoizer.recursive((self, square) -> {
      if (floor.blocked(square.row(), square.col()) || floor.isEnd(square.row(), square.col())) {
        return 1L;
      }
      return Math.addExact(1 + self.apply(new Square(square.row() + 1, square.col())),
          self.apply(new Square(square.row(), square.col() + 1)));
    });
    return calls.apply(new Square(0, 0));
  }

  private static String since(long startNanos) {
    long micros = (System.nanoTime() - startNanos) / 1_000;
    return micros < 10_000 ? micros + " µs" : (micros / 1_000) + " ms";
  }

  private static String duration(double seconds) {
    if (seconds < 3 * 3600) {
      return String.format(Locale.ROOT, "%.0f minutes", seconds / 60);
    } else if (seconds < 3 * 86_400) {
      return String.format(Locale.ROOT, "%.0f hours", seconds / 3600);
    } else if (seconds < 3 * 365 * 86_400) {
      return String.format(Locale.ROOT, "%.0f days", seconds / 86_400);
    }
    return String.format(Locale.ROOT, "%.0f years", seconds / (365 * 86_400));
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
