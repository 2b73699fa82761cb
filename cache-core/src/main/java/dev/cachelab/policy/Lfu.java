package dev.cachelab.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Least frequently used, with aging.
 *
 * <p><b>Idea.</b> Count each entry's uses and evict the entry with the smallest count; among equal counts, the one
 * that reached that count first. Pure LFU never forgets: an entry that was hot an hour ago keeps its huge count
 * and squats in the cache forever ("cache pollution"). So this LFU <em>ages</em>: after every
 * {@code 10 × entries} events (inserts and hits) it halves every count, as the TinyLFU paper does with its
 * sketch (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM ToS 2017). Old
 * popularity fades geometrically; current popularity keeps being refreshed.
 *
 * <p><b>Structure.</b> One list per count, in a sorted map from count to list; each list is in order of arrival at
 * that count. A hit moves the entry from list {@code c} to the end of list {@code c + 1}.
 *
 * <p><b>Cost.</b> O(log d) per operation, where d is the number of distinct counts (small in practice), and an
 * O(n) rebuild at each aging, amortized O(1) since it happens once every 10·n events. Hits need the lock.
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

  /** Smallest aging period, so that a tiny cache does not age on every other event. */
  private static final int MIN_AGING_PERIOD = 64;

  private final TreeMap<Integer, NodeList<K>> byCount = new TreeMap<>();
  private long residents;
  private long eventsSinceAging;

  @Override
  public void onInsert(Node<K> node) {
    node.frequency = 1;
    listFor(1).addLast(node);
    residents++;
    countEvent();
  }

  @Override
  public void onHit(Node<K> node) {
    detach(node);
    node.frequency++;
    listFor(node.frequency).addLast(node);
    countEvent();
  }

  @Override
  public void onUpdate(Node<K> node, long oldWeight) {
    NodeList<K> list = byCount.get(node.frequency);
    list.reweigh(node, oldWeight);
    onHit(node);
  }

  @Override
  public void onRemove(Node<K> node) {
    detach(node);
    residents--;
  }

  @Override
  public Node<K> evict() {
    Map.Entry<Integer, NodeList<K>> least = byCount.firstEntry();
    if (least == null) {
      return null;
    }
    Node<K> victim = least.getValue().first();
    onRemove(victim);
    return victim;
  }

  private NodeList<K> listFor(int count) {
    return byCount.computeIfAbsent(count, c -> new NodeList<>());
  }

  private void detach(Node<K> node) {
    NodeList<K> list = byCount.get(node.frequency);
    list.remove(node);
    if (list.isEmpty()) {
      byCount.remove(node.frequency);
    }
  }

  private void countEvent() {
    eventsSinceAging++;
    if (eventsSinceAging >= Math.max(MIN_AGING_PERIOD, 10 * residents)) {
      age();
    }
  }

  /**
   * Halves every count (rounding up, so no count reaches zero). The period follows the number of resident entries,
   * not the capacity, so a cache bounded by weight ages on the same schedule. Lists are rebuilt from the lowest count
   * up, oldest first, so where two counts merge, the entries that had the lower count come first (evicted first).
   */
  private void age() {
    eventsSinceAging = 0;
    List<Node<K>> all = new ArrayList<>();
    for (NodeList<K> list : byCount.values()) {
      for (Node<K> node = list.first(); node != null; node = node.next) {
        all.add(node);
      }
    }
    byCount.clear();
    for (Node<K> node : all) {
      node.prev = null;
      node.next = null;
      node.frequency = (node.frequency + 1) / 2;
      listFor(node.frequency).addLast(node);
    }
  }
}
