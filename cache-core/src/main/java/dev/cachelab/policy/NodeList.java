package dev.cachelab.policy;

/**
 * A doubly-linked list threaded through the nodes themselves, from the oldest ({@link #first()}) to the newest
 * ({@link #last()}). Every operation is O(1). A node belongs to at most one list at a time.
 *
 * <p>Not thread-safe: used under the engine's eviction lock.
 *
 * @param <K> the key type
 */
final class NodeList<K> {

  private Node<K> first;
  private Node<K> last;
  private int size;
  private long weight;

  Node<K> first() {
    return first;
  }

  Node<K> last() {
    return last;
  }

  int size() {
    return size;
  }

  /** Returns the total weight of the nodes in this list. */
  long weight() {
    return weight;
  }

  boolean isEmpty() {
    return first == null;
  }

  /** Appends {@code node} at the newest end. */
  void addLast(Node<K> node) {
    node.prev = last;
    node.next = null;
    if (last == null) {
      first = node;
    } else {
      last.next = node;
    }
    last = node;
    size++;
    weight += node.weight();
  }

  /** Unlinks {@code node}, which must be in this list. */
  void remove(Node<K> node) {
    if (node.prev == null) {
      first = node.next;
    } else {
      node.prev.next = node.next;
    }
    if (node.next == null) {
      last = node.prev;
    } else {
      node.next.prev = node.prev;
    }
    node.prev = null;
    node.next = null;
    size--;
    weight -= node.weight();
  }

  /** Moves {@code node}, which must be in this list, to the newest end. */
  void moveToLast(Node<K> node) {
    if (node != last) {
      remove(node);
      addLast(node);
    }
  }

  /** Removes and returns the oldest node, or {@code null} if the list is empty. */
  Node<K> pollFirst() {
    Node<K> node = first;
    if (node != null) {
      remove(node);
    }
    return node;
  }

  /** Adjusts the list's total weight after a member's weight changed from {@code oldWeight}. */
  void reweigh(Node<K> node, long oldWeight) {
    weight += node.weight() - oldWeight;
  }
}
