package dev.cachelab.internal;

import dev.cachelab.Expiry;
import dev.cachelab.store.Stamped;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Turns a cache's expiry settings into the times of each {@link Stamped} entry: how long a new, updated or
 * remembered-absent entry lives, how a read extends it, and the jitter that keeps keys loaded together from
 * expiring together.
 *
 * <p>Jitter: a lifetime L set at a write becomes {@code L × (1 + f × u)} with u uniform in [-1, 1) from the cache's
 * random source, so with {@code expiryJitter(0.1)} a one-hour entry lives between 54 and 66 minutes. Reads that
 * extend an entry ({@code expireAfterAccess}) are not jittered: they keep an entry alive, they do not synchronise
 * expiries.
 *
 * <p>Thread-safe if the random source is.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Lifetimes<K, V> {

  private final long afterWrite;
  private final long afterAccess;
  private final Expiry<? super K, ? super V> expiry;
  private final long negativeTtl;
  private final double jitter;
  private final RandomGenerator random;

  Lifetimes(long afterWrite, long afterAccess, Expiry<? super K, ? super V> expiry, long negativeTtl,
      double jitter, RandomGenerator random) {
    this.afterWrite = afterWrite;
    this.afterAccess = afterAccess;
    this.expiry = expiry;
    this.negativeTtl = negativeTtl;
    this.jitter = jitter;
    this.random = random;
  }

  /** Returns whether entries can expire at all, i.e. whether reads must look at the ticker. */
  boolean expires() {
    return afterWrite != Stamped.NEVER || afterAccess != Stamped.NEVER || expiry != null;
  }

  /** Returns whether stamping an update needs the entry it replaces (a per-entry {@code Expiry} does). */
  boolean usesPreviousLifetime() {
    return expiry != null;
  }

  /** Returns whether a loader's "absent" answer is remembered. */
  boolean cachesAbsence() {
    return negativeTtl != Stamped.NEVER;
  }

  /** Stamps a value written at {@code now}; {@code previous} is the live entry it replaces, if any. */
  Stamped<V> stamp(K key, V value, long now, long loadNanos, Stamped<V> previous) {
    if (value == null) {
      return Stamped.write(null, now, jittered(negativeTtl), Stamped.NEVER, loadNanos);
    }
    if (expiry != null) {
      Duration lifetime = (previous == null || previous.isAbsent())
          ? expiry.expireAfterCreate(key, value)
          : expiry.expireAfterUpdate(key, value, Duration.ofNanos(Math.max(0, previous.remaining(now))));
      return Stamped.write(value, now, Stamped.NEVER, jittered(nanos(lifetime, "expireAfterCreate/Update")),
          loadNanos);
    }
    return Stamped.write(value, now, jittered(afterWrite), afterAccess, loadNanos);
  }

  /**
   * Extends an entry that was just read, as {@code expireAfterAccess} or the {@code Expiry} says: returns the
   * touched copy for the store to keep in its place, or {@code null} when reads do not extend entries.
   */
  Stamped<V> onRead(K key, Stamped<V> entry, long now) {
    if (entry.isAbsent()) {
      return null;
    }
    if (expiry != null) {
      Duration remaining = Duration.ofNanos(Math.max(0, entry.remaining(now)));
      return entry.touchedAt(now, nanos(expiry.expireAfterRead(key, entry.value(), remaining), "expireAfterRead"));
    } else if (afterAccess != Stamped.NEVER) {
      return entry.touchedAt(now, afterAccess);
    }
    return null;
  }

  private long jittered(long lifetime) {
    if (jitter == 0 || lifetime == Stamped.NEVER) {
      return lifetime;
    }
    double factor = 1 + jitter * random.nextDouble(-1.0, 1.0);
    return Math.max(0, (long) (lifetime * factor));
  }

  /** Converts an {@code Expiry}'s answer to nanoseconds: null is a bug, negative is "now", huge is "never". */
  private static long nanos(Duration duration, String method) {
    if (duration == null) {
      throw new NullPointerException("Expiry." + method + " returned null; return Duration.ZERO to expire at once");
    }
    if (duration.isNegative()) {
      return 0;
    }
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Stamped.NEVER;
    }
  }
}
