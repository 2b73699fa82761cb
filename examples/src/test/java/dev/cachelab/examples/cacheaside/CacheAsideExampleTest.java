package dev.cachelab.examples.cacheaside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the example on a database without latency and checks that what it prints matches what happened. The reads are
 * scripted in {@link CacheAsideExample#READS} and {@link CacheAsideExample#BOUNDED_READS}, so every count is known.
 */
class CacheAsideExampleTest {

  private final Database db = new Database(Duration.ZERO);
  private List<String> lines;

  @BeforeEach
  void runTheExample() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      CacheAsideExample.run(out, db);
    }
    lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void readThrough_ofThreeProductsTenTimes_reportsThreeMissesAndSevenHits() {
    List<String> part = section("1. Read through the cache");

    assertTrue(part.contains("  reads: 10, hits: 7, misses: 3, hit rate: 70%"), () -> String.join("\n", part));
    assertTrue(part.contains("  database queries: 3, saved: 7 (a miss costs one query, a hit none)"),
        () -> String.join("\n", part));
  }

  @Test
  void readThrough_marksOnlyTheFirstReadOfEachProductAsAMiss() {
    List<String> reads = section("1. Read through the cache").stream().filter(l -> l.startsWith("  read #")).toList();

    assertEquals(10, reads.size(), () -> String.join("\n", reads));
    assertEquals(List.of(
        "  read #1  miss -> database   #1 tea 4.20",
        "  read #2  miss -> database   #2 coffee 6.50",
        "  read #1  hit                #1 tea 4.20",
        "  read #3  miss -> database   #3 cocoa 3.80"), reads.subList(0, 4));
    assertTrue(reads.subList(4, reads.size()).stream().allMatch(l -> l.contains(" hit ")),
        () -> String.join("\n", reads));
  }

  @Test
  void update_servesTheStaleRowUntilInvalidateMakesTheNextReadReload() {
    List<String> part = section("2. Update a price");

    int stale = part.indexOf("  read #1  hit                #1 tea 4.20   <- stale: the cache still holds the old row");
    int removed = part.indexOf("    listener: removed #1 tea 4.20 (EXPLICIT)");
    int fresh = part.indexOf("  read #1  miss -> database   #1 tea 4.50   <- fresh: the miss reloaded it");
    assertTrue(stale >= 0 && stale < removed && removed < fresh, () -> String.join("\n", part));
  }

  @Test
  void boundedCache_ofTwo_evictsTheLeastRecentlyUsedProductBySize() {
    List<String> part = section("3. Bound the cache");

    assertEquals(List.of(
        "    listener: evicted #1 tea 4.50 (SIZE)",
        "    listener: evicted #2 coffee 6.50 (SIZE)"),
        part.stream().filter(l -> l.startsWith("    listener:")).toList());
    assertTrue(part.contains("  size: 2, evictions: 2, hits: 1, database queries: 4"), () -> String.join("\n", part));
  }

  @Test
  void run_queriesTheDatabaseExactlyAsOftenAsItSays() {
    long missLines = lines.stream().filter(l -> l.contains("miss -> database")).count();

    assertTrue(lines.contains("In all: 17 reads, 8 database queries."), () -> String.join("\n", lines));
    assertEquals(8, db.queryCount());
    assertEquals(db.queryCount(), missLines);
  }

  @Test
  void database_withNegativeLatency_isRefusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Database(Duration.ofMillis(-1)));

    assertEquals("latency must not be negative: PT-0.001S", e.getMessage());
  }

  /** The lines of the part whose heading starts with {@code heading}, up to the next blank line. */
  private List<String> section(String heading) {
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(heading)) {
        start = i;
        break;
      }
    }
    assertTrue(start >= 0, () -> "no heading '" + heading + "' in:\n" + String.join("\n", lines));
    int end = start;
    while (end < lines.size() && !lines.get(end).isEmpty()) {
      end++;
    }
    return lines.subList(start, end);
  }
}
