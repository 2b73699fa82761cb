package dev.cachelab.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JavaSerializationCodecTest {

  record Order(String id, int quantity, Instant placed, Duration window) implements Serializable {}

  record Box(Object content) implements Serializable {}

  /** A gadget stand-in: deserializing it runs code. The codec must never let that happen. */
  static final class Planted implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean readObjectRan;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      readObjectRan = true;
      in.defaultReadObject();
    }
  }

  @BeforeEach
  void resetFlag() {
    Planted.readObjectRan = false;
  }

  @Test
  void roundTripsAnAllowedValue_withJdkValueTypesInside() {
    Codec<Order> codec = Codec.javaSerialization(Order.class, Order.class);
    Order order = new Order("o-1", 3, Instant.parse("2024-05-01T10:00:00Z"), Duration.ofMinutes(5));
    assertEquals(order, codec.decode(codec.encode(order)));
  }

  @Test
  void aPlantedClassOutsideTheAllowList_isNeverDeserialized_norItsReadObjectRun() throws IOException {
    Codec<Order> codec = Codec.javaSerialization(Order.class, Order.class);
    CodecException thrown = assertThrows(CodecException.class, () -> codec.decode(plainSerialize(new Planted())));
    assertTrue(thrown.getMessage().contains(Planted.class.getName()), thrown.getMessage());
    assertFalse(Planted.readObjectRan, "the planted readObject ran");

    // Hidden inside an allowed class, too.
    Codec<Box> boxes = Codec.javaSerialization(Box.class, Box.class);
    assertThrows(CodecException.class, () -> boxes.decode(plainSerialize(new Box(new Planted()))));
    assertFalse(Planted.readObjectRan, "the planted readObject ran inside an allowed box");
    assertEquals(new Box(7), boxes.decode(boxes.encode(new Box(7))), "the box itself is fine");

    // Allowing it is the user's explicit choice: then (and only then) it runs.
    Codec<Planted> trusting = Codec.javaSerialization(Planted.class, Planted.class);
    trusting.decode(plainSerialize(new Planted()));
    assertTrue(Planted.readObjectRan);
  }

  @Test
  void aValueOfTheWrongDeclaredType_isACodecException() throws IOException {
    Codec<Order> codec = Codec.javaSerialization(Order.class, Order.class, Box.class);
    CodecException thrown = assertThrows(CodecException.class, () -> codec.decode(plainSerialize(new Box(1))));
    assertTrue(thrown.getMessage().contains("not a " + Order.class.getName()), thrown.getMessage());
  }

  @Test
  void encoding_refusesAValueThatCouldNotBeReadBack_namingItsType() {
    Codec<Box> codec = Codec.javaSerialization(Box.class, Box.class);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new Box(new ArrayList<>(List.of(1)))));
    assertTrue(thrown.getMessage().contains("java.util.ArrayList"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains(Box.class.getName()), thrown.getMessage());
  }

  @Test
  void noAllowList_noCodec() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> Codec.javaSerialization(Order.class));
    assertTrue(thrown.getMessage().contains("allow-list"), thrown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Codec.javaSerialization(Object.class, Object.class),
        "a class that is not Serializable cannot be allowed");
  }

  @Test
  void randomAndTruncatedBytes_raiseCodecException() {
    Codec<Order> codec = Codec.javaSerialization(Order.class, Order.class);
    byte[] good = codec.encode(new Order("o", 1, Instant.EPOCH, Duration.ZERO));
    for (int length = 0; length < good.length; length += 7) {
      byte[] truncated = Arrays.copyOf(good, length);
      assertThrows(CodecException.class, () -> codec.decode(truncated));
    }
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      assertThrows(CodecException.class, () -> codec.decode(junk));
    }
  }

  @Test
  void anArrayClaimingMoreElementsThanTheBytesHold_isRejectedBeforeItIsAllocated() throws IOException {
    Codec<long[]> codec = Codec.javaSerialization(long[].class, long[].class);
    byte[] bytes = plainSerialize(new long[4]);
    // The length is the int right before the four 8-byte elements at the end.
    int lengthAt = bytes.length - 4 * 8 - 4;
    bytes[lengthAt] = 0x7f;
    assertThrows(CodecException.class, () -> codec.decode(bytes));
  }

  private static byte[] plainSerialize(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }
}
