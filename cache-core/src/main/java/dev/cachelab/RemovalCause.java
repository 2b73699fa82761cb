package dev.cachelab;

/** Why an entry left a cache, as told to a {@link RemovalListener}. */
public enum RemovalCause {

  /** The user removed it: {@code invalidate}, {@code invalidateAll}, or a removal through {@code asMap()}. */
  EXPLICIT,

  /** The user wrote a new value over it; the listener receives the old value. */
  REPLACED,

  /** Its time ran out (expiry). */
  EXPIRED,

  /** The cache evicted it to stay within its maximum size or weight. */
  SIZE;

  /**
   * Returns whether the cache removed the entry on its own, rather than because the user removed or replaced it.
   *
   * @return {@code true} for {@link #EXPIRED} and {@link #SIZE}
   */
  public boolean wasEvicted() {
    return this == EXPIRED || this == SIZE;
  }
}
