package dev.cachelab.store;

/**
 * Thrown by a {@link Store} whose storage failed (a disk error, a server that does not answer). The cache facade
 * catches it, counts it in {@code storeErrorCount}, logs it at a bounded rate, and carries on as if the entry were
 * absent: a failing store degrades to a miss.
 *
 * <p>A store that its user configured to fail closed (the Redis store's {@code failClosed()}) throws a subclass whose
 * {@link #failClosed()} is {@code true}: the cache still counts it, but rethrows it to the caller of a read or of an
 * explicit write instead of treating it as a miss. Inside a load, a refresh or background work it is a miss all the
 * same, so that no waiter is left without an answer.
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

  /**
   * Returns whether this failure should reach the caller (a fail-closed store) rather than be treated as a miss.
   *
   * @return {@code false} here; {@code true} in a fail-closed store's subclass
   */
  public boolean failClosed() {
    return false;
  }
}
