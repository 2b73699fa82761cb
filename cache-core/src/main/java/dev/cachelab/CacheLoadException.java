package dev.cachelab;

/**
 * Thrown when a cache could not produce a value because its loader failed, or because the caller was interrupted
 * while it waited for another thread's load. The loader's exception is the {@linkplain #getCause() cause}.
 *
 * <p>Every caller that waited on the same failed load receives its own {@code CacheLoadException} with the same
 * cause. Nothing is cached for a failed load: the next request loads again.
 */
public class CacheLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failed load.
   *
   * @param message what was being loaded
   * @param cause the loader's failure
   */
  public CacheLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
