package dev.cachelab.policy;

/**
 * W-TinyLFU with an adaptive window: G. Einziger, R. Friedman, B. Manes, "TinyLFU: A Highly Efficient Cache
 * Admission Policy", ACM Transactions on Storage 13(4), 2017; the window sized by hill climbing as in Caffeine
 * (G. Einziger, O. Eytan, R. Friedman, B. Manes, "Adaptive Software Cache Management", Middleware 2018).
 *
 * <p><b>Idea.</b> An eviction policy decides who leaves; TinyLFU adds an <em>admission</em> policy that decides who
 * may enter main memory at all: a newcomer gets in only if a {@link FrequencySketch} says it was seen more often
 * lately than the entry it would push out. That alone keeps one-hit wonders and scans (the {@code loop} trace) from
 * flushing popular entries. Three LRU lists hold the entries:
 * <ul>
 *   <li><b>window</b> (1 % at first): every newcomer enters here unconditionally, so a burst of new keys re-read a few
 *       requests later (the {@code corda} trace) still hits. When the window is full, its oldest entry is the
 *       <em>candidate</em> for main;
 *   <li><b>probation</b>: main's entries not hit since they arrived; its oldest is the <em>victim</em>. The candidate
 *       enters main only if its estimated frequency is higher; otherwise the candidate leaves;
 *   <li><b>protected</b> (80 % of main): a hit in probation promotes the entry here; protected's overflow goes back to
 *       probation. Segmented LRU keeps entries that proved themselves away from the duel.
 * </ul>
 *
 * <p><b>Adaptive window.</b> Which window size is best depends on the workload: recency-heavy traces want a big
 * window, frequency-heavy ones a tiny one. A {@link WindowClimber} resizes it by hill climbing on the hit rate; main
 * is whatever the window leaves, protected 80 % of it. Sampling starts when the cache is first full: before that,
 * every window size hits the same.
 *
 * <p><b>Make room first.</b> The engine asks for a victim <em>before</em> the newcomer arrives. A full window means
 * the newcomer will push the window's oldest entry out, so {@link #evict()} runs that duel at once: the candidate is
 * the window's oldest entry, not the newcomer, exactly the duel that Caffeine runs after inserting. The newcomer
 * itself is never refused: it always gets its chance in the window. While the window is below its size (the climber
 * just grew it), main gives up its victim without a duel, so the window fills with newcomers.
 *
 * <p><b>Hash flooding.</b> The sketch counts hash codes, not keys, so an attacker who controls keys can request
 * many keys whose hash codes equal a victim's (strings built from {@code "Aa"} and {@code "BB"} are a classic) and
 * make it look as popular as a key can: every candidate then ties or loses against it, and junk is pinned in the
 * cache. Caffeine admits a losing warm candidate at random, 1 time in 128; here that cost 7.5 points on {@code loop}
 * at 1,000 entries (each random admission evicts a key about to be read). This policy asks a sharper question,
 * deterministically: has this victim refused newcomers for a whole aging period (10 × capacity additions, a halving
 * of every counter) without being read once? A genuinely popular entry is read and leaves probation for protected;
 * a real entry's count halves and fades. A victim still winning after that owes its count to other keys, so the next
 * warm candidate (frequency ≥ 6) replaces it. No trace in the project has such a victim ({@code loop} keeps its
 * 98.0 %); the flooding test pins what the defence buys.
 *
 * <p><b>Cost.</b> O(1) per operation (list moves, four sketch counters); the sketch's halving and a window resize
 * are amortized O(1). Hits reorder lists, so the engine buffers them and replays them under its lock.
 *
 * <p><b>Worked example</b> (capacity 3: window 1, main 2, protected 1; frequency in brackets):
 * <pre>
 *   insert A         window [A1]
 *   insert B, C      each pushes the window's oldest into probation: window [C1], probation [A1 B1]
 *   read A           A is promoted: window [C1], probation [B1], protected [A2]
 *   insert D         full window: candidate C1 against victim B1; not more frequent, so C is refused: evict C
 *                    window [D1], probation [B1], protected [A2]
 * </pre>
 *
 * @param <K> the key type
 */
final class WTinyLfu<K> implements PolicyState<K> {

  private static final int WINDOW = 0;
  private static final int PROBATION = 1;
  private static final int PROTECTED = 2;

  private static final double MAIN_SHARE = 0.99;
  private static final double PROTECTED_SHARE = 0.80;
  /** The frequency from which a candidate looks warm enough to replace a victim that outstayed its aging period. */
  private static final int WARM = 6;

  private final long capacity;
  private final FrequencySketch sketch;
  private final NodeList<K> window = new NodeList<>();
  private final NodeList<K> probation = new NodeList<>();
  private final NodeList<K> protectedSegment = new NodeList<>();
  private long windowMax;
  private long protectedMax;

  private final WindowClimber climber;
  private boolean sampling;
  /** The victim that won the last duel, and how many duels in a row it has won: its tenure. */
  private Node<K> incumbent;
  private long incumbentWins;

  WTinyLfu(long capacity) {
    this.capacity = capacity;
    this.sketch = new FrequencySketch(capacity);
    resizeWindow(capacity - (long) (MAIN_SHARE * capacity));
    this.climber = new WindowClimber(capacity, windowMax);
  }

  @Override
  public void onInsert(Node<K> node) {
    sketch.increment(node.key());
    node.queue = WINDOW;
    window.addLast(node);
    fitWindow();
    sample(false);
  }

  @Override
  public void onHit(Node<K> node) {
    access(node);
    sample(true);
  }

  @Override
  public void onUpdate(Node<K> node, long oldWeight) {
    listOf(node).reweigh(node, oldWeight);
    access(node);
  }

  @Override
  public void onRemove(Node<K> node) {
    listOf(node).remove(node);
  }

  @Override
  public Node<K> evict() {
    sampling = true;
    Node<K> candidate = (window.weight() >= windowMax) ? window.first() : null;
    Node<K> victim = probation.isEmpty() ? protectedSegment.first() : probation.first();
    if (candidate != null && victim != null) {
      if (admit(candidate.key(), victim) || outstayed(victim, candidate.key())) {
        move(candidate, probation, PROBATION);
        listOf(victim).remove(victim);
        return victim;
      }
      window.remove(candidate);
      return candidate;
    }
    Node<K> only = (victim != null) ? victim : window.first();
    if (only != null) {
      listOf(only).remove(only);
    }
    return only;
  }

  /** TinyLFU's rule: the candidate enters main only if it was seen more often lately than the victim. */
  private boolean admit(K candidate, Node<K> victim) {
    return sketch.frequency(candidate) > sketch.frequency(victim.key());
  }

  /**
   * The flooding defence: whether {@code victim}, which just won a duel, has won for a whole aging period without
   * leaving probation (a read would have promoted it), and the candidate is warm; see the class comment.
   */
  private boolean outstayed(Node<K> victim, K candidate) {
    incumbentWins = (victim == incumbent) ? incumbentWins + 1 : 1;
    incumbent = victim;
    if (incumbentWins <= sketch.samplePeriod() || sketch.frequency(candidate) < WARM) {
      return false;
    }
    incumbent = null;
    return true;
  }

  private void access(Node<K> node) {
    sketch.increment(node.key());
    switch (node.queue) {
      case WINDOW -> window.moveToLast(node);
      case PROBATION -> {
        move(node, protectedSegment, PROTECTED);
        fitProtected();
      }
      default -> protectedSegment.moveToLast(node);
    }
  }

  /** Counts a hit or a miss towards the climber's sample, and resizes the window when the climber moves it. */
  private void sample(boolean hit) {
    if (sampling && climber.record(hit)) {
      resizeWindow(climber.window());
    }
  }

  /** Sets the window's size (at least 1, at most the capacity); main is the rest, protected 80 % of main. */
  private void resizeWindow(long size) {
    windowMax = Math.max(Math.min(size, capacity), Math.min(1, capacity));
    protectedMax = (long) (PROTECTED_SHARE * (capacity - windowMax));
    fitWindow();
    fitProtected();
  }

  /** Moves the window's oldest entries into probation until the window fits; they enter main without a duel. */
  private void fitWindow() {
    while (window.weight() > windowMax && window.size() > 1) {
      move(window.first(), probation, PROBATION);
    }
  }

  /** Demotes protected's oldest entries to probation until protected fits. */
  private void fitProtected() {
    while (protectedSegment.weight() > protectedMax) {
      move(protectedSegment.first(), probation, PROBATION);
    }
  }

  private void move(Node<K> node, NodeList<K> to, int queue) {
    listOf(node).remove(node);
    node.queue = queue;
    to.addLast(node);
  }

  private NodeList<K> listOf(Node<K> node) {
    return switch (node.queue) {
      case WINDOW -> window;
      case PROBATION -> probation;
      default -> protectedSegment;
    };
  }
}
