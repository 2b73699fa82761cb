package dev.cachelab.policy;


/**
 * Least frequently used, with aging.
 *
 * <p><b>Idea.</b> Count each entry's uses and evict the entry with the smallest count; among equal counts, the one
 * that reached that count first. Pure LFU never forgets: an entry that was hot an hour ago keeps its huge count
 * and squats in the cache forever ("cache pollution"). So this LFU <em>ages</em>: after every
 * {@code 10 × entries} events (inserts and hits) it halves every count, as the TinyLFU paper does with its
 * sketch (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM ToS 2017). Old
 * popularity fades geometrically; current popularity keeps being refreshed. Counts also saturate at
 * {@value #MAX_COUNT}: past that, "very popular" is all an eviction decision needs to know.
 *
 * <p><b>Structure.</b> One list per count, in an array indexed by the count; each list is in order of arrival at
 * that count. A hit moves the entry from list {@code c} to the end of list {@code c + 1}; the victim is the head of
 * the lowest non-empty list.
 *
 * <p><b>Cost.</b> O(1) per hit and insert; finding the victim scans at most {@value #MAX_COUNT} lists from the
 * lowest count, usually one. Aging rebuilds the lists in O(n), once every 10·n events, so amortized O(1). Hits
 * reorder lists, so they need the engine's lock (the engine buffers them).
 *
 * <p><b>Worked example</b> (capacity 3; count in brackets):
 * <pre>
 *   insert A, B, C   A[1] B[1] C[1]
 *   read A           A[2] B[1] C[1]
 *   insert D         full: the smallest count is 1, held by B, C; B got there first: evict B
 *                    A[2] C[1] D[1]
 * </pre>
 *
 * @param <K> the key type
 */
final class Lfu<K> implements PolicyState<K> {

  /** Counts saturate here. */
  static final int MAX_COUNT = 255;

  /** Smallest aging period, so that a tiny cache does not age on every other event. */
  private static final int MIN_AGING_PERIOD = 64;

  @SuppressWarnings("unchecked") // a generic array cannot be created; every slot holds a NodeList<K>
  private final NodeList<K>[] byCount = (NodeList<K>[]) new NodeList<?>[MAX_COUNT + 1];
  private long residents;
  private long eventsSinceAging;

  Lfu() {
    for (int count = 1; count <= MAX_COUNT; count++) {
      byCount[count] = new NodeList<>();
    }
  }

  @Override
  public void onInsert(Node<K> node) {
    node.frequency = 1;
    byCount[1].addLast(node);
    residents++;
    countEvent();
  }

  @Override
  public void onHit(Node<K> node) {
    if (node.frequency < MAX_COUNT) {
      byCount[node.frequency].remove(node);
      node.frequency++;
      byCount[node.frequency].addLast(node);
    }
    countEvent();
  }

  @Override
  public void onUpdate(Node<K> node, long oldWeight) {
    byCount[node.frequency].reweigh(node, oldWeight);
    onHit(node);
  }

  @Override
  public void onRemove(Node<K> node) {
    byCount[node.frequency].remove(node);
    residents--;
  }

  @Override
  public Node<K> evict() {
    for (int count = 1; count <= MAX_COUNT; count++) {
      if (!byCount[count].isEmpty()) {
        Node<K> victim = byCount[count].first();
        onRemove(victim);
        return victim;
      }
    }
    return null;
  }

  private void countEvent() {
    eventsSinceAging++;
    if (eventsSinceAging >= Math.max(MIN_AGING_PERIOD, 10 * residents)) {
      age();
    }
  }

  /**
   * Halves every count (rounding up, so no count reaches zero). The period follows the number of resident entries,
   * not the capacity, so a cache bounded by weight ages on the same schedule. Lists are moved from the lowest count
   * up, oldest first, so where two counts merge, the entries that had the lower count come first (evicted first).
   * In place: count c moves to (c + 1) / 2, a list already emptied (or, for 1, left as it is), so aging allocates
   * nothing.
   */
  private void age() {
    eventsSinceAging = 0;
    for (int count = 2; count <= MAX_COUNT; count++) {
      int halved = (count + 1) / 2;
      for (Node<K> node = byCount[count].pollFirst(); node != null; node = byCount[count].pollFirst()) {
        node.frequency = halved;
        byCount[halved].addLast(node);
      }
    }
  }
}
