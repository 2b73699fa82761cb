package dev.cachelab.redis;

import dev.cachelab.store.StoreException;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The boundary between the store and Jedis: every Redis call goes through {@link #call}, which asks the
 * {@link CircuitBreaker} first, tells it how the call went, and translates Jedis's exceptions.
 *
 * <ul>
 *   <li>No answer (a timeout, a broken or refused connection, a Cluster with no node for a slot, a server that is
 *       loading, busy or whose cluster is down) is a failure for the breaker and, by default, a
 *       {@link StoreException}: the cache counts it and treats the call as a miss. Fail-closed, it is a
 *       {@link RedisUnavailableException} that reaches the caller.</li>
 *   <li>An error reply (out of memory under {@code noeviction}, no permission for an ACL user) proves the server is
 *       there: a success for the breaker, and a {@link StoreException} — a counted miss — in both modes.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class RedisGuard {

  private final CircuitBreaker breaker;
  private final boolean failClosed;
  private final String label;

  RedisGuard(CircuitBreaker breaker, boolean failClosed, String label) {
    this.breaker = breaker;
    this.failClosed = failClosed;
    this.label = label;
  }

  /** Runs one Redis call (or one pipeline) for {@code operation}, e.g. {@code "get"}. */
  <T> T call(String operation, Supplier<T> command) {
    if (!breaker.allow()) {
      throw unavailable(label + ": " + operation + " skipped: the circuit breaker is open after repeated Redis "
          + "failures", null);
    }
    try {
      T result = command.get();
      breaker.success();
      return result;
    } catch (JedisConnectionException e) {
      breaker.failure();
      throw unavailable(label + ": " + operation + " failed: Redis did not answer (" + e.getMessage() + ")", e);
    } catch (JedisDataException e) {
      if (isUnavailableReply(e)) {
        breaker.failure();
        throw unavailable(label + ": " + operation + " failed: Redis cannot serve it now (" + e.getMessage() + ")",
            e);
      }
      breaker.success();
      throw new StoreException(label + ": " + operation + " failed: Redis answered " + e.getMessage(), e);
    } catch (JedisException e) {
      // JedisClusterOperationException (no reachable node for the slot, too many redirections) and the rest
      breaker.failure();
      throw unavailable(label + ": " + operation + " failed (" + e.getMessage() + ")", e);
    }
  }

  /** Replies that mean the server (or its part of the Cluster) cannot serve anyone right now. */
  private static boolean isUnavailableReply(JedisDataException e) {
    String message = String.valueOf(e.getMessage());
    return message.startsWith("LOADING") || message.startsWith("CLUSTERDOWN") || message.startsWith("MASTERDOWN")
        || message.startsWith("BUSY") || message.startsWith("TRYAGAIN");
  }

  private RuntimeException unavailable(String message, Throwable cause) {
    return failClosed ? new RedisUnavailableException(message, cause) : new StoreException(message, cause);
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  boolean failClosed() {
    return failClosed;
  }
}
