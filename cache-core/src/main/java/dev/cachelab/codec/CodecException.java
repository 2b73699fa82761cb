package dev.cachelab.codec;

/**
 * Thrown when bytes do not decode: they are random or truncated, were written by another codec or format version,
 * or name a class the codec does not allow. A store that meets it treats the entry as a miss, deletes it, and counts a
 * store error; it never reaches the caller of a cache.
 */
public class CodecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for bytes that did not decode.
   *
   * @param message what could not be decoded and why
   * @param cause the underlying failure, or {@code null}
   */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception for bytes that did not decode.
   *
   * @param message what could not be decoded and why
   */
  public CodecException(String message) {
    super(message);
  }
}
