package dev.cachelab.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * A lossy buffer of reads, so that a policy whose hits must reorder a shared structure (LRU moves the entry to the
 * newest end) does not take a lock on every hit. Readers append here without a lock; whoever holds the engine's lock
 * replays the buffered hits in order.
 *
 * <p>The buffer is striped: each thread appends to one of several small ring buffers chosen by its id, so two
 * threads rarely contend on the same counter. When a ring is full the hit is dropped — a policy loses a little
 * precision under heavy concurrent reads, never correctness. A single thread never loses a hit if it drains when
 * {@link #offer} says so (the engine does, and every write drains first), which keeps single-threaded replays exact.
 * The same idea, more elaborate, is Caffeine's read buffer (and the "BP-Wrapper" paper, Ding et al., ICDE 2009).
 *
 * <p>Thread-safe for any number of concurrent {@link #offer} calls and one {@link #drain} at a time.
 *
 * @param <E> the element type
 */
final class ReadBuffer<E> {

  /** Slots per ring; a power of two. */
  private static final int RING_SIZE = 16;
  private static final int RING_MASK = RING_SIZE - 1;

  private final Ring<E>[] rings;
  private final int ringMask;

  @SuppressWarnings("unchecked") // a generic array cannot be created; every slot holds a Ring<E>
  ReadBuffer() {
    int count = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1;
    rings = (Ring<E>[]) new Ring<?>[count];
    for (int i = 0; i < count; i++) {
      rings[i] = new Ring<>();
    }
    ringMask = count - 1;
  }

  /**
   * Appends a hit, unless the thread's ring is full or contended.
   *
   * @return {@code true} if the ring is now full and the caller should drain the buffer
   */
  boolean offer(E element) {
    Ring<E> ring = rings[ringIndex()];
    long head = ring.head;
    long tail = ring.tail.get();
    long size = tail - head;
    if (size >= RING_SIZE) {
      return true;
    }
    if (ring.tail.compareAndSet(tail, tail + 1)) {
      ring.slots.lazySet((int) (tail & RING_MASK), element);
      return size + 1 >= RING_SIZE;
    }
    return false;
  }

  /** Hands every buffered element to {@code consumer}, ring by ring, each ring in order. Caller holds the lock. */
  void drain(Consumer<? super E> consumer) {
    for (Ring<E> ring : rings) {
      long head = ring.head;
      long tail = ring.tail.get();
      while (head < tail) {
        int index = (int) (head & RING_MASK);
        E element = ring.slots.get(index);
        if (element == null) {
          break; // a reader claimed the slot but has not written it yet; take it next time
        }
        ring.slots.lazySet(index, null);
        consumer.accept(element);
        head++;
      }
      ring.head = head;
    }
  }

  private int ringIndex() {
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & ringMask;
  }

  private static final class Ring<E> {
    final AtomicLong tail = new AtomicLong();
    final AtomicReferenceArray<E> slots = new AtomicReferenceArray<>(RING_SIZE);
    volatile long head;
  }
}
