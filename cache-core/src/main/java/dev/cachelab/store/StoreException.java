package dev.cachelab.store;

/**
 * Thrown by a {@link Store} whose storage failed (a disk error, a server that does not answer). The cache facade
 * catches it, counts it in {@code storeErrorCount}, logs it at a bounded rate, and carries on as if the entry were
 * absent: a failing store degrades to a miss.
 */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failed store operation.
   *
   * @param message what failed, naming the store
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
