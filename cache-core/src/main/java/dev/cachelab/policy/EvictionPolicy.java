package dev.cachelab.policy;

/**
 * An eviction policy: the rule that picks which entry leaves a full cache. Values are immutable factories; each
 * cache gets its own {@link PolicyState} from {@link #newState}.
 *
 * <p>Each policy lives in one short, commented file of this package, opening with the paper it comes from and a
 * worked example. For the capacity-3 sequence "insert A, B, C; read A; insert D" they evict:
 *
 * <table>
 *   <caption>Victim of the capacity-3 walkthrough</caption>
 *   <tr><th>policy</th><th>evicts</th><th>why</th></tr>
 *   <tr><td>{@link #lru()}</td><td>B</td><td>the read moved A to the most recent end; B is now the least recent</td></tr>
 *   <tr><td>{@link #fifo()}</td><td>A</td><td>A came first; reads change nothing</td></tr>
 *   <tr><td>{@link #clock()}</td><td>B</td><td>the hand clears A's reference bit and gives it a second chance</td></tr>
 *   <tr><td>{@link #sieve()}</td><td>B</td><td>the hand skips the visited A and evicts B in place</td></tr>
 *   <tr><td>{@link #lfu()}</td><td>B</td><td>A was used twice, B and C once; ties go to the older entry</td></tr>
 *   <tr><td>{@link #s3Fifo()}</td><td>A</td><td>new keys wait in a small FIFO; one read there is not enough to earn
 *       a place in main (it takes two), so A leaves and its key is remembered in the ghost queue</td></tr>
 *   <tr><td>{@link #wTinyLfu()}</td><td>C</td><td>the read promoted A; D pushes C out of the one-entry window, and C,
 *       seen no more often than main's victim B, is refused admission</td></tr>
 * </table>
 *
 * <p>These policies run in the built-in engine ({@code Stores.inMemory()}); other stores evict by their own rules.
 */
public interface EvictionPolicy {

  /**
   * Least recently used: evicts the entry whose last use is oldest. Hits reorder a list, so the engine buffers
   * them and applies them under its lock.
   *
   * @return the LRU policy
   */
  static EvictionPolicy lru() {
    return BuiltIn.LRU;
  }

  /**
   * First in, first out: evicts the oldest insertion; hits cost nothing.
   *
   * @return the FIFO policy
   */
  static EvictionPolicy fifo() {
    return BuiltIn.FIFO;
  }

  /**
   * CLOCK (second chance): FIFO with a reference bit that a hit sets without a lock.
   *
   * @return the CLOCK policy
   */
  static EvictionPolicy clock() {
    return BuiltIn.CLOCK;
  }

  /**
   * SIEVE (Zhang et al., NSDI 2024): a hand that walks from old to new, evicting unvisited entries in place.
   * Hits set a bit without a lock.
   *
   * @return the SIEVE policy
   */
  static EvictionPolicy sieve() {
    return BuiltIn.SIEVE;
  }

  /**
   * Least frequently used, with aging: counts uses and halves all counts periodically, so an entry that was hot
   * long ago loses to one that is hot now.
   *
   * @return the LFU policy
   */
  static EvictionPolicy lfu() {
    return BuiltIn.LFU;
  }

  /**
   * S3-FIFO (Yang et al., SOSP 2023): a small FIFO that filters out keys used only once, a main FIFO with a two-bit
   * counter, and a ghost queue of recently evicted keys that lets a key evicted too early come straight back to main.
   * Hits only raise a counter.
   *
   * @return the S3-FIFO policy
   */
  static EvictionPolicy s3Fifo() {
    return BuiltIn.S3_FIFO;
  }

  /**
   * W-TinyLFU (Einziger, Friedman, Manes, ACM ToS 2017), the policy Caffeine uses: newcomers enter an LRU window;
   * the window's oldest entry is admitted to a segmented-LRU main region only if a frequency sketch says it is more
   * popular than main's victim; and a hill climber adapts the window's size to the workload.
   *
   * @return the W-TinyLFU policy
   */
  static EvictionPolicy wTinyLfu() {
    return BuiltIn.W_TINY_LFU;
  }

  /**
   * Creates the bookkeeping of this policy for one cache.
   *
   * @param <K> the cache's key type
   * @param capacity the cache's bound: the maximum number of entries, or the maximum total weight
   * @return fresh, empty state owned by one cache
   */
  <K> PolicyState<K> newState(long capacity);
}
