package dev.cachelab.contract;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/** Waiting for other threads to act, bounded by a timeout, without sleeping for time to pass. */
public final class Threads {

  private Threads() {}

  /** Spins (yielding) until {@code condition} holds; fails after {@code timeout}. */
  public static void awaitCondition(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.yield();
    }
  }

  /** Returns true when every thread in {@code threads} except the caller is parked (waiting or timed waiting). */
  public static boolean allOthersParked(Collection<Thread> threads) {
    Thread self = Thread.currentThread();
    for (Thread thread : threads) {
      if (thread == self) {
        continue;
      }
      Thread.State state = thread.getState();
      if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING && state != Thread.State.TERMINATED) {
        return false;
      }
    }
    return true;
  }
}
