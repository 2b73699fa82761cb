package dev.cachelab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ZipfKeysTest {

  private static final int POPULATION = 1_000;
  private static final int DRAWS = 200_000;

  @Test
  void ranks_withTheSameSeed_areTheSame() {
    assertArrayEquals(ZipfKeys.ranks(POPULATION, 1.0, DRAWS, 42), ZipfKeys.ranks(POPULATION, 1.0, DRAWS, 42));
  }

  @Test
  void ranks_withAnotherSeed_differ() {
    assertFalse(Arrays.equals(ZipfKeys.ranks(POPULATION, 1.0, DRAWS, 42), ZipfKeys.ranks(POPULATION, 1.0, DRAWS, 43)));
  }

  @Test
  void ranks_stayInThePopulation() {
    int[] ranks = ZipfKeys.ranks(POPULATION, 1.0, DRAWS, 7);
    assertTrue(Arrays.stream(ranks).allMatch(r -> r >= 0 && r < POPULATION), "a rank fell outside [0, 1000)");
  }

  @Test
  void ranks_areSkewed_theTopRankDrawnFarMoreThanTheMedian() {
    int[] counts = new int[POPULATION];
    for (int rank : ZipfKeys.ranks(POPULATION, 1.0, DRAWS, 7)) {
      counts[rank]++;
    }
    // Zipf(1) over 1,000 ranks: rank 0 has probability 1/H(1000) ≈ 13 %, the median rank 500 times less.
    assertTrue(counts[0] > 0.12 * DRAWS && counts[0] < 0.14 * DRAWS, "rank 0 drawn " + counts[0] + " times");
    assertTrue(counts[0] > 100 * Math.max(1, counts[POPULATION / 2]),
        "rank 0 drawn " + counts[0] + " times, the median rank " + counts[POPULATION / 2] + " times");
    assertTrue(counts[0] > counts[1] && counts[1] > counts[9], "counts not decreasing: " + counts[0] + ", "
        + counts[1] + ", " + counts[9]);
  }

  @Test
  void ranks_withExponentZero_areUniform() {
    int[] counts = new int[10];
    for (int rank : ZipfKeys.ranks(10, 0.0, DRAWS, 7)) {
      counts[rank]++;
    }
    for (int count : counts) {
      assertEquals(DRAWS / 10.0, count, DRAWS / 100.0, Arrays.toString(counts));
    }
  }

  @Test
  void keys_drawTheGivenInstances_andScatterThePopularOnes() {
    Integer[] population = new Integer[POPULATION];
    for (int i = 0; i < POPULATION; i++) {
      population[i] = i + 1_000_000;
    }
    Integer[] keys = ZipfKeys.keys(population, 1.0, DRAWS, 7);
    assertEquals(DRAWS, keys.length);
    Set<Integer> distinct = Arrays.stream(keys).collect(Collectors.toSet());
    assertTrue(population.length >= distinct.size() && distinct.size() > POPULATION / 2,
        distinct.size() + " distinct keys drawn");
    Integer first = keys[0];
    assertSame(population[first - 1_000_000], first, "a key was copied instead of reused");
    int[] counts = new int[POPULATION];
    for (Integer key : keys) {
      counts[key - 1_000_000]++;
    }
    int hottest = 0;
    for (int i = 1; i < POPULATION; i++) {
      hottest = counts[i] > counts[hottest] ? i : hottest;
    }
    assertTrue(hottest != 0, "the most popular key is the first of the population; the keys were not scattered");
  }

  @Test
  void ranks_refuseABadPopulation_namingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ZipfKeys.ranks(0, 1.0, 1, 1));
    assertEquals("population must be at least 1: 0", e.getMessage());
  }
}
