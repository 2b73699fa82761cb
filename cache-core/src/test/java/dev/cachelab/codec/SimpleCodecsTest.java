package dev.cachelab.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SimpleCodecsTest {

  @Test
  void string_isUtf8_andRefusesBytesThatAreNot() {
    assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9}, Codec.string().encode("é"));
    assertEquals("é", Codec.string().decode(new byte[] {(byte) 0xc3, (byte) 0xa9}));
    assertThrows(CodecException.class, () -> Codec.string().decode(new byte[] {(byte) 0xff, (byte) 0xfe}));
  }

  @Test
  void bytes_copiesInBothDirections() {
    byte[] original = {1, 2, 3};
    byte[] encoded = Codec.bytes().encode(original);
    assertArrayEquals(original, encoded);
    assertNotSame(original, encoded);
    assertNotSame(encoded, Codec.bytes().decode(encoded));
  }

  @Test
  void nullsAreRefusedNamingTheParameter() {
    assertEquals("value", assertThrows(NullPointerException.class, () -> Codec.string().encode(null)).getMessage());
    assertEquals("bytes", assertThrows(NullPointerException.class, () -> Codec.bytes().decode(null)).getMessage());
  }
}
