package dev.cachelab.internal;

/**
 * What the facade keeps in a store for each key: the value and the times that decide its expiry and refresh. Times
 * are readings of the cache's ticker, compared by difference so that any origin works.
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
final class Stamped<V> {

  static final long NEVER = Long.MAX_VALUE;

  /** The value; {@code null} for a remembered absence (negative caching). */
  final V value;
  final long writeTime;
  final long writeLifetime;
  /** How long the load that produced the value took (XFetch's delta); 0 for a value that was put. */
  final long loadNanos;
  private volatile long touchTime;
  private volatile long touchLifetime;

  Stamped(V value, long writeTime, long writeLifetime, long touchLifetime, long loadNanos) {
    this.value = value;
    this.writeTime = writeTime;
    this.writeLifetime = writeLifetime;
    this.touchTime = writeTime;
    this.touchLifetime = touchLifetime;
    this.loadNanos = loadNanos;
  }

  boolean isAbsent() {
    return value == null;
  }

  boolean isExpired(long now) {
    return now - writeTime >= writeLifetime || now - touchTime >= touchLifetime;
  }

  /** Returns the time left before expiry, at most {@link #NEVER}; zero or less once expired. */
  long remaining(long now) {
    return Math.min(writeLifetime - (now - writeTime), touchLifetime - (now - touchTime));
  }

  boolean expires() {
    return writeLifetime != NEVER || touchLifetime != NEVER;
  }

  /** Gives the entry {@code lifetime} more from {@code now} (an access, or an {@code Expiry}'s answer to a read). */
  void touch(long now, long lifetime) {
    touchTime = now;
    touchLifetime = lifetime;
  }
}
