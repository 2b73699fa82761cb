package dev.cachelab.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalCodecTest {

  record Point(int x, int y) {}

  record Query(String region, Set<String> tags, Color color) {}

  enum Color { RED, GREEN }

  private final Codec<Object> codec = Codec.canonical(Point.class, Query.class, Color.class);

  @Test
  void equalSetsAndMaps_giveEqualBytes_whateverTheirIterationOrder() {
    Set<String> hashSet = new HashSet<>(List.of("pear", "apple", "fig", "banana"));
    Set<String> reversed = new LinkedHashSet<>(new TreeSet<>(hashSet).descendingSet());
    assertArrayEquals(codec.encode(hashSet), codec.encode(reversed));
    assertArrayEquals(codec.encode(hashSet), codec.encode(Set.of("fig", "banana", "pear", "apple")));

    Map<String, Integer> inserted = new LinkedHashMap<>();
    inserted.put("z", 1);
    inserted.put("a", 2);
    assertArrayEquals(codec.encode(inserted), codec.encode(new TreeMap<>(inserted)));
    assertArrayEquals(codec.encode(new HashMap<>(inserted)), codec.encode(Map.of("a", 2, "z", 1)));
  }

  @Test
  void recordsAreEncodedByComponent_equalRecordsEqualBytes() {
    Query a = new Query("eu", new HashSet<>(List.of("x", "y")), Color.RED);
    Query b = new Query("eu", new TreeSet<>(List.of("y", "x")), Color.RED);
    assertArrayEquals(codec.encode(a), codec.encode(b));
    assertFalse(Arrays.equals(codec.encode(a), codec.encode(new Query("eu", Set.of("x"), Color.RED))));
  }

  @Test
  void differentTypesWithEqualDigits_areDifferentKeys() {
    assertNotEquals(HexFormat.of().formatHex(codec.encode(1)), HexFormat.of().formatHex(codec.encode(1L)));
    assertNotEquals(HexFormat.of().formatHex(codec.encode("1")), HexFormat.of().formatHex(codec.encode(1)));
    assertNotEquals(HexFormat.of().formatHex(codec.encode(List.of("a", "b"))),
        HexFormat.of().formatHex(codec.encode(List.of("ab"))));
  }

  @Test
  void theBytesAreFixedByTheFormat_soEveryRunAndEveryJvmAgrees() {
    // Golden bytes: a change here breaks every persistent store written before it.
    String name = Point.class.getName();
    assertEquals("01" + "16" + String.format("%08x", name.length()) + HexFormat.of().formatHex(name.getBytes())
            + "00000002" + "0800000003" + "08fffffffe",
        HexFormat.of().formatHex(codec.encode(new Point(3, -2))));
    assertEquals("01" + "13" + "00000002" + "0100000001" + "61" + "0100000001" + "62",
        HexFormat.of().formatHex(codec.encode(new HashSet<>(List.of("b", "a")))));
  }

  @Test
  void decode_givesBackEqualValues() {
    List<Object> values = List.of("héllo", "lone \uD800 surrogate", true, (byte) 7, (short) -3, 'x', 42, 42L, 1.5f,
        -0.0d, Double.NaN, new BigInteger("123456789012345678901234567890"), new BigDecimal("1.50"),
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), List.of(1, "two", List.of(3.0)),
        Set.of("a", "b"), Map.of("k", List.of(1, 2)), new Point(1, 2), Color.GREEN,
        new Query("us", Set.of("t"), Color.RED));
    for (Object value : values) {
      assertEquals(value, codec.decode(codec.encode(value)), () -> "round trip of " + value);
    }
    assertArrayEquals(new int[] {1, 2, 3}, (int[]) codec.decode(codec.encode(new int[] {1, 2, 3})));
    assertArrayEquals(new String[] {"a", null}, (String[]) codec.decode(codec.encode(new String[] {"a", null})));
    assertArrayEquals(new byte[] {9, 8}, (byte[]) codec.decode(codec.encode(new byte[] {9, 8})));
    assertArrayEquals(codec.encode(new int[] {1, 2}), codec.encode(new int[] {1, 2}), "arrays by content");
  }

  @Test
  void stringsThatDifferOnlyInALoneSurrogate_areDifferentKeys() {
    assertFalse(Arrays.equals(codec.encode("a\uD800"), codec.encode("a?")));
  }

  @Test
  void aTypeWithoutCanonicalForm_isRefusedWithItsNameAndWhatIsSupported() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(List.of(new StringBuilder("x"))));
    assertTrue(thrown.getMessage().contains("java.lang.StringBuilder"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("records"), thrown.getMessage());
  }

  @Test
  void anUnlistedRecord_isRefusedAndTheMessageSaysHowToListIt() {
    record Unlisted(int a) {}
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> Codec.canonical().encode(new Unlisted(1)));
    assertTrue(thrown.getMessage().contains("Codec.canonical(Unlisted.class)"), thrown.getMessage());
  }

  @Test
  void aListThatContainsItself_isRefusedNotAStackOverflow() {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertThrows(IllegalArgumentException.class, () -> codec.encode(loop));
  }

  @Test
  void onlyRecordsAndEnumsCanBeListed() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> Codec.canonical(String.class));
    assertTrue(thrown.getMessage().contains("java.lang.String"), thrown.getMessage());
  }

  @Test
  void randomTruncatedAndForeignBytes_raiseCodecException() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      byte[] junk = new byte[random.nextInt(40)];
      random.nextBytes(junk);
      try {
        codec.decode(junk);
      } catch (CodecException expected) {
        // the one exception a store expects
      }
    }
    byte[] good = codec.encode(new Query("eu", Set.of("a"), Color.RED));
    for (int length = 0; length < good.length; length++) {
      byte[] truncated = Arrays.copyOf(good, length);
      assertThrows(CodecException.class, () -> codec.decode(truncated), "truncated to " + length);
    }
    byte[] recordOfAnotherCodec = Codec.canonical(Point.class).encode(new Point(1, 1));
    assertThrows(CodecException.class, () -> Codec.canonical().decode(recordOfAnotherCodec),
        "a record the decoding codec does not list is not built");
  }

  @Test
  void isCanonical() {
    assertTrue(codec.isCanonical());
    assertTrue(Codec.string().isCanonical());
    assertTrue(Codec.bytes().isCanonical());
  }
}
