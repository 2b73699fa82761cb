package dev.cachelab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.Tour.Example;
import dev.cachelab.examples.Tour.Selection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TourTest {

  @TempDir
  Path state;

  @Test
  void run_wholeTour_printsEachBannerAndLessonInOrder_thenASummaryLinePerExample() throws Exception {
    String output = run(Tour.select(List.of()));

    int previous = -1;
    for (int i = 0; i < Tour.EXAMPLES.size(); i++) {
      Example example = Tour.EXAMPLES.get(i);
      int banner = output.indexOf("== " + (i + 1) + "/" + Tour.EXAMPLES.size() + " " + example.name() + " ==");
      assertTrue(banner > previous, () -> "banner of " + example.name() + " missing or out of order in:\n" + output);
      assertTrue(output.startsWith("Lesson: " + example.lesson() + "\n", output.indexOf('\n', banner) + 1),
          () -> "lesson of " + example.name() + " should follow its banner in:\n" + output);
      previous = banner;
    }
    String summary = output.substring(output.indexOf("== summary =="));
    List<String> lines = summary.lines().toList();
    assertEquals("What the tour showed:", lines.get(1));
    for (int i = 0; i < Tour.EXAMPLES.size(); i++) {
      String expected = String.format("%2d. %s: ", i + 1, Tour.EXAMPLES.get(i).name());
      assertTrue(lines.get(2 + i).startsWith(expected), () -> "summary line for " + expected + " in:\n" + summary);
    }
    assertTrue(lines.size() <= 24, () -> "the summary should fit on one screen:\n" + summary);
    assertTrue(output.contains("In all: 17 reads, 8 database queries."), "cache-aside's own output is there");
  }

  @Test
  void run_keepsEachExamplesStateInItsOwnDirectory_soAFirstRunComputes() throws Exception {
    String output = run(Tour.select(List.of("run-twice")));

    assertTrue(output.contains("This run: 6 computed, 0 from disk"), output);
    assertTrue(output.contains("Results live in " + Tour.display(state.resolve("run-twice"))), output);
    assertTrue(Files.isDirectory(state.resolve("run-twice")));
  }

  @Test
  void run_runTwiceWithClear_clearsAndComputesAgain() throws Exception {
    run(Tour.select(List.of("run-twice")));
    String again = run(Tour.select(List.of("run-twice")));
    assertTrue(again.contains("All 6 results came from disk"), again);

    String cleared = run(Tour.select(List.of("run-twice", "--clear")));

    assertTrue(cleared.contains("Cleared the results in " + Tour.display(state.resolve("run-twice"))), cleared);
    assertTrue(cleared.contains("This run: 6 computed, 0 from disk"), cleared);
  }

  @Test
  void run_runTwiceWithDir_keepsItsResultsInTheDirectoryGiven() throws Exception {
    Path elsewhere = state.resolve("elsewhere");

    String output = run(Tour.select(List.of("run-twice", "--dir=" + elsewhere)));

    assertTrue(output.contains("Results live in " + Tour.display(elsewhere)), output);
    assertTrue(Files.isDirectory(elsewhere));
    assertTrue(Files.notExists(state.resolve("run-twice")), "the default directory is left alone");
  }

  @Test
  void display_showsPathsInsideTheWorkingDirectoryRelativeToIt() {
    Path here = Path.of("").toAbsolutePath();

    assertEquals(Path.of("target", "tour"), Tour.display(here.resolve("target/tour")));
    assertEquals(Path.of("/elsewhere/tour").toAbsolutePath(), Tour.display(Path.of("/elsewhere/tour")));
  }

  @Test
  void select_withNoNames_choosesEveryExampleInOrder_withoutOptions() {
    List<Selection> chosen = Tour.select(List.of());

    assertEquals(Tour.EXAMPLES, chosen.stream().map(Selection::example).toList());
    assertTrue(chosen.stream().allMatch(s -> s.args().isEmpty()));
  }

  @Test
  void select_withNamesAndOptions_givesEachExampleTheOptionsAfterItsName() {
    List<Selection> chosen = Tour.select(List.of("memo", "run-twice", "--clear", "--dir=/tmp/x", "dns"));

    assertEquals(List.of("memo", "run-twice", "dns"), chosen.stream().map(s -> s.example().name()).toList());
    assertEquals(List.of(), chosen.get(0).args());
    assertEquals(List.of("--clear", "--dir=/tmp/x"), chosen.get(1).args());
    assertEquals(List.of(), chosen.get(2).args());
  }

  @Test
  void select_withAnUnknownName_failsListingTheValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tour.select(List.of("cache-aside", "nope")));

    String valid = Tour.EXAMPLES.stream().map(Example::name).collect(Collectors.joining(", "));
    assertEquals("unknown example 'nope'; choose from: " + valid, e.getMessage());
  }

  @Test
  void select_withAnOptionTheExampleDoesNotTake_failsListingTheOnesItTakes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tour.select(List.of("run-twice", "--fast")));

    assertEquals("example 'run-twice' does not take '--fast'; it takes [--clear] [--dir=DIR]", e.getMessage());
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> Tour.select(List.of("memo", "--clear")));
    assertEquals("example 'memo' does not take '--clear'; it takes no options", none.getMessage());
  }

  @Test
  void select_withAnOptionBeforeAnyName_failsSayingWhereItGoes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tour.select(List.of("--clear", "run-twice")));

    assertTrue(e.getMessage().startsWith("option '--clear' must follow the name of the example it is for, e.g. "
        + "run-twice --clear"), e.getMessage());
  }

  @Test
  void examples_haveDistinctLowercaseNamesThatWorkOnACommandLine() {
    List<String> names = Tour.EXAMPLES.stream().map(Example::name).toList();

    assertEquals(names.size(), Set.copyOf(names).size(), () -> "duplicate names: " + names);
    assertTrue(names.stream().allMatch(n -> n.matches("[a-z][a-z0-9-]*")), () -> "bad names: " + names);
  }

  @Test
  void stateDirectory_isTheSystemPropertyTheTourProfileSets() {
    String before = System.getProperty(Tour.STATE_DIRECTORY_PROPERTY);
    try {
      System.setProperty(Tour.STATE_DIRECTORY_PROPERTY, state.toString());
      assertEquals(state.toAbsolutePath(), Tour.stateDirectory());
      System.clearProperty(Tour.STATE_DIRECTORY_PROPERTY);
      assertEquals(Path.of("target", "tour").toAbsolutePath(), Tour.stateDirectory());
    } finally {
      if (before != null) {
        System.setProperty(Tour.STATE_DIRECTORY_PROPERTY, before);
      }
    }
  }

  /** Runs the tour into a captured stream, with its state in the test's temporary directory. */
  private String run(List<Selection> chosen) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Tour.run(out, state, chosen);
    }
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
