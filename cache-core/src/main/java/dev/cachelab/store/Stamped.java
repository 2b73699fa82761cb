package dev.cachelab.store;

/**
 * What the cache facade keeps in a store for each key: the user's value and the times that decide its expiry and
 * refresh. A store treats it as its value; a store that serializes values encodes the value with its codec and the
 * five numbers beside it, and rebuilds the entry with {@link #restore}. Times are readings of the cache's ticker,
 * compared by difference so that any origin works; they mean nothing to another process, so a persistent store that
 * is reopened by a new JVM sees entries written by an earlier one with times of that run (documented per store).
 *
 * <p>An entry is expired once {@code now - writeTime >= writeLifetime} or {@code now - touchTime >= touchLifetime}.
 * The first pair is fixed at the write ({@code expireAfterWrite}); the second moves: reads move it for
 * {@code expireAfterAccess}, and a per-entry {@code Expiry} sets both parts on create, update and read. A lifetime of
 * {@link Long#MAX_VALUE} means "never".
 *
 * <p>Thread-safe: the moving pair is volatile; a race between two reads that both extend it keeps one of them.
 *
 * @param <V> the value type
 */
public final class Stamped<V> {

  /** The lifetime of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  private final V value;
  private final long writeTime;
  private final long writeLifetime;
  private final long loadNanos;
  private volatile long touchTime;
  private volatile long touchLifetime;

  /**
   * Stamps a value written at {@code writeTime}.
   *
   * @param value the value, or {@code null} for a remembered absence
   * @param writeTime the ticker reading of the write
   * @param writeLifetime nanoseconds from the write until expiry, or {@link #NEVER}
   * @param touchLifetime nanoseconds from the last touch (initially the write) until expiry, or {@link #NEVER}
   * @param loadNanos how long the load that produced the value took, 0 for a put
   */
  public Stamped(V value, long writeTime, long writeLifetime, long touchLifetime, long loadNanos) {
    this(value, writeTime, writeLifetime, writeTime, touchLifetime, loadNanos);
  }

  private Stamped(V value, long writeTime, long writeLifetime, long touchTime, long touchLifetime, long loadNanos) {
    this.value = value;
    this.writeTime = writeTime;
    this.writeLifetime = writeLifetime;
    this.touchTime = touchTime;
    this.touchLifetime = touchLifetime;
    this.loadNanos = loadNanos;
  }

  /**
   * Rebuilds an entry from the parts a store saved.
   *
   * @param <V> the value type
   * @param value the decoded value, or {@code null} for a remembered absence
   * @param writeTime {@link #writeTime()}
   * @param writeLifetime {@link #writeLifetime()}
   * @param touchTime {@link #touchTime()}
   * @param touchLifetime {@link #touchLifetime()}
   * @param loadNanos {@link #loadNanos()}
   * @return the entry
   */
  public static <V> Stamped<V> restore(V value, long writeTime, long writeLifetime, long touchTime,
      long touchLifetime, long loadNanos) {
    return new Stamped<>(value, writeTime, writeLifetime, touchTime, touchLifetime, loadNanos);
  }

  /**
   * Returns the value.
   *
   * @return the value, or {@code null} for a remembered absence (negative caching)
   */
  public V value() {
    return value;
  }

  /**
   * Returns the ticker reading of the write.
   *
   * @return the write time
   */
  public long writeTime() {
    return writeTime;
  }

  /**
   * Returns the lifetime counted from the write.
   *
   * @return nanoseconds, or {@link #NEVER}
   */
  public long writeLifetime() {
    return writeLifetime;
  }

  /**
   * Returns the ticker reading of the last touch (the write, or a read that extended the entry).
   *
   * @return the touch time
   */
  public long touchTime() {
    return touchTime;
  }

  /**
   * Returns the lifetime counted from the last touch.
   *
   * @return nanoseconds, or {@link #NEVER}
   */
  public long touchLifetime() {
    return touchLifetime;
  }

  /**
   * Returns how long the load that produced the value took (XFetch's delta).
   *
   * @return nanoseconds; 0 for a value that was put
   */
  public long loadNanos() {
    return loadNanos;
  }

  /**
   * Returns whether this is a remembered absence rather than a value.
   *
   * @return {@code true} if {@link #value()} is {@code null}
   */
  public boolean isAbsent() {
    return value == null;
  }

  /**
   * Returns whether the entry has expired at {@code now}.
   *
   * @param now a reading of the cache's ticker
   * @return {@code true} once either lifetime has run out
   */
  public boolean isExpired(long now) {
    return now - writeTime >= writeLifetime || now - touchTime >= touchLifetime;
  }

  /**
   * Returns the time left before expiry.
   *
   * @param now a reading of the cache's ticker
   * @return nanoseconds, at most about {@link #NEVER}; zero or less once expired
   */
  public long remaining(long now) {
    return Math.min(writeLifetime - (now - writeTime), touchLifetime - (now - touchTime));
  }

  /**
   * Returns whether the entry can expire at all.
   *
   * @return {@code false} if both lifetimes are {@link #NEVER}
   */
  public boolean expires() {
    return writeLifetime != NEVER || touchLifetime != NEVER;
  }

  /**
   * Gives the entry {@code lifetime} more from {@code now}: an access, or an {@code Expiry}'s answer to a read.
   *
   * @param now a reading of the cache's ticker
   * @param lifetime nanoseconds, or {@link #NEVER}
   */
  public void touch(long now, long lifetime) {
    touchTime = now;
    touchLifetime = lifetime;
  }
}
