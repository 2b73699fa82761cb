package dev.cachelab.policy;

/**
 * First in, first out.
 *
 * <p><b>Idea.</b> Evict entries in the order they arrived; reads change nothing. It ignores popularity entirely, yet
 * on many workloads it trails LRU by only a little, and its hits cost nothing at all: no lock, no write. That makes
 * it the baseline the smarter FIFO variants (CLOCK, SIEVE, S3-FIFO) improve on.
 *
 * <p><b>Cost.</b> O(1) per operation; hits are free.
 *
 * <p><b>Worked example</b> (capacity 3, oldest on the left):
 * <pre>
 *   insert A     [A]
 *   insert B     [A B]
 *   insert C     [A B C]
 *   read A       [A B C]     nothing moves
 *   insert D     [B C D]     full: evict the oldest, A
 * </pre>
 *
 * @param <K> the key type
 */
final class Fifo<K> implements PolicyState<K> {

  private final NodeList<K> queue = new NodeList<>();

  @Override
  public boolean recordsHitsWithoutLock() {
    return true;
  }

  @Override
  public void onInsert(Node<K> node) {
    queue.addLast(node);
  }

  @Override
  public void onHit(Node<K> node) {
    // A hit does not change the order.
  }

  @Override
  public void onUpdate(Node<K> node, long oldWeight) {
    queue.reweigh(node, oldWeight);
  }

  @Override
  public void onRemove(Node<K> node) {
    queue.remove(node);
  }

  @Override
  public Node<K> evict() {
    return queue.pollFirst();
  }
}
