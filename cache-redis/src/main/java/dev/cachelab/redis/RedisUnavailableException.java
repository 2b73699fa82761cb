package dev.cachelab.redis;

import dev.cachelab.store.StoreException;

/**
 * Thrown to the caller of a cache whose Redis store is {@linkplain RedisStoreFactory#failClosed() fail-closed} when
 * Redis cannot be used: it did not answer within the timeout, the connection broke, or the circuit breaker is open.
 * The cache counts it and rethrows it from reads ({@code get}, {@code getIfPresent}, {@code getAll}, …) and explicit
 * writes ({@code put}, {@code invalidate}); inside a load or a refresh it is a miss, so that no waiter is stranded.
 * A fail-open store (the default) never throws it: the cache counts the failure and treats the call as a miss.
 *
 * <p>The message names the operation and the cache's key prefix, never a password.
 */
public class RedisUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a Redis call that could not be made or did not complete.
   *
   * @param message what failed
   * @param cause the client's exception, or {@code null} when the circuit breaker refused the call
   */
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Always: this is the failure a fail-closed store shows its caller. */
  @Override
  public boolean failClosed() {
    return true;
  }
}
