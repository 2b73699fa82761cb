package dev.cachelab.codec;

import dev.cachelab.internal.ModuleAccess;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A tagged binary encoding in which equal values give equal bytes: every value is a one-byte tag and a payload of
 * fixed width or with a length in front; sets and maps are written sorted by the bytes of their elements and keys;
 * records are written as their class name and components. Strings are UTF-8, or their UTF-16 chars when they hold a
 * lone surrogate (which UTF-8 cannot carry without loss). Floating-point values are written by their canonical bits, as
 * {@code Double.equals} compares them.
 *
 * <p>Format (version 1): {@code 0x01}, then one value. A value is a tag, then: nothing (null, true, false); the
 * big-endian bytes of a byte, short, char, int, long, float or double; an {@code int} length and that many bytes
 * (strings, {@code BigInteger}s, byte arrays); an {@code int} count and that many values or elements (lists, sets,
 * arrays, maps as key, value, key, value ...); a class name and a constant name (enums); a class name, a count and
 * the components (records).
 *
 * <p>Immutable and thread-safe.
 */
final class CanonicalCodec implements Codec<Object> {

  private static final byte FORMAT = 1;
  private static final int MAX_DEPTH = 100;

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte STRING_UTF16 = 2;
  private static final byte TRUE = 3;
  private static final byte FALSE = 4;
  private static final byte BYTE = 5;
  private static final byte SHORT = 6;
  private static final byte CHAR = 7;
  private static final byte INT = 8;
  private static final byte LONG = 9;
  private static final byte FLOAT = 10;
  private static final byte DOUBLE = 11;
  private static final byte BIG_INTEGER = 12;
  private static final byte BIG_DECIMAL = 13;
  private static final byte UUID_TAG = 14;
  private static final byte BYTE_ARRAY = 15;
  private static final byte PRIMITIVE_ARRAY = 16;
  private static final byte OBJECT_ARRAY = 17;
  private static final byte LIST = 18;
  private static final byte SET = 19;
  private static final byte MAP = 20;
  private static final byte ENUM = 21;
  private static final byte RECORD = 22;

  /** Element types an {@code Object[]} may declare, besides the listed records and enums. */
  private static final Map<String, Class<?>> ARRAY_COMPONENTS = Map.ofEntries(
      Map.entry("java.lang.Object", Object.class), Map.entry("java.lang.String", String.class),
      Map.entry("java.lang.Boolean", Boolean.class), Map.entry("java.lang.Byte", Byte.class),
      Map.entry("java.lang.Short", Short.class), Map.entry("java.lang.Character", Character.class),
      Map.entry("java.lang.Integer", Integer.class), Map.entry("java.lang.Long", Long.class),
      Map.entry("java.lang.Float", Float.class), Map.entry("java.lang.Double", Double.class),
      Map.entry("java.lang.Number", Number.class), Map.entry("java.math.BigInteger", BigInteger.class),
      Map.entry("java.math.BigDecimal", BigDecimal.class), Map.entry("java.util.UUID", UUID.class),
      Map.entry("boolean", boolean.class), Map.entry("short", short.class), Map.entry("char", char.class),
      Map.entry("int", int.class), Map.entry("long", long.class), Map.entry("float", float.class),
      Map.entry("double", double.class));

  private final Map<String, Class<?>> types;
  private final String description;

  CanonicalCodec(Class<?>... recordAndEnumTypes) {
    Objects.requireNonNull(recordAndEnumTypes, "recordAndEnumTypes");
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> type : recordAndEnumTypes) {
      Objects.requireNonNull(type, "recordAndEnumTypes must not contain null");
      if (!type.isRecord() && !type.isEnum()) {
        throw new IllegalArgumentException("Codec.canonical(...) takes record and enum classes, not "
            + type.getName() + "; a key of another class cannot be encoded canonically");
      }
      if (type.isRecord()) {
        ModuleAccess.requireOpenOrPublic(type, "Codec.canonical(" + type.getSimpleName() + ".class)",
            "reads and rebuilds record " + type.getName() + " by reflection");
      }
      byName.put(type.getName(), type);
    }
    this.types = Map.copyOf(byName);
    this.description = "Codec.canonical(" + byName.keySet().stream().map(n -> n + ".class")
        .collect(Collectors.joining(", ")) + ")";
  }

  @Override
  public boolean isCanonical() {
    return true;
  }

  @Override
  public String toString() {
    return description;
  }

  // ---- encoding ---------------------------------------------------------------------------------------------

  @Override
  public byte[] encode(Object value) {
    Objects.requireNonNull(value, "value");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeByte(FORMAT);
      write(out, value, 0, value);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  private void write(DataOutputStream out, Object value, int depth, Object root) throws IOException {
    if (depth > MAX_DEPTH) {
      throw refuse(root, "it nests deeper than " + MAX_DEPTH + " levels (or contains itself)");
    }
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (value instanceof Byte b) {
      out.writeByte(BYTE);
      out.writeByte(b);
    } else if (value instanceof Short s) {
      out.writeByte(SHORT);
      out.writeShort(s);
    } else if (value instanceof Character c) {
      out.writeByte(CHAR);
      out.writeChar(c);
    } else if (value instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeInt(Float.floatToIntBits(f));
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeLong(Double.doubleToLongBits(d));
    } else if (value instanceof BigInteger i) {
      out.writeByte(BIG_INTEGER);
      writeBytes(out, i.toByteArray());
    } else if (value instanceof BigDecimal d) {
      out.writeByte(BIG_DECIMAL);
      out.writeInt(d.scale());
      writeBytes(out, d.unscaledValue().toByteArray());
    } else if (value instanceof UUID u) {
      out.writeByte(UUID_TAG);
      out.writeLong(u.getMostSignificantBits());
      out.writeLong(u.getLeastSignificantBits());
    } else if (value instanceof byte[] b) {
      out.writeByte(BYTE_ARRAY);
      writeBytes(out, b);
    } else if (value.getClass().isArray()) {
      writeArray(out, value, depth, root);
    } else if (value instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object element : list) {
        write(out, element, depth + 1, root);
      }
    } else if (value instanceof Set<?> set) {
      out.writeByte(SET);
      writeSorted(out, encodeAll(set, depth, root));
    } else if (value instanceof Map<?, ?> map) {
      out.writeByte(MAP);
      List<byte[][]> entries = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        entries.add(new byte[][] {encodePart(entry.getKey(), depth, root), encodePart(entry.getValue(), depth, root)});
      }
      entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
      out.writeInt(entries.size());
      for (byte[][] entry : entries) {
        out.write(entry[0]);
        out.write(entry[1]);
      }
    } else if (value instanceof Enum<?> e) {
      Class<?> type = e.getDeclaringClass();
      requireListed(type, root);
      out.writeByte(ENUM);
      writeUtf8(out, type.getName());
      writeUtf8(out, e.name());
    } else if (value.getClass().isRecord()) {
      writeRecord(out, value, depth, root);
    } else {
      throw refuse(root, "it contains a " + value.getClass().getName() + ", which has no canonical form; keys may "
          + "hold strings, numbers, booleans, characters, UUIDs, arrays, lists, sets, maps, and listed records and "
          + "enums");
    }
  }

  private void writeArray(DataOutputStream out, Object array, int depth, Object root) throws IOException {
    Class<?> component = array.getClass().getComponentType();
    int length = Array.getLength(array);
    if (component.isPrimitive()) {
      out.writeByte(PRIMITIVE_ARRAY);
      writeUtf8(out, component.getName());
      out.writeInt(length);
      for (int i = 0; i < length; i++) {
        write(out, Array.get(array, i), depth + 1, root);
      }
      return;
    }
    if (!ARRAY_COMPONENTS.containsKey(component.getName()) && !types.containsKey(component.getName())) {
      throw refuse(root, "it contains an array of " + component.getName() + "; arrays of strings, boxed numbers, "
          + "Object and listed records and enums are supported");
    }
    out.writeByte(OBJECT_ARRAY);
    writeUtf8(out, component.getName());
    out.writeInt(length);
    for (int i = 0; i < length; i++) {
      write(out, Array.get(array, i), depth + 1, root);
    }
  }

  private void writeRecord(DataOutputStream out, Object record, int depth, Object root) throws IOException {
    Class<?> type = record.getClass();
    requireListed(type, root);
    RecordComponent[] components = type.getRecordComponents();
    out.writeByte(RECORD);
    writeUtf8(out, type.getName());
    out.writeInt(components.length);
    for (RecordComponent component : components) {
      Object part;
      try {
        var accessor = component.getAccessor();
        accessor.setAccessible(true);
        part = accessor.invoke(record);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalArgumentException(this + " cannot read component " + component.getName() + " of "
            + type.getName() + ": " + e, e);
      }
      write(out, part, depth + 1, root);
    }
  }

  private void requireListed(Class<?> type, Object root) {
    if (!types.containsKey(type.getName())) {
      throw refuse(root, "it contains a " + type.getName() + ", which is not listed; list it: Codec.canonical("
          + type.getSimpleName() + ".class)");
    }
  }

  private byte[] encodePart(Object value, int depth, Object root) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    write(out, value, depth + 1, root);
    out.flush();
    return bytes.toByteArray();
  }

  private List<byte[]> encodeAll(Collection<?> values, int depth, Object root) throws IOException {
    List<byte[]> encoded = new ArrayList<>(values.size());
    for (Object value : values) {
      encoded.add(encodePart(value, depth, root));
    }
    return encoded;
  }

  private static void writeSorted(DataOutputStream out, List<byte[]> parts) throws IOException {
    parts.sort(Arrays::compareUnsigned);
    out.writeInt(parts.size());
    for (byte[] part : parts) {
      out.write(part);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    try {
      ByteBuffer utf8 = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(java.nio.CharBuffer.wrap(s));
      out.writeByte(STRING);
      byte[] bytes = new byte[utf8.remaining()];
      utf8.get(bytes);
      writeBytes(out, bytes);
    } catch (CharacterCodingException loneSurrogate) {
      // Every char as its two bytes: lossless, where UTF-8 and Java's UTF-16 encoder replace a lone surrogate.
      out.writeByte(STRING_UTF16);
      out.writeInt(s.length() * 2);
      out.writeChars(s);
    }
  }

  private static void writeUtf8(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private IllegalArgumentException refuse(Object root, String why) {
    return new IllegalArgumentException(this + " cannot encode a value of type " + root.getClass().getName()
        + ": " + why);
  }

  // ---- decoding ---------------------------------------------------------------------------------------------

  @Override
  public Object decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Reader in = new Reader(bytes);
    try {
      if (in.readByte() != FORMAT) {
        throw in.corrupt("unknown format version");
      }
      Object value = read(in, 0);
      if (in.position != bytes.length) {
        throw in.corrupt("bytes left after the value");
      }
      if (value == null) {
        throw in.corrupt("a null value");
      }
      return value;
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException(this + " cannot decode " + bytes.length + " bytes: " + e, e);
    }
  }

  private Object read(Reader in, int depth) {
    if (depth > MAX_DEPTH) {
      throw in.corrupt("nested deeper than " + MAX_DEPTH + " levels");
    }
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case STRING:
        return in.readUtf8();
      case STRING_UTF16: {
        byte[] utf16 = in.readBytes();
        char[] chars = new char[utf16.length / 2];
        ByteBuffer.wrap(utf16).asCharBuffer().get(chars);
        return new String(chars);
      }
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case BYTE:
        return in.readByte();
      case SHORT:
        return in.buffer(2).getShort();
      case CHAR:
        return in.buffer(2).getChar();
      case INT:
        return in.buffer(4).getInt();
      case LONG:
        return in.buffer(8).getLong();
      case FLOAT:
        return Float.intBitsToFloat(in.buffer(4).getInt());
      case DOUBLE:
        return Double.longBitsToDouble(in.buffer(8).getLong());
      case BIG_INTEGER:
        return new BigInteger(in.readBytes());
      case BIG_DECIMAL: {
        int scale = in.buffer(4).getInt();
        return new BigDecimal(new BigInteger(in.readBytes()), scale);
      }
      case UUID_TAG: {
        ByteBuffer b = in.buffer(16);
        return new UUID(b.getLong(), b.getLong());
      }
      case BYTE_ARRAY:
        return in.readBytes();
      case PRIMITIVE_ARRAY:
      case OBJECT_ARRAY:
        return readArray(in, depth);
      case LIST: {
        int count = in.readCount();
        List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          list.add(read(in, depth + 1));
        }
        return Collections.unmodifiableList(list);
      }
      case SET: {
        int count = in.readCount();
        Set<Object> set = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
          set.add(read(in, depth + 1));
        }
        return Collections.unmodifiableSet(set);
      }
      case MAP: {
        int count = in.readCount();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          Object key = read(in, depth + 1);
          map.put(key, read(in, depth + 1));
        }
        return Collections.unmodifiableMap(map);
      }
      case ENUM:
        return readEnum(in);
      case RECORD:
        return readRecord(in, depth);
      default:
        throw in.corrupt("unknown tag " + tag);
    }
  }

  private Object readArray(Reader in, int depth) {
    String componentName = in.readUtf8();
    Class<?> component = ARRAY_COMPONENTS.containsKey(componentName)
        ? ARRAY_COMPONENTS.get(componentName) : types.get(componentName);
    if (component == null) {
      throw in.corrupt("an array of " + componentName + ", which is not allowed");
    }
    int length = in.readCount();
    Object array = Array.newInstance(component, length);
    for (int i = 0; i < length; i++) {
      Object element = read(in, depth + 1);
      try {
        Array.set(array, i, element);
      } catch (IllegalArgumentException e) {
        throw in.corrupt("an element of an array of " + componentName + " is a "
            + (element == null ? "null" : element.getClass().getName()));
      }
    }
    return array;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object readEnum(Reader in) {
    String typeName = in.readUtf8();
    Class<?> type = types.get(typeName);
    if (type == null || !type.isEnum()) {
      throw in.corrupt("enum " + typeName + ", which is not listed");
    }
    String name = in.readUtf8();
    try {
      return Enum.valueOf((Class) type, name);
    } catch (IllegalArgumentException e) {
      throw in.corrupt("enum " + typeName + " has no constant " + name);
    }
  }

  private Object readRecord(Reader in, int depth) {
    String typeName = in.readUtf8();
    Class<?> type = types.get(typeName);
    if (type == null || !type.isRecord()) {
      throw in.corrupt("record " + typeName + ", which is not listed");
    }
    RecordComponent[] components = type.getRecordComponents();
    int count = in.readCount();
    if (count != components.length) {
      throw in.corrupt("record " + typeName + " with " + count + " components; the class has " + components.length);
    }
    Object[] parts = new Object[count];
    Class<?>[] partTypes = new Class<?>[count];
    for (int i = 0; i < count; i++) {
      parts[i] = read(in, depth + 1);
      partTypes[i] = components[i].getType();
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(partTypes);
      constructor.setAccessible(true);
      return constructor.newInstance(parts);
    } catch (InvocationTargetException e) {
      throw new CodecException(this + " cannot rebuild a " + typeName + ": its constructor threw "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new CodecException(this + " cannot rebuild a " + typeName + " from its components: " + e, e);
    }
  }

  /** Reads the bytes with bounds checks, so that a wrong length is a {@link CodecException}, not a huge array. */
  private final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    byte readByte() {
      return buffer(1).get();
    }

    ByteBuffer buffer(int length) {
      if (length < 0 || length > bytes.length - position) {
        throw corrupt("truncated");
      }
      ByteBuffer view = ByteBuffer.wrap(bytes, position, length);
      position += length;
      return view;
    }

    /** Reads a count of following items, each at least one byte long, so it cannot exceed what is left. */
    int readCount() {
      int count = buffer(4).getInt();
      if (count < 0 || count > bytes.length - position) {
        throw corrupt("a count of " + count + " with " + (bytes.length - position) + " bytes left");
      }
      return count;
    }

    byte[] readBytes() {
      int length = buffer(4).getInt();
      ByteBuffer view = buffer(length);
      byte[] copy = new byte[length];
      view.get(copy);
      return copy;
    }

    String readUtf8() {
      byte[] utf8 = readBytes();
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(utf8))
            .toString();
      } catch (CharacterCodingException e) {
        throw corrupt("a string that is not UTF-8");
      }
    }

    CodecException corrupt(String what) {
      return new CodecException(CanonicalCodec.this + " cannot decode " + bytes.length + " bytes: " + what
          + " at byte " + position);
    }
  }
}
