package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test helpers for concurrency without sleeps: latches to start and release threads, and waiting for threads to park. */
final class Threads {

  private static final long TIMEOUT_SECONDS = 10;

  private Threads() {}

  /** Awaits {@code latch} for at most ten seconds, failing the test (not hanging it) if it does not open. */
  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("latch still closed after " + TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Spins (no sleep) until every thread is parked or finished: waiting on a lock, a latch or a future. Used to let
   * the threads of a test pile up on a computation before it is released, so that a memoizer without single flight
   * would be caught computing twice.
   */
  static void awaitAllWaiting(List<Thread> threads) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!threads.stream().allMatch(Threads::settled)) {
      if (System.nanoTime() > deadline) {
        List<Thread.State> states = new ArrayList<>();
        threads.forEach(thread -> states.add(thread.getState()));
        fail("threads did not all come to wait within " + TIMEOUT_SECONDS + " s: " + states);
      }
      Thread.yield();
    }
  }

  private static boolean settled(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
        || state == Thread.State.TERMINATED;
  }

  /** Joins every thread, failing the test if one is still running after ten seconds. */
  static void joinAll(List<Thread> threads) {
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      if (thread.isAlive()) {
        fail(thread.getName() + " still running after " + TIMEOUT_SECONDS + " s");
      }
    }
  }
}
