package dev.cachelab.policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * S3-FIFO: J. Yang, Y. Zhang, Z. Qiu, Y. Yue, K. V. Rashmi, "FIFO Queues are All You Need for Cache Eviction",
 * SOSP 2023.
 *
 * <p><b>Idea.</b> Most keys of a real workload are used once and never again ("one-hit wonders"). S3-FIFO filters
 * them out quickly with three FIFO queues:
 * <ul>
 *   <li><b>small</b> (10 % of the capacity): every new key starts here. When small is evicted, its oldest key moves to
 *       <b>main</b> if it was hit at least twice while in small (its frequency then starts again from 0); otherwise it
 *       leaves the cache and its key is remembered in the ghost queue.
 *   <li><b>main</b> (the other 90 %): a CLOCK with a two-bit counter. Its oldest key is reinserted at the newest end
 *       with its frequency lowered by one (from at most 3) while the frequency is above 0; the first with frequency 0
 *       is evicted.
 *   <li><b>ghost</b> (keys only, no values; as many as 90 % of the entries): a key that comes back while it is still a
 *       ghost was evicted too early, so it skips small and goes straight to main.
 * </ul>
 * Main is evicted when it holds more than its share or small is empty; otherwise small is. A hit raises the key's
 * frequency (capped at 3) and moves nothing. The sizes follow the traces README exactly: small = max(1,
 * floor(10 %)), so a tiny cache still has a small queue, and ghost = floor(90 %). Later libCacheSim versions fill
 * main while small is full before the first eviction; this is the paper's version.
 *
 * <p><b>Cost.</b> O(1) per insert and hit; eviction is amortized O(1) (each reinsertion spends one unit of a frequency
 * that only hits can raise). A hit moves nothing, so it takes no lock: it reads the node's frequency and, below 3,
 * writes it one higher (an opaque write, no fence), like CLOCK's reference bit. Two hits racing may count as one, and
 * a hit racing the evictor's decrement may be lost or undo it: the frequency is a hint, and a lost unit only changes
 * how long an entry stays, never correctness. A single thread sees the exact textbook counts.
 *
 * <p><b>Worked example</b> (capacity 3: small 1, main 2, ghost 2; oldest on the left, frequency in brackets):
 * <pre>
 *   insert A, B, C   small [A0 B0 C0]   small may overfill while the cache has room
 *   read A           small [A1 B0 C0]   only the counter changes
 *   insert D         full: main is empty, so evict small: A has frequency 1 &lt; 2, so A is evicted
 *                    small [B0 C0 D0], ghost [A]
 *   read B, read B   small [B2 C0 D0]
 *   insert A         full: B has frequency 2, moves to main as B0; C has 0: evicted. A is a ghost, so it
 *                    skips small, and C's key takes its place: small [D0], main [B0 A0], ghost [C]
 * </pre>
 *
 * @param <K> the key type
 */
final class S3Fifo<K> implements PolicyState<K> {

  private static final int SMALL = 0;
  private static final int MAIN = 1;

  /** The frequency a key must reach in small to move to main. */
  private static final int PROMOTE_AT = 2;

  /** Frequencies saturate here: a two-bit counter. */
  private static final int MAX_FREQUENCY = 3;

  private final NodeList<K> small = new NodeList<>();
  private final NodeList<K> main = new NodeList<>();

  /** Keys recently evicted from small, oldest first. A key leaves when it comes back or the ghost is over its size. */
  private final LinkedHashSet<K> ghost = new LinkedHashSet<>();

  /** Keys evicted from small while making room, waiting to join the ghost queue once the newcomer was looked up. */
  private final List<K> leaving = new ArrayList<>(1);

  /** The ghost queue's size: 90 % of the entries the cache held when it last had to evict. */
  private long ghostLimit;

  /** Main's share of the capacity: everything small's share leaves. */
  private final long mainShare;

  S3Fifo(long capacity) {
    long smallShare = Math.max(1, (long) Math.floor(capacity * 0.10));
    this.mainShare = capacity - smallShare;
  }

  @Override
  public boolean recordsHitsWithoutLock() {
    return true;
  }

  @Override
  public void onInsert(Node<K> node) {
    setFrequency(node, 0);
    boolean wasGhost = ghost.remove(node.key()) || leaving.remove(node.key());
    rememberLeaving();
    if (wasGhost) {
      node.queue = MAIN;
      main.addLast(node);
    } else {
      node.queue = SMALL;
      small.addLast(node);
    }
  }

  @Override
  public void onHit(Node<K> node) {
    int frequency = frequency(node);
    if (frequency < MAX_FREQUENCY) { // read before writing: a saturated count stays cached and unshared between cores
      setFrequency(node, frequency + 1);
    }
  }

  @Override
  public void onUpdate(Node<K> node, long oldWeight) {
    queueOf(node).reweigh(node, oldWeight);
    onHit(node);
  }

  @Override
  public void onRemove(Node<K> node) {
    queueOf(node).remove(node);
  }

  @Override
  public Node<K> evict() {
    ghostLimit = (long) Math.floor((small.size() + main.size()) * 0.90);
    boolean fromMain = main.weight() > mainShare || small.isEmpty();
    Node<K> victim = fromMain ? evictMain() : evictSmall();
    if (victim == null) {
      // Small emptied itself by promoting every key it held, or main was empty (a cache of capacity 0): try the other.
      victim = fromMain ? evictSmall() : evictMain();
    }
    return victim;
  }

  /**
   * Walks small from its oldest key: keys hit at least twice move to main (their frequency starts again), the first
   * other key is evicted and remembered as a ghost. Returns null if small emptied without an eviction.
   */
  private Node<K> evictSmall() {
    Node<K> oldest;
    while ((oldest = small.pollFirst()) != null) {
      if (frequency(oldest) >= PROMOTE_AT) {
        setFrequency(oldest, 0);
        oldest.queue = MAIN;
        main.addLast(oldest);
      } else {
        leaving.add(oldest.key());
        return oldest;
      }
    }
    return null;
  }

  /** CLOCK over main: the oldest key spends one unit of frequency for another round, until one has none left. */
  private Node<K> evictMain() {
    Node<K> oldest;
    while ((oldest = main.pollFirst()) != null) {
      int frequency = frequency(oldest);
      if (frequency == 0) {
        return oldest;
      }
      setFrequency(oldest, Math.min(frequency, MAX_FREQUENCY) - 1);
      main.addLast(oldest);
    }
    return null;
  }

  /**
   * Moves the keys evicted from small into the ghost queue, dropping the oldest ghosts beyond its limit. The engine
   * makes room <em>before</em> it inserts the newcomer, while the paper looks the newcomer up in the ghost queue
   * first; holding the evicted keys back until {@link #onInsert} has done that lookup keeps the paper's order (a
   * newcomer found in the ghost queue leaves it before the new ghosts can push it out).
   */
  private void rememberLeaving() {
    ghost.addAll(leaving);
    leaving.clear();
    Iterator<K> oldestFirst = ghost.iterator();
    while (ghost.size() > ghostLimit && oldestFirst.hasNext()) {
      oldestFirst.next();
      oldestFirst.remove();
    }
  }

  private static int frequency(Node<?> node) {
    return (int) Node.FREQUENCY.getOpaque(node);
  }

  private static void setFrequency(Node<?> node, int frequency) {
    Node.FREQUENCY.setOpaque(node, frequency);
  }

  private NodeList<K> queueOf(Node<K> node) {
    return (node.queue == MAIN) ? main : small;
  }
}
