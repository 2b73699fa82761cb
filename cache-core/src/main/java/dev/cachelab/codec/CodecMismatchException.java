package dev.cachelab.codec;

/**
 * Thrown by a store whose codec cannot encode a key or value it was given: the codec does not fit the cache's types
 * (a {@code Codec.string()} for {@code Integer} keys, the default canonical codec for a plain class, Java
 * serialization for a class it does not allow). That is a programming error, not a failing store: retrying cannot
 * help, so the cache does not count it as a store error and serve a miss (as it does for a disk or a server that
 * fails); it reaches the caller of the write, on its first occurrence, with a message that names the cache, the store,
 * the key or value, and the codec to use instead.
 */
public class CodecMismatchException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final boolean key;

  /**
   * Creates an exception for a key or value the codec cannot encode.
   *
   * @param message what could not be encoded, where, and what to do
   * @param key whether a key (rather than a value) could not be encoded
   * @param cause the codec's own exception
   */
  public CodecMismatchException(String message, boolean key, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /**
   * Returns whether it was a key, rather than a value, that the codec could not encode.
   *
   * @return {@code true} for a key
   */
  public boolean isKey() {
    return key;
  }

  /**
   * Builds the exception for a codec that failed to encode a key or a value of a cache's store.
   *
   * @param cacheName the cache's name
   * @param store the store, as its user writes it
   * @param role {@code "key"} or {@code "value"}
   * @param codec the codec that failed
   * @param offending the key or value
   * @param cause the codec's exception: an {@link IllegalArgumentException} naming the type, or the
   *     {@link ClassCastException} of a codec declared for another type
   * @return the exception to throw
   */
  public static CodecMismatchException of(String cacheName, Object store, String role, Codec<?> codec,
      Object offending, RuntimeException cause) {
    String type = offending.getClass().getName();
    String simple = offending.getClass().getSimpleName();
    String suggestion = role.equals("key")
        ? "keyCodec(Codec.canonical(" + simple + ".class)) for a record or enum key, or Codec.string() for strings"
        : "valueCodec(Codec.json(" + simple + ".class)), or valueCodec(Codec.javaSerialization(" + simple
            + ".class)) for a Serializable class";
    String why = (cause instanceof ClassCastException)
        ? "the codec is for another type (" + cause.getMessage() + ")"
        : cause.getMessage();
    return new CodecMismatchException("cache '" + cacheName + "' on " + store + ": the " + role + " codec " + codec
        + " cannot encode the " + role + " " + offending + " of type " + type + ": " + why + "; give the store a "
        + role + " codec for that type, for example " + suggestion, role.equals("key"), cause);
  }
}
