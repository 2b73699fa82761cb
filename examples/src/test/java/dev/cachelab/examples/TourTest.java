package dev.cachelab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.Tour.Example;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TourTest {

  @Test
  void run_printsEveryExamplesBannerAndLessonBeforeItsOutput() throws Exception {
    String output = runCapturingStandardOut(Tour.EXAMPLES);

    int previous = -1;
    for (int i = 0; i < Tour.EXAMPLES.size(); i++) {
      Example example = Tour.EXAMPLES.get(i);
      int banner = output.indexOf("== " + (i + 1) + "/" + Tour.EXAMPLES.size() + " " + example.name() + " ==");
      assertTrue(banner > previous, () -> "banner of " + example.name() + " missing or out of order in:\n" + output);
      assertTrue(output.startsWith("Lesson: " + example.lesson() + "\n", output.indexOf('\n', banner) + 1),
          () -> "lesson of " + example.name() + " should follow its banner in:\n" + output);
      previous = banner;
    }
    int cacheAside = output.indexOf(" cache-aside ==");
    assertTrue(cacheAside >= 0 && output.indexOf("In all: 17 reads, 8 database queries.") > cacheAside, output);
  }

  @Test
  void select_withOneName_choosesOnlyThatExample() {
    List<Example> chosen = Tour.select(List.of("cache-aside"));

    assertEquals(List.of("cache-aside"), chosen.stream().map(Example::name).toList());
  }

  @Test
  void select_withNoNames_choosesEveryExampleInOrder() {
    assertEquals(Tour.EXAMPLES, Tour.select(List.of()));
  }

  @Test
  void select_withAnUnknownName_failsListingTheValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tour.select(List.of("cache-aside", "nope")));

    String valid = Tour.EXAMPLES.stream().map(Example::name).collect(Collectors.joining(", "));
    assertEquals("unknown example 'nope'; choose from: " + valid, e.getMessage());
  }

  @Test
  void examples_haveDistinctLowercaseNamesThatWorkOnACommandLine() {
    List<String> names = Tour.EXAMPLES.stream().map(Example::name).toList();

    assertEquals(names.size(), Set.copyOf(names).size(), () -> "duplicate names: " + names);
    assertTrue(names.stream().allMatch(n -> n.matches("[a-z][a-z0-9-]*")), () -> "bad names: " + names);
  }

  /** Runs the tour with its banners and the examples' own output going to one captured standard output. */
  private static String runCapturingStandardOut(List<Example> examples) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      Tour.run(capture, examples);
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
