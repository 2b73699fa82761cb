package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's states, on a hand-driven clock. */
class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(1), now::get);

  @Test
  void opensAfterTheThresholdOfFailuresInARow_only() {
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "a success in between resets the count");
    breaker.failure();
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertEquals(1, breaker.openCount());
  }

  @Test
  void whileOpen_refusesCalls_thenLetsOneProbeThrough_whichClosesItOnSuccess() {
    open();
    assertFalse(breaker.allow());
    now.addAndGet(Duration.ofMillis(999).toNanos());
    assertFalse(breaker.allow());
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertTrue(breaker.allow(), "the probe");
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    assertFalse(breaker.allow(), "only one probe at a time");
    breaker.success();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertTrue(breaker.allow());
  }

  @Test
  void aFailedProbe_opensItAgainForAnotherPeriod() {
    open();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(breaker.allow());
    breaker.failure();
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertFalse(breaker.allow());
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(breaker.allow());
  }

  @Test
  void aProbeThatNeverReports_isReplacedAfterAnotherPeriod() {
    open();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(breaker.allow());
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(breaker.allow(), "the first probe's thread vanished; a second may go");
  }

  @Test
  void badSettings_areRefusedWithTheValue() {
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new CircuitBreaker(0, Duration.ofSeconds(1)));
    assertTrue(zero.getMessage().contains("0"));
    assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(1, Duration.ZERO));
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
  }
}
