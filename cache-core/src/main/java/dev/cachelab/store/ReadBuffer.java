package dev.cachelab.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <p><b>Layout.</b> Every ring's counters and slots live in two flat arrays, spaced so that nothing two threads write
 * shares a cache line: a reader writes its ring's tail and slots, the drainer writes every ring's head. Spacing is
 * 128 bytes, since some CPUs fetch lines in pairs. A hit then follows two fewer pointers than with an object per
 * ring, and two readers on two cores do not slow each other down through a line they both write (false sharing).
 *
 * <p>Thread-safe for any number of concurrent {@link #offer} calls and one {@link #drain} at a time.
 *
 * @param <E> the element type
 */
final class ReadBuffer<E> {

  /** Slots per ring; a power of two. */
  private static final int RING_SIZE = 16;
  private static final int RING_MASK = RING_SIZE - 1;
  /** Longs between two counters: 16 longs, 128 bytes. */
  private static final int COUNTER_SPACING = 16;
  /** References between two rings' first slots: 32, so a ring's 16 slots never share a line with another ring's. */
  private static final int SLOT_SPACING = 32;
  private static final VarHandle COUNTERS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

  /**
   * Ring r's tail (slots claimed, advanced by readers) at {@code tail(r)}, its head (slots replayed, advanced
   * by the drainer) at {@code head(r)}. Index 0 is left unused, away from the array's header.
   */
  private final long[] counters;
  /** Ring r's slots from {@code (r + 1) × SLOT_SPACING}: the first is left unused, away from the header. */
  private final Object[] slots;
  private final int ringMask;

  ReadBuffer() {
    int count = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1;
    counters = new long[(2 * count + 2) * COUNTER_SPACING];
    slots = new Object[(count + 1) * SLOT_SPACING];
    ringMask = count - 1;
  }

  /**
   * Appends a hit, unless the thread's ring is full or contended.
   *
   * @return {@code true} if the ring is now full and the caller should drain the buffer
   */
  boolean offer(E element) {
    int ring = ringIndex();
    long head = (long) COUNTERS.getAcquire(counters, head(ring));
    long tail = (long) COUNTERS.getAcquire(counters, tail(ring));
    long size = tail - head;
    if (size >= RING_SIZE) {
      return true;
    }
    if (COUNTERS.compareAndSet(counters, tail(ring), tail, tail + 1)) {
      SLOTS.setRelease(slots, slot(ring, tail), element);
      return size + 1 >= RING_SIZE;
    }
    return false;
  }

  /** Hands every buffered element to {@code consumer}, ring by ring, each ring in order. Caller holds the lock. */
  @SuppressWarnings("unchecked") // only offer writes slots, and it writes Es
  void drain(Consumer<? super E> consumer) {
    for (int ring = 0; ring <= ringMask; ring++) {
      long head = (long) COUNTERS.getAcquire(counters, head(ring));
      long tail = (long) COUNTERS.getAcquire(counters, tail(ring));
      long start = head;
      while (head < tail) {
        int index = slot(ring, head);
        E element = (E) SLOTS.getAcquire(slots, index);
        if (element == null) {
          break; // a reader claimed the slot but has not written it yet; take it next time
        }
        SLOTS.setRelease(slots, index, null);
        consumer.accept(element);
        head++;
      }
      if (head != start) {
        COUNTERS.setRelease(counters, head(ring), head);
      }
    }
  }

  private static int tail(int ring) {
    return (2 * ring + 1) * COUNTER_SPACING;
  }

  private static int head(int ring) {
    return (2 * ring + 2) * COUNTER_SPACING;
  }

  private static int slot(int ring, long position) {
    return (ring + 1) * SLOT_SPACING + (int) (position & RING_MASK);
  }

  private int ringIndex() {
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & ringMask;
  }
}
