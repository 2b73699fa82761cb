package dev.cachelab.bench.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Bélády's optimal policy (L. A. Bélády, "A study of replacement algorithms for a virtual-storage computer", IBM
 * Systems Journal, 1966), with bypass: the upper bound no policy can beat, because it knows the future.
 *
 * <p><b>Rule</b> (as the traces README defines OPT). On a miss in a full cache, look at when each resident key is
 * used next: evict the one used furthest in the future. With <em>bypass</em>, a missing key whose own next use is
 * later than every resident key's is not admitted at all (admitting it would evict something needed sooner). A key
 * never used again counts as used at infinity.
 *
 * <p><b>How.</b> One backward pass precomputes, for every access, the index of the same key's next access
 * ({@link #nextUses}); the replay then keeps the residents' next-use indices in a max-heap. A resident's next use is
 * always a future index, and each index belongs to one access, so the values are unique and the heap's top names the
 * victim. When a resident is hit, its old value (the current index) becomes stale; stale values are all in the past,
 * smaller than any live value, so they never reach the top and are simply left behind. O(n log n) time, O(n) memory.
 *
 * <p>Thread-safe: no state; the arrays passed in are only read.
 */
final class Belady {

  private Belady() {}

  /**
   * For each access {@code i}, the index of the next access to the same key; a key never accessed again gets
   * {@code keys.length + i}, beyond every real index and still unique, so "never" sorts last.
   */
  static int[] nextUses(long[] keys) {
    int[] next = new int[keys.length];
    Map<Long, Integer> seenLater = new HashMap<>();
    for (int i = keys.length - 1; i >= 0; i--) {
      Integer later = seenLater.put(keys[i], i);
      next[i] = (later != null) ? later : keys.length + i;
    }
    return next;
  }

  /**
   * Replays {@code keys} through an optimal cache of {@code capacity} entries and returns its hits.
   *
   * @param keys the accesses
   * @param next {@link #nextUses(long[])} of {@code keys}
   * @param capacity the cache's size in entries, positive
   * @return the number of hits
   */
  static long hits(long[] keys, int[] next, long capacity) {
    int n = keys.length;
    Set<Long> residents = new HashSet<>();
    IntMaxHeap nextUse = new IntMaxHeap(n);
    long hits = 0;
    for (int i = 0; i < n; i++) {
      Long key = keys[i];
      if (residents.contains(key)) {
        hits++;
        nextUse.push(next[i]); // its old value, i, is now stale
      } else if (residents.size() < capacity) {
        residents.add(key);
        nextUse.push(next[i]);
      } else {
        int furthest = nextUse.peek();
        if (next[i] < furthest) { // otherwise bypass: the newcomer is needed last of all
          nextUse.pop();
          residents.remove(keys[furthest < n ? furthest : furthest - n]);
          residents.add(key);
          nextUse.push(next[i]);
        }
      }
    }
    return hits;
  }

  /** A binary max-heap of {@code int}s, with room for a fixed number of pushes. */
  private static final class IntMaxHeap {
    private int[] heap;
    private int size;

    IntMaxHeap(int expected) {
      heap = new int[Math.max(16, expected)];
    }

    int peek() {
      return heap[0];
    }

    void push(int value) {
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, size * 2);
      }
      int child = size++;
      while (child > 0) {
        int parent = (child - 1) >>> 1;
        if (heap[parent] >= value) {
          break;
        }
        heap[child] = heap[parent];
        child = parent;
      }
      heap[child] = value;
    }

    void pop() {
      int last = heap[--size];
      int parent = 0;
      while (true) {
        int child = 2 * parent + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && heap[child + 1] > heap[child]) {
          child++;
        }
        if (heap[child] <= last) {
          break;
        }
        heap[parent] = heap[child];
        parent = child;
      }
      heap[parent] = last;
    }
  }
}
