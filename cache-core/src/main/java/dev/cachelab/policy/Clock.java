package dev.cachelab.policy;

/**
 * CLOCK, also called second chance (Corbató, 1968).
 *
 * <p><b>Idea.</b> FIFO plus one reference bit per entry. A hit only sets the bit. To evict, look at the oldest
 * entry: if its bit is set, clear it and move the entry to the newest end (a second chance); otherwise evict it.
 * Popular entries keep earning second chances, so CLOCK approximates LRU while its hits stay lock-free. (The
 * classic picture is a hand sweeping a circular buffer; moving the entry to the back of a queue is the same walk.)
 *
 * <p><b>Cost.</b> Hits: one volatile write, no lock. Eviction: amortized O(1); a sweep clears each bit it passes.
 *
 * <p><b>Worked example</b> (capacity 3, oldest on the left, * marks a set bit):
 * <pre>
 *   insert A, B, C   [A B C]
 *   read A           [A* B C]    only the bit changes
 *   insert D         A* gets a second chance: [B C A], then B has no bit: evict B
 *                    [C A D]
 * </pre>
 *
 * @param <K> the key type
 */
final class Clock<K> implements PolicyState<K> {

  private final NodeList<K> queue = new NodeList<>();

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
    if (!node.visited) { // read before writing: a set bit stays cached and unshared between cores
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
    queue.remove(node);
  }

  @Override
  public Node<K> evict() {
    while (!queue.isEmpty()) {
      Node<K> oldest = queue.first();
      if (!oldest.visited) {
        queue.remove(oldest);
        return oldest;
      }
      oldest.visited = false;
      queue.moveToLast(oldest);
    }
    return null;
  }
}
