package dev.cachelab.internal;

import dev.cachelab.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prompt expiry: a queue of (time, key) ordered by time, and one wake-up booked with the {@link Scheduler} for the
 * earliest of them. The cache adds a key when it writes an entry that can expire; when the wake-up fires, the cache
 * takes the keys that are due, removes those whose entries really expired (reads may have extended some: those are
 * queued again), and books the next wake-up.
 *
 * <p>Keys are never removed from the queue early; an overwritten or invalidated key simply finds nothing to do when
 * its time comes. Thread-safe.
 *
 * @param <K> the key type
 */
final class ExpiryTimer<K> {

  /** Farther than this is "never" for the queue; keeps {@code now + delay} from overflowing. */
  private static final long MAX_DELAY = Long.MAX_VALUE / 4;

  private record Due<K>(long time, K key) {}

  private final Scheduler scheduler;
  private final Runnable wakeUp;
  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Due<K>> queue = new PriorityQueue<>((a, b) -> Long.compare(a.time - b.time, 0));
  private Future<?> pending;
  private long pendingTime;

  ExpiryTimer(Scheduler scheduler, Runnable wakeUp) {
    this.scheduler = scheduler;
    this.wakeUp = wakeUp;
  }

  /** Queues {@code key} to be looked at {@code delay} nanoseconds after {@code now}. */
  void schedule(K key, long delay, long now) {
    if (delay >= MAX_DELAY) {
      return;
    }
    lock.lock();
    try {
      queue.add(new Due<>(now + delay, key));
      arm(now);
    } finally {
      lock.unlock();
    }
  }

  /** Takes every key whose time has come. */
  List<K> due(long now) {
    List<K> keys = new ArrayList<>();
    lock.lock();
    try {
      while (!queue.isEmpty() && queue.peek().time() - now <= 0) {
        keys.add(queue.poll().key());
      }
      pending = null;
    } finally {
      lock.unlock();
    }
    return keys;
  }

  /** Books the wake-up for the earliest queued key, after the keys that were due have been handled. */
  void rearm(long now) {
    lock.lock();
    try {
      arm(now);
    } finally {
      lock.unlock();
    }
  }

  void cancel() {
    lock.lock();
    try {
      queue.clear();
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Books a wake-up for the head of the queue unless one is already booked at or before it. Caller holds lock. */
  private void arm(long now) {
    Due<K> head = queue.peek();
    if (head == null || (pending != null && pendingTime - head.time() <= 0)) {
      return;
    }
    if (pending != null) {
      pending.cancel(false);
    }
    pendingTime = head.time();
    pending = scheduler.schedule(wakeUp, Math.max(0, head.time() - now), TimeUnit.NANOSECONDS);
  }
}
