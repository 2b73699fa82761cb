package dev.cachelab.policy;

/**
 * Sizes {@link WTinyLfu}'s window by hill climbing on the hit rate: G. Einziger, O. Eytan, R. Friedman, B. Manes,
 * "Adaptive Software Cache Management", Middleware 2018, with the small-cache lessons of Caffeine 3.3.
 *
 * <p><b>Idea.</b> Recency-heavy workloads want a big window, frequency-heavy ones a tiny one, and a workload can
 * change its mind. So the climber measures the hit rate over a sample of requests and compares it with the previous
 * sample's: if it held or rose, the window moves again the same way; if it fell, the climber turns round. Each step
 * is a little shorter than the last ({@code × 0.98}), so the window settles; a jump of 5 points or more means the
 * workload changed, and the step is long again (6.25 % of the cache, at least 2 entries).
 *
 * <p><b>Noise.</b> A sample is a few thousand requests, so its hit rate wobbles. A drop smaller than one standard
 * error of the difference of two samples ({@code sqrt(2p(1-p)/n)}) is read as "no change", and the climber keeps
 * going: on a plateau, as at the start of the {@code corda} trace where no window below 20 entries hits at all,
 * reading noise as a signal sends it back and forth for ever. Small caches (up to 512 entries) hear the most noise,
 * so their steps decay more slowly ({@code × 0.995}) and their samples grow, up to four times, as the step shrinks.
 *
 * <p><b>Sample length.</b> Ten requests per entry, as TinyLFU's aging period, but at least 1,280 (a 64-entry cache
 * would otherwise judge 640 requests) and at most 20,000 (enough to measure a hit rate to a fraction of a point;
 * a 20,000-entry cache would otherwise take 200,000 requests a step, and most traces end before it has moved).
 *
 * <p><b>Two choices of our own.</b> The first step grows the window: the 1 % start can hardly shrink, and on
 * {@code corda} a first step down wastes a whole sample. And a window as big as the whole cache is plain LRU with no
 * admission at all: when a step pushes into that wall and the hit rate stays flat, the climber turns round instead of
 * pushing on. (On the {@code mixed} trace at 128 entries, corda drives the window to the wall, then loop's hit rate
 * is flat at zero there; pushing on kept it at 3 % where Caffeine gets 12 %.) The bottom wall, a window of one entry,
 * is where scans want it, so there it keeps still.
 *
 * <p>Not thread-safe: used under the engine's eviction lock.
 */
final class WindowClimber {

  private static final double STEP_SHARE = 0.0625;
  private static final double MIN_STEP = 2;
  private static final double DECAY = 0.98;
  private static final double SMALL_DECAY = 0.995;
  private static final long SMALL_CACHE = 512;
  private static final double MAX_STRETCH = 4;
  private static final double RESTART_THRESHOLD = 0.05;
  private static final long MIN_SAMPLE = 1_280;
  private static final long MAX_SAMPLE = 20_000;

  private final long capacity;
  private final long basePeriod;
  private final double restartStep;
  private final boolean small;
  private long window;
  /** The next move of the window, in entries; the sign is the direction. */
  private double step;
  private double previousHitRate;
  private long hits;
  private long misses;

  /**
   * Creates a climber.
   *
   * @param capacity the cache's capacity
   * @param window the window's starting size
   */
  WindowClimber(long capacity, long window) {
    this.capacity = capacity;
    this.window = window;
    this.basePeriod = Math.min(Math.max(10 * capacity, MIN_SAMPLE), MAX_SAMPLE);
    this.restartStep = Math.max(STEP_SHARE * capacity, MIN_STEP);
    this.small = capacity <= SMALL_CACHE;
    this.step = restartStep;
  }

  /** The window's size the climber wants, between 1 and the capacity. */
  long window() {
    return window;
  }

  /**
   * Counts one request; at the end of a sample, moves the window.
   *
   * @param hit whether the request hit
   * @return whether {@link #window()} changed
   */
  boolean record(boolean hit) {
    if (hit) {
      hits++;
    } else {
      misses++;
    }
    long requests = hits + misses;
    if (requests < samplePeriod()) {
      return false;
    }
    double hitRate = (double) hits / requests;
    hits = 0;
    misses = 0;
    return climb(hitRate, requests);
  }

  private boolean climb(double hitRate, long requests) {
    double change = hitRate - previousHitRate;
    double mean = (hitRate + previousHitRate) / 2;
    double noise = Math.sqrt(2 * mean * (1 - mean) / requests);
    previousHitRate = hitRate;
    boolean flat = Math.abs(change) <= noise;
    boolean intoLruWall = step > 0 && window >= capacity;
    double amount = (change < -noise || (flat && intoLruWall)) ? -step : step;
    step = (Math.abs(change) >= RESTART_THRESHOLD)
        ? Math.copySign(restartStep, amount)            // the workload changed: take long steps again
        : (small ? SMALL_DECAY : DECAY) * amount;       // near the top: shorter and shorter steps
    long before = window;
    window = Math.max(1, Math.min(capacity, window + (long) amount));
    return window != before;
  }

  /** The sample's length; a small cache's grows as its step shrinks, since a short step needs a clearer signal. */
  private long samplePeriod() {
    if (!small) {
      return basePeriod;
    }
    double stretch = restartStep / Math.max(Math.abs(step), restartStep / MAX_STRETCH);
    return (long) (basePeriod * Math.max(1, stretch));
  }
}
