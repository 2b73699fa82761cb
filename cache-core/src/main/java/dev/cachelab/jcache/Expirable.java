package dev.cachelab.jcache;

/**
 * A value with the instant, on the cache's ticker, after which JCache considers it expired. Identity equality on
 * purpose: "is this still the entry I read?" must not depend on the value's {@code equals}.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param <V> the value type
 */
final class Expirable<V> {

  /** The deadline of an entry that never expires. */
  static final long ETERNAL = Long.MAX_VALUE;

  private final V value;
  private final long expiresAtNanos;

  Expirable(V value, long expiresAtNanos) {
    this.value = value;
    this.expiresAtNanos = expiresAtNanos;
  }

  V value() {
    return value;
  }

  long expiresAtNanos() {
    return expiresAtNanos;
  }

  boolean isExpired(long nowNanos) {
    return expiresAtNanos != ETERNAL && nowNanos - expiresAtNanos >= 0;
  }

  /** Returns this value with another deadline. */
  Expirable<V> withDeadline(long expiresAtNanos) {
    return new Expirable<>(value, expiresAtNanos);
  }

  @Override
  public String toString() {
    return value + (expiresAtNanos == ETERNAL ? " (eternal)" : " (expires at " + expiresAtNanos + " ns)");
  }
}
