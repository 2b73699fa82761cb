package dev.cachelab.policy;

/**
 * SIEVE: Y. Zhang, J. Yang, Y. Yue, Y. Vigfusson, K. V. Rashmi, "SIEVE is Simpler than LRU: an Efficient Turn-Key
 * Eviction Algorithm for Web Caches", NSDI 2024.
 *
 * <p><b>Idea.</b> Keep entries in arrival order and a hand that remembers where the last eviction happened. A hit
 * sets the entry's visited bit. To evict, the hand walks from its position towards newer entries: it clears each
 * visited bit it passes and evicts the first unvisited entry <em>in place</em>; after the newest entry it wraps to
 * the oldest. Unlike CLOCK, survivors are not moved: new entries stay near the newest end, where the hand reaches
 * them last, and one-hit wonders near the hand are swept out quickly ("lazy promotion, quick demotion").
 *
 * <p>The flip side: on a workload whose keys come back only a few dozen requests later, the hand stops just behind
 * the newest entries and evicts each newcomer before its second request. The {@code corda} trace shows SIEVE
 * collapsing to almost no hits where LRU and FIFO reach the ceiling.
 *
 * <p><b>Cost.</b> Hits: one volatile write, no lock. Eviction: amortized O(1).
 *
 * <p><b>Worked example</b> (capacity 3, oldest on the left, * marks a visited bit, ^ the hand):
 * <pre>
 *   insert A, B, C   [A B C]        the hand starts at the oldest entry
 *   read A           [A* B C]
 *   insert D         ^A*: clear the bit, step to B; ^B is unvisited: evict it, the hand stays at its place
 *                    [A C D], hand at C
 * </pre>
 *
 * @param <K> the key type
 */
final class Sieve<K> implements PolicyState<K> {

  private final NodeList<K> queue = new NodeList<>();

  /** The next entry the hand examines; {@code null} means "start from the oldest". */
  private Node<K> hand;

  @Override
  public boolean recordsHitsWithoutLock() {
    return true;
  }

  @Override
  public void onInsert(Node<K> node) {
    node.visited = false;
    queue.addLast(node);
  }

  @Override
  public void onHit(Node<K> node) {
    if (!node.visited) {
      node.visited = true;
    }
  }

  @Override
  public void onUpdate(Node<K> node, long oldWeight) {
    queue.reweigh(node, oldWeight);
    onHit(node);
  }

  @Override
  public void onRemove(Node<K> node) {
    if (hand == node) {
      hand = node.next;
    }
    queue.remove(node);
  }

  @Override
  public Node<K> evict() {
    if (queue.isEmpty()) {
      return null;
    }
    Node<K> node = (hand == null) ? queue.first() : hand;
    while (node.visited) {
      node.visited = false;
      node = (node.next == null) ? queue.first() : node.next;
    }
    hand = node.next;
    queue.remove(node);
    return node;
  }
}
