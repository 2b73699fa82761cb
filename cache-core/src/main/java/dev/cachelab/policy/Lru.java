package dev.cachelab.policy;

/**
 * Least recently used.
 *
 * <p><b>Idea.</b> Keep the entries in one list ordered by last use, oldest first. A hit moves the entry to the
 * newest end; a new entry is appended there; the victim is the oldest entry. Recency is a good predictor when a
 * workload re-reads what it read recently, and a poor one for scans larger than the cache: a loop over N+1 keys in
 * an N-entry LRU cache never hits (try the {@code loop} trace).
 *
 * <p><b>Cost.</b> O(1) per operation, but every hit writes to the shared list, so hits need the engine's lock. The
 * engine buffers them and replays them in order before the next write, which keeps reads fast and the result exact
 * for a single thread.
 *
 * <p><b>Worked example</b> (capacity 3, oldest on the left):
 * <pre>
 *   insert A     [A]
 *   insert B     [A B]
 *   insert C     [A B C]
 *   read A       [B C A]     A moves to the newest end
 *   insert D     [C A D]     full: evict the oldest, B
 * </pre>
 *
 * @param <K> the key type
 */
final class Lru<K> implements PolicyState<K> {

  private final NodeList<K> list = new NodeList<>();

  @Override
  public void onInsert(Node<K> node) {
    list.addLast(node);
  }

  @Override
  public void onHit(Node<K> node) {
    list.moveToLast(node);
  }

  @Override
  public void onUpdate(Node<K> node, long oldWeight) {
    list.reweigh(node, oldWeight);
    list.moveToLast(node);
  }

  @Override
  public void onRemove(Node<K> node) {
    list.remove(node);
  }

  @Override
  public Node<K> evict() {
    return list.pollFirst();
  }
}
