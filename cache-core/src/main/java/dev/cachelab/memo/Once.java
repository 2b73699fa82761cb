package dev.cachelab.memo;

import dev.cachelab.CacheLoadException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A supplier that computes its value at most once: the first successful call runs the wrapped supplier, every later
 * call returns that value. Made by {@link Memoizer#once(Supplier)}.
 *
 * <p>Double-checked: once {@link #done} is set, a call reads the value without locking. The first calls take a
 * {@link ReentrantLock} rather than {@code synchronized}, so a virtual thread computing the value does not pin its
 * carrier. A failure leaves {@link #done} unset, so the next call tries again. After success the wrapped supplier is
 * dropped, so whatever it captured can be collected.
 *
 * <p>Thread-safe.
 *
 * @param <R> the value type
 */
final class Once<R> implements Supplier<R> {

  private final ReentrantLock lock = new ReentrantLock();
  private final String description;

  /** Written under the lock before {@link #done}; read after it. */
  private Supplier<? extends R> supplier;
  private R value;
  private volatile boolean done;

  Once(Supplier<? extends R> supplier) {
    this.supplier = supplier;
    this.description = "Memoizer.once(" + supplier + ")";
  }

  @Override
  public R get() {
    if (done) {
      return value;
    }
    acquire();
    try {
      if (!done) {
        value = supplier.get();
        done = true;
        supplier = null;
      }
      return value;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the lock. A thread that must wait for another thread's computation can be interrupted, as a cache's
   * waiters can; a thread that asks for the value from inside its own computation fails instead of computing again.
   */
  private void acquire() {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(description + ": the supplier asked for its own value while computing it");
    }
    if (lock.tryLock()) {
      return;
    }
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheLoadException("interrupted while waiting for " + description, e);
    }
  }

  @Override
  public String toString() {
    return done ? description + "[computed]" : description + "[not computed]";
  }
}
