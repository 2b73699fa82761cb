package dev.cachelab.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Java serialization behind an allow-list. Decoding installs an {@link ObjectInputFilter} on the stream that rejects
 * every class outside the list as soon as its descriptor is read: the class is looked up but neither initialized nor
 * instantiated, so no static initializer, constructor, {@code readObject} or {@code readResolve} of it ever runs. Encoding refuses a value whose graph holds an unlisted class,
 * so what is written can be read. Immutable and thread-safe.
 */
final class JavaSerializationCodec<T> implements Codec<T> {

  private static final int MAX_DEPTH = 100;
  private static final long MAX_REFERENCES = 1_000_000;

  /**
   * JDK value classes every codec accepts: immutable, and their deserialization only sets fields. The values of
   * {@code java.time} are accepted too (they travel as {@code java.time.Ser}, which rebuilds only java.time values).
   */
  private static final Set<String> ALWAYS_ALLOWED = Set.of(
      "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
      "java.lang.Enum");

  private final Class<T> type;
  private final Set<String> allowed;
  private final String description;

  JavaSerializationCodec(Class<T> type, Class<?>... allowedClasses) {
    this.type = Objects.requireNonNull(type, "type");
    Objects.requireNonNull(allowedClasses, "allowed");
    if (allowedClasses.length == 0) {
      throw new IllegalArgumentException("Codec.javaSerialization(" + type.getName() + ".class) needs an allow-list:"
          + " name every class a value may contain, e.g. Codec.javaSerialization(" + type.getSimpleName()
          + ".class, " + type.getSimpleName() + ".class)");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Class<?> c : allowedClasses) {
      Objects.requireNonNull(c, "allowed classes must not contain null");
      if (!c.isPrimitive() && !c.isArray() && !Serializable.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException("Codec.javaSerialization(...) cannot allow " + c.getName()
            + ": it does not implement java.io.Serializable");
      }
      names.add(c.getName());
    }
    this.allowed = Set.copyOf(names);
    this.description = "Codec.javaSerialization(" + type.getName() + ".class, allowing "
        + names.stream().sorted().collect(Collectors.joining(", ")) + ")";
  }

  /** Whether a class may appear in a stream: listed, a JDK value class, primitive, or an array of such. */
  private boolean isAllowed(Class<?> c) {
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c.isPrimitive() || ALWAYS_ALLOWED.contains(c.getName()) || allowed.contains(c.getName())
        || isJavaTimeValue(c);
  }

  /** The values of {@code java.time} itself (Instant, Duration, LocalDate, ZoneOffset, ...), not its sub-packages. */
  private static boolean isJavaTimeValue(Class<?> c) {
    return c.getPackageName().equals("java.time") && c.getModule() == Object.class.getModule();
  }

  @Override
  public byte[] encode(T value) {
    Objects.requireNonNull(value, "value");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CheckingOutputStream out = null;
    try {
      out = new CheckingOutputStream(bytes);
      out.writeObject(value);
      out.close();
    } catch (IOException | RuntimeException e) {
      String why = (out != null && out.refused != null)
          ? "it contains a " + out.refused + ", which is not in the allow-list (decoding would refuse it); add it"
              + " to Codec.javaSerialization(...) if it is a plain value class"
          : e.toString();
      throw new IllegalArgumentException(this + " cannot encode a value of type " + value.getClass().getName()
          + ": " + why, e);
    }
    return bytes.toByteArray();
  }

  /** Refuses, while writing, any object whose class decoding would reject. */
  private final class CheckingOutputStream extends ObjectOutputStream {
    /** The first class refused; the stream then fails (and tries to write the failure, which is refused too). */
    String refused;

    CheckingOutputStream(OutputStream out) throws IOException {
      super(out);
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      if (obj != null && !(obj instanceof Class<?>) && !isAllowed(obj.getClass())) {
        if (refused == null) {
          refused = obj.getClass().getName();
        }
        throw new java.io.NotSerializableException(obj.getClass().getName() + " is not in the allow-list");
      }
      return obj;
    }
  }

  @Override
  public T decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    String[] rejected = new String[1];
    ObjectInputFilter filter = info -> {
      if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.arrayLength() > bytes.length) {
        return ObjectInputFilter.Status.REJECTED;
      }
      Class<?> c = info.serialClass();
      if (c == null) {
        return ObjectInputFilter.Status.UNDECIDED;
      }
      if (isAllowed(c)) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      rejected[0] = c.getName();
      return ObjectInputFilter.Status.REJECTED;
    };
    Object value;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(filter);
      value = in.readObject();
      if (in.read() != -1) {
        throw new CodecException(this + " found bytes after the value");
      }
    } catch (CodecException e) {
      throw e;
    } catch (Exception e) {
      String why = rejected[0] != null
          ? "the bytes name class " + rejected[0] + ", which is not in the allow-list (it was not loaded)"
          : e.toString();
      throw new CodecException(this + " cannot decode " + bytes.length + " bytes: " + why, e);
    }
    if (!type.isInstance(value)) {
      throw new CodecException(this + " decoded " + (value == null ? "null" : "a " + value.getClass().getName())
          + ", not a " + type.getName());
    }
    return type.cast(value);
  }

  @Override
  public String toString() {
    return description;
  }
}
