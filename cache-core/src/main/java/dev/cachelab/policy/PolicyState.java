package dev.cachelab.policy;

/**
 * One cache's eviction bookkeeping, created by {@link EvictionPolicy#newState}. The engine tells it what happens to
 * entries and asks it for victims; the policy never sees values and never calls back into the cache.
 *
 * <p><b>Threads.</b> The engine calls every method under its eviction lock, one call at a time, except
 * {@link #onHit} when {@link #recordsHitsWithoutLock()} is true: then readers call it concurrently, with no lock,
 * and it must be safe to do so (setting a volatile bit is; moving a node in a list is not). Hits of a policy that
 * needs the lock are buffered by the engine and replayed in order before the next write or eviction, so a
 * single-threaded caller sees exactly the policy's textbook behaviour.
 *
 * @param <K> the key type
 */
public interface PolicyState<K> {

  /**
   * Returns whether {@link #onHit} may be called concurrently without the engine's lock.
   *
   * @return {@code true} if hits are lock-free for this policy
   */
  default boolean recordsHitsWithoutLock() {
    return false;
  }

  /**
   * A new entry became resident. The policy places it in its structures; it may still choose it as the next victim
   * (that is how an admission policy refuses a newcomer).
   *
   * @param node the new entry
   */
  void onInsert(Node<K> node);

  /**
   * A resident entry was read.
   *
   * @param node the entry that was read
   */
  void onHit(Node<K> node);

  /**
   * A resident entry was written again; its weight may have changed. The default treats the write as a hit.
   *
   * @param node the entry, already carrying its new weight
   * @param oldWeight its weight before the write
   */
  default void onUpdate(Node<K> node, long oldWeight) {
    onHit(node);
  }

  /**
   * A resident entry was removed by the user (or expired). The policy forgets it.
   *
   * @param node the entry that left
   */
  void onRemove(Node<K> node);

  /**
   * Picks the next entry to evict, forgets it, and returns it; the engine then removes it from the cache. Called
   * while the cache is over its bound.
   *
   * @return the victim, or {@code null} if the policy holds no entries
   */
  Node<K> evict();
}
