package dev.cachelab.policy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A resident entry as an eviction policy sees it: a key, a weight, and a few fields that the policies of this
 * package use for their bookkeeping (list links, a visited bit, a frequency, a queue tag). The engine extends it to
 * hold the value; the bookkeeping fields are visible only to this package.
 *
 * <p>Not thread-safe on its own: the policy fields are guarded by the engine's eviction lock, except
 * {@link #visited}, which lock-free hits may set, and S3-FIFO's {@link #frequency}, which its lock-free hits raise
 * through {@link #FREQUENCY}.
 *
 * @param <K> the key type
 */
public abstract class Node<K> {

  /**
   * {@link #frequency} for a policy whose hits raise it without the lock (S3-FIFO): opaque reads and writes, so a
   * hit's write is seen by the evicting thread without a fence on the hit path.
   */
  static final VarHandle FREQUENCY;

  static {
    try {
      FREQUENCY = MethodHandles.lookup().findVarHandle(Node.class, "frequency", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final K key;
  private long weight;

  /** The neighbours of this node in the one {@link NodeList} it belongs to, if any. */
  Node<K> prev;
  Node<K> next;

  /** Set by a hit (CLOCK's reference bit, SIEVE's visited bit); cleared by the policy's hand. */
  volatile boolean visited;

  /** A use count (LFU's count, S3-FIFO's capped frequency). */
  int frequency;

  /** Which of the policy's queues holds this node, for policies with more than one. */
  int queue;

  /**
   * Creates a node.
   *
   * @param key the entry's key
   * @param weight the entry's weight (1 for a cache bounded by entry count)
   */
  protected Node(K key, long weight) {
    this.key = key;
    this.weight = weight;
  }

  /**
   * Returns the entry's key.
   *
   * @return the key
   */
  public final K key() {
    return key;
  }

  /**
   * Returns the entry's weight.
   *
   * @return the weight
   */
  public final long weight() {
    return weight;
  }

  /**
   * Sets the entry's weight; the engine calls this, under its lock, before {@link PolicyState#onUpdate}.
   *
   * @param weight the new weight
   */
  protected final void setWeight(long weight) {
    this.weight = weight;
  }
}
