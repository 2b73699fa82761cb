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
 * <p><b>Adaptive window (hill climbing).</b> Which window size is best depends on the workload: recency-heavy
 * traces want a big window, frequency-heavy ones a tiny one. So every sample period (10 × capacity requests, the
 * sketch's aging period) the policy compares the sample's hit rate with the previous sample's. If it held or
 * improved, the window moves again in the same direction; if it dropped, the direction reverses. The step starts at
 * 6.25 % of the capacity and decays by 2 % per sample, so the size settles; a change of 5 points or more means the
 * workload changed, so the step jumps back to full size. Main is whatever the window leaves, protected 80 % of it.
 * Two choices differ from Caffeine's classic climber, each because a trace showed why. The first step grows the
 * window: the 1 % start can hardly shrink, and on {@code corda} a first step down wastes a whole sample. And after a
 * step that a bound cut to nothing (the window is already 1, or already the whole cache), a change of less than 5
 * points is noise, since no step caused it, so the climber holds instead of turning round; on {@code loop} that
 * noise otherwise throws the window up and down for nothing. Sampling starts when the cache is first full: before
 * that, every window size hits the same.
 *
 * <p><b>Make room first.</b> The engine asks for a victim <em>before</em> the newcomer arrives. A full window means
 * the newcomer will push the window's oldest entry out, so {@link #evict()} runs that duel at once: the candidate is
 * the window's oldest entry, not the newcomer, exactly the duel that Caffeine runs after inserting. The newcomer
 * itself is never refused: it always gets its chance in the window. While the window is below its size (the climber
 * just grew it), main gives up its victim without a duel, so the window fills with newcomers.
 *
 * <p><b>Hash flooding, and why there is no randomness here.</b> An attacker who controls keys could make main's
 * victim look hot (keys whose counters collide with it) so that every candidate is refused. Caffeine blunts this by
 * admitting a losing candidate of frequency ≥ 6 at random, 1 time in 128. Here that costs more than it protects:
 * on {@code loop} each random admission evicts a key that is about to be read, which starts a chain of misses
 * (measured with a seeded random source: 91.5 % instead of 98.0 % at 1,000 entries). So this teaching policy has no
 * random source and is deterministic; a cache facing untrusted keys should add the jitter back, or seed the sketch's
 * hash per cache.
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
  private static final double STEP_SHARE = 0.0625;
  private static final double STEP_DECAY = 0.98;
  private static final double RESTART_THRESHOLD = 0.05;

  private final long capacity;
  private final FrequencySketch sketch;
  private final NodeList<K> window = new NodeList<>();
  private final NodeList<K> probation = new NodeList<>();
  private final NodeList<K> protectedSegment = new NodeList<>();
  private long windowMax;
  private long protectedMax;

  // The hill climber.
  private boolean sampling;
  private long sampleHits;
  private long sampleMisses;
  private double previousHitRate;
  /** The next move of the window's size, in weight; the sign is the direction. The first move grows it. */
  private double step;
  /** Whether the last step changed the window; false when a bound stopped it. */
  private boolean moved = true;

  WTinyLfu(long capacity) {
    this.capacity = capacity;
    this.sketch = new FrequencySketch(capacity);
    this.step = STEP_SHARE * capacity;
    resizeWindow(capacity - (long) (MAIN_SHARE * capacity));
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
      if (admit(candidate.key(), victim.key())) {
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
  private boolean admit(K candidate, K victim) {
    return sketch.frequency(candidate) > sketch.frequency(victim);
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

  /** Counts a hit or a miss towards the climber's sample; at the end of a sample, adapts the window. */
  private void sample(boolean hit) {
    if (!sampling) {
      return;
    }
    if (hit) {
      sampleHits++;
    } else {
      sampleMisses++;
    }
    long requests = sampleHits + sampleMisses;
    if (requests >= sketch.samplePeriod()) {
      climb((double) sampleHits / requests);
      sampleHits = 0;
      sampleMisses = 0;
    }
  }

  /** One hill-climbing step: keep going while the hit rate does not drop, turn around when it does. */
  private void climb(double hitRate) {
    double change = hitRate - previousHitRate;
    previousHitRate = hitRate;
    if (!moved && Math.abs(change) < RESTART_THRESHOLD) {
      return; // the last step was stopped by a bound, so nothing we did caused this change: it is noise
    }
    double amount = (change >= 0) ? step : -step;
    step = (Math.abs(change) >= RESTART_THRESHOLD)
        ? Math.copySign(STEP_SHARE * capacity, amount) // the workload changed: take big steps again
        : STEP_DECAY * amount;                          // near the top: take smaller and smaller steps
    long before = windowMax;
    resizeWindow(windowMax + (long) amount);
    moved = windowMax != before;
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
