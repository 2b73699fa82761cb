package dev.cachelab.codec;

import dev.cachelab.internal.OptionalDependency;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * Turns objects into bytes and back, for the stores that keep entries outside the heap (the directory store, the
 * Ehcache store's off-heap and disk tiers). One codec is used for keys and one for values.
 *
 * <p><b>Keys need a canonical codec</b> ({@link #isCanonical()}): equal objects must give equal bytes, in every run
 * of every JVM, because a store finds an entry by the bytes of its key. {@link #string()}, {@link #bytes()} and
 * {@link #canonical(Class...)} are canonical; JSON and Java serialization are not (a {@code HashSet} serializes in
 * its iteration order) and are for values.
 *
 * <p><b>Decoding never trusts the bytes.</b> Bytes that do not decode — random, truncated, written by another codec,
 * or naming a class the codec does not allow — raise {@link CodecException}, the one exception a store catches to
 * turn a bad entry into a miss (it deletes the entry and counts a store error). No codec here instantiates a class
 * that its user did not name: JSON decodes into the declared type only, Java serialization checks every class in the
 * stream against an allow-list before any of its code runs, and the canonical codec builds only the records and enums
 * it was given.
 *
 * <p>The codecs returned by the factories are immutable and thread-safe; an implementation of this interface must be
 * thread-safe too.
 *
 * @param <T> the type of the objects encoded
 */
public interface Codec<T> {

  /**
   * Encodes {@code value} as bytes.
   *
   * @param value the object to encode
   * @return its bytes; the caller may keep them
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if the codec cannot encode this value; the message names its type
   */
  byte[] encode(T value);

  /**
   * Decodes bytes that {@link #encode} produced.
   *
   * @param bytes the bytes
   * @return the object they encode
   * @throws NullPointerException if {@code bytes} is null
   * @throws CodecException if the bytes do not decode to a value of this codec's type
   */
  T decode(byte[] bytes);

  /**
   * Returns whether equal objects always encode to equal bytes, in every run, so that the codec can encode keys.
   *
   * @return {@code true} for a codec that keys may use
   */
  default boolean isCanonical() {
    return false;
  }

  /**
   * A codec for strings, as UTF-8. Canonical.
   *
   * @return the string codec
   */
  static Codec<String> string() {
    return SimpleCodecs.STRING;
  }

  /**
   * A codec for byte arrays, as themselves (copied in both directions). Canonical: arrays with equal contents give
   * equal bytes.
   *
   * @return the byte-array codec
   */
  static Codec<byte[]> bytes() {
    return SimpleCodecs.BYTES;
  }

  /**
   * A canonical codec for keys made of plain values: strings, booleans, numbers ({@code Byte} to {@code Double},
   * {@code BigInteger}, {@code BigDecimal}), characters, {@code UUID}s, arrays of those or of primitives, lists, sets
   * and maps of all of these (sets and maps sorted by the bytes of their elements and keys, so their iteration order
   * does not matter), and the records and enums listed here (records by component, in declaration order; enums by
   * name). It also serves as a safe general-purpose value codec for such values.
   *
   * <p>Decoding gives equal objects, not identical types: a list comes back as an unmodifiable {@code List}, a set
   * as an unmodifiable {@code Set}, a map as an unmodifiable {@code Map}, an {@code Object[]} as an
   * {@code Object[]}. A record or enum type that is not listed is refused when encoding (so a key that was written
   * can always be read back), and bytes naming one are refused when decoding.
   *
   * @param recordAndEnumTypes the record and enum classes that keys may contain
   * @return a canonical codec
   * @throws NullPointerException if a type is null
   * @throws IllegalArgumentException if a type is neither a record nor an enum, or is a record that its module does
   *     not let cachelab read ({@code opens} its package to {@code dev.cachelab.core}, or a public record in an
   *     exported package); the message says what to add
   */
  static Codec<Object> canonical(Class<?>... recordAndEnumTypes) {
    return new CanonicalCodec(recordAndEnumTypes);
  }

  /**
   * A codec that writes JSON with Jackson and reads it back into {@code type} only (no type information in the
   * bytes, no polymorphic typing, so the bytes cannot choose a class). Maps are written with sorted keys and object
   * properties in alphabetical order; the codec is still not canonical, since sets keep their iteration order.
   *
   * <p>Jackson ({@code com.fasterxml.jackson.core:jackson-databind}) is an optional dependency of cache-core: add it
   * to use this codec.
   *
   * @param <T> the value type
   * @param type the class values decode to; records and beans with a default constructor work
   * @return a JSON codec
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalStateException if Jackson is not on the classpath
   */
  static <T> Codec<T> json(Class<T> type) {
    return json((Type) type);
  }

  /**
   * A JSON codec for a generic type, such as {@code List<Point>} given as a {@link java.lang.reflect.ParameterizedType}.
   * See {@link #json(Class)}.
   *
   * @param <T> the value type
   * @param type the type values decode to
   * @return a JSON codec
   * @throws NullPointerException if {@code type} is null
   * @throws IllegalStateException if Jackson is not on the classpath
   */
  static <T> Codec<T> json(Type type) {
    Objects.requireNonNull(type, "type");
    OptionalDependency.require("com.fasterxml.jackson.databind.ObjectMapper", "Codec.json(" + typeName(type) + ")",
        "com.fasterxml.jackson.core:jackson-databind (2.21.3 is the version cachelab is tested with)",
        "com.fasterxml.jackson.databind", "or use Codec.canonical(...) or Codec.javaSerialization(...)");
    return new JsonCodec<>(type);
  }

  /**
   * A codec that uses Java serialization, with an allow-list: decoding accepts only the classes listed here (exactly
   * those, not their subclasses), arrays of them, and a fixed set of JDK value types — {@code String}, the boxed
   * primitives and {@code Number}, {@code Enum}, primitive arrays, and the {@code java.time} values. Every class named
   * in the bytes is checked by an {@link java.io.ObjectInputFilter} as soon as its descriptor is read, before it is
   * initialized or instantiated, so a gadget class outside the list never runs its {@code readObject}. Encoding checks the same list, so a value that
   * could not be read back is refused when it is written, not discovered later as a miss.
   *
   * <p>Security: Java serialization of untrusted bytes has a long history of remote code execution through
   * "gadget" classes. Only list classes you wrote or know to be inert values; never list collections or classes
   * whose {@code readObject}, {@code readResolve} or {@code hashCode} does more than set fields. The filter also bounds
   * the graph depth (100), the references (1,000,000) and array lengths (the byte count).
   *
   * @param <T> the value type
   * @param type the type of the values; decoding checks the result is one
   * @param allowed every class that may appear in a value's object graph (include {@code type} itself if concrete,
   *     and each collection class you use, such as {@code java.util.ArrayList})
   * @return a Java-serialization codec
   * @throws NullPointerException if {@code type} or an allowed class is null
   * @throws IllegalArgumentException if {@code allowed} is empty, or names a class that is not serializable
   */
  static <T> Codec<T> javaSerialization(Class<T> type, Class<?>... allowed) {
    return new JavaSerializationCodec<>(type, allowed);
  }

  private static String typeName(Type type) {
    return type instanceof Class<?> c ? c.getSimpleName() + ".class" : type.getTypeName();
  }
}
