package dev.cachelab.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A circuit breaker in front of a Redis server: after {@code failureThreshold} failures in a row (the server did not
 * answer in time, the connection broke) it <em>opens</em>, and every Redis call fails at once without touching the
 * network, so no caller waits on a dead server; after {@code openDuration} it lets one call through as a probe
 * (<em>half open</em>), which closes it on success and opens it again on failure. A reply that proves the server is
 * there (even an error reply such as {@code OOM}) counts as a success.
 *
 * <p>Get it from {@link RedisStoreFactory#circuitBreaker()} to watch its {@link #state()}: every cache built from
 * one factory (and the factories refined from it) shares one breaker, since they talk to the same server.
 *
 * <p>Thread-safe and lock-free. Time is {@link System#nanoTime()}: the breaker measures real waits on a real server,
 * never the cache's ticker.
 */
public final class CircuitBreaker {

  private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

  /** Where a breaker stands. */
  public enum State {
    /** Calls go to Redis. */
    CLOSED,
    /** Calls fail at once, without a round trip, until the open time has passed. */
    OPEN,
    /** One probe call is on its way to Redis; the others fail at once. */
    HALF_OPEN
  }

  private final int failureThreshold;
  private final long openNanos;
  private final LongSupplier clock;
  private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  /** When the breaker last opened, or when the current probe started. */
  private final AtomicLong since = new AtomicLong();
  private final AtomicLong openings = new AtomicLong();

  CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier clock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("circuit breaker failureThreshold must be at least 1: " + failureThreshold);
    }
    Objects.requireNonNull(openDuration, "openDuration");
    if (openDuration.isNegative() || openDuration.isZero()) {
      throw new IllegalArgumentException("circuit breaker openDuration must be positive: " + openDuration);
    }
    this.failureThreshold = failureThreshold;
    this.openNanos = openDuration.toNanos();
    this.clock = clock;
  }

  CircuitBreaker(int failureThreshold, Duration openDuration) {
    this(failureThreshold, openDuration, System::nanoTime);
  }

  /**
   * Returns where the breaker stands now.
   *
   * @return the state
   */
  public State state() {
    return state.get();
  }

  /**
   * Returns how many times the breaker has opened since it was created.
   *
   * @return the number of openings
   */
  public long openCount() {
    return openings.get();
  }

  /** Whether a call may go to Redis now; a call that may must then report {@link #success} or {@link #failure}. */
  boolean allow() {
    State current = state.get();
    if (current == State.CLOSED) {
      return true;
    }
    long now = clock.getAsLong();
    long started = since.get();
    // Open long enough: this caller becomes the probe. A probe that never reported (its thread died) is replaced
    // after the same time, so the breaker cannot stay half open for good.
    if (now - started >= openNanos && since.compareAndSet(started, now)) {
      state.set(State.HALF_OPEN);
      return true;
    }
    return false;
  }

  /** The server answered. */
  void success() {
    if (consecutiveFailures.get() != 0) { // read first: a write on every call would bounce the line between cores
      consecutiveFailures.set(0);
    }
    if (state.get() != State.CLOSED && state.getAndSet(State.CLOSED) != State.CLOSED) {
      LOG.log(System.Logger.Level.INFO, "Redis answers again: circuit breaker closed");
    }
  }

  /** The server did not answer (timeout, broken or refused connection). */
  void failure() {
    int failures = consecutiveFailures.incrementAndGet();
    State current = state.get();
    if (current == State.HALF_OPEN || (current == State.CLOSED && failures >= failureThreshold)) {
      since.set(clock.getAsLong());
      if (state.getAndSet(State.OPEN) != State.OPEN) {
        openings.incrementAndGet();
        if (current == State.CLOSED) {
          LOG.log(System.Logger.Level.WARNING, "Redis failed " + failures + " times in a row: circuit breaker open; "
              + "calls skip Redis (counted as misses) and a probe is sent every " + Duration.ofNanos(openNanos));
        }
      }
    }
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + state.get() + ", opens after " + failureThreshold + " failures for "
        + Duration.ofNanos(openNanos) + "]";
  }
}
