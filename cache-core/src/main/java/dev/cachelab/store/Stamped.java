package dev.cachelab.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What the cache facade keeps in a store for each key: the user's value, an identity for the write that put it
 * there, and the times that decide its expiry and refresh. A store treats it as its value; a store that serializes
 * values encodes the value with its codec and the six numbers beside it, and rebuilds the entry with
 * {@link #restore}.
 *
 * <p><b>Write identity.</b> Every write gets a random 64-bit {@link #writeId()}. "Is the store still holding the write
 * I read?" is answered by comparing ids ({@link #sameWrite}), never by the value's {@code equals}: a serializing store
 * returns a fresh copy on every read, and a value class may compare by identity. Two writes share an id with
 * probability 2<sup>-64</sup>.
 *
 * <p><b>Time.</b> Times are readings of the cache's {@link dev.cachelab.Ticker}, compared by difference. For a store
 * that only this process sees, any origin works. For a store that is shared by several processes or outlives this
 * one ({@link StoreFactory.Capability#SHARED}), the cache reads a wall clock ({@link dev.cachelab.Ticker#wallClock()}):
 * times are nanoseconds since the Unix epoch, so every process makes the same expiry and refresh decisions (within
 * the skew of their clocks).
 *
 * <p>An entry is expired once {@code now - writeTime >= writeLifetime} or {@code now - touchTime >= touchLifetime}.
 * The first pair is fixed at the write ({@code expireAfterWrite}); the second moves: reads move it for
 * {@code expireAfterAccess}, and a per-entry {@code Expiry} sets both parts on create, update and read. A lifetime of
 * {@link Long#MAX_VALUE} means "never".
 *
 * <p>Immutable: a read that extends the entry makes a copy with {@link #touchedAt} (same write id) and asks the store
 * to {@link Store#replace replace} the entry it read, so a store can never be changed behind its back.
 *
 * <p><b>Two shapes.</b> Most entries of an untimed cache never expire and were written at time 0 (the cache does not
 * read its clock for them). Such an entry is kept in a smaller object — value, write id and load time, 32 bytes
 * instead of 64 — whose times are implied: written and touched at 0, both lifetimes {@link #NEVER}. Which shape an
 * entry has is decided by {@link #restore} from its numbers alone, so the two are indistinguishable through this
 * class's methods; in a cache of a million entries the smaller shape saves 32 MB.
 *
 * @param <V> the value type
 */
public sealed class Stamped<V> {

  /** The lifetime of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  private final V value;
  private final long writeId;
  private final long loadNanos;

  /** The untimed shape: written and touched at 0, never expiring. */
  private Stamped(V value, long writeId, long loadNanos) {
    this.value = value;
    this.writeId = writeId;
    this.loadNanos = loadNanos;
  }

  /**
   * Stamps a new write of {@code value} at {@code writeTime}, with a fresh write id.
   *
   * @param <V> the value type
   * @param value the value, or {@code null} for a remembered absence
   * @param writeTime the ticker reading of the write
   * @param writeLifetime nanoseconds from the write until expiry, or {@link #NEVER}
   * @param touchLifetime nanoseconds from the last touch (initially the write) until expiry, or {@link #NEVER}
   * @param loadNanos how long the load that produced the value took, 0 for a put
   * @return the entry
   */
  public static <V> Stamped<V> write(V value, long writeTime, long writeLifetime, long touchLifetime,
      long loadNanos) {
    return restore(value, ThreadLocalRandom.current().nextLong(), writeTime, writeLifetime, writeTime, touchLifetime,
        loadNanos);
  }

  /**
   * Rebuilds an entry from the parts a store saved.
   *
   * @param <V> the value type
   * @param value the decoded value, or {@code null} for a remembered absence
   * @param writeId {@link #writeId()}
   * @param writeTime {@link #writeTime()}
   * @param writeLifetime {@link #writeLifetime()}
   * @param touchTime {@link #touchTime()}
   * @param touchLifetime {@link #touchLifetime()}
   * @param loadNanos {@link #loadNanos()}
   * @return the entry
   */
  public static <V> Stamped<V> restore(V value, long writeId, long writeTime, long writeLifetime, long touchTime,
      long touchLifetime, long loadNanos) {
    if (writeTime == 0 && touchTime == 0 && writeLifetime == NEVER && touchLifetime == NEVER) {
      return new Stamped<>(value, writeId, loadNanos);
    }
    return new Timed<>(value, writeId, writeTime, writeLifetime, touchTime, touchLifetime, loadNanos);
  }

  /**
   * Returns the value.
   *
   * @return the value, or {@code null} for a remembered absence (negative caching)
   */
  public final V value() {
    return value;
  }

  /**
   * Returns the identity of the write that produced this entry: the same for every copy of it a store makes, and
   * for the copies {@link #touchedAt} makes.
   *
   * @return the write id
   */
  public final long writeId() {
    return writeId;
  }

  /**
   * Returns whether {@code other} is this write or a copy of it (a store's copy, or a touched copy).
   *
   * @param other an entry, or {@code null}
   * @return {@code true} if both carry the same write id
   */
  public final boolean sameWrite(Stamped<?> other) {
    return other != null && other.writeId == writeId;
  }

  /**
   * Returns the ticker reading of the write.
   *
   * @return the write time
   */
  public long writeTime() {
    return 0;
  }

  /**
   * Returns the lifetime counted from the write.
   *
   * @return nanoseconds, or {@link #NEVER}
   */
  public long writeLifetime() {
    return NEVER;
  }

  /**
   * Returns the ticker reading of the last touch (the write, or a read that extended the entry).
   *
   * @return the touch time
   */
  public long touchTime() {
    return 0;
  }

  /**
   * Returns the lifetime counted from the last touch.
   *
   * @return nanoseconds, or {@link #NEVER}
   */
  public long touchLifetime() {
    return NEVER;
  }

  /**
   * Returns how long the load that produced the value took (XFetch's delta).
   *
   * @return nanoseconds; 0 for a value that was put
   */
  public final long loadNanos() {
    return loadNanos;
  }

  /**
   * Returns whether this is a remembered absence rather than a value.
   *
   * @return {@code true} if {@link #value()} is {@code null}
   */
  public final boolean isAbsent() {
    return value == null;
  }

  /**
   * Returns whether the entry has expired at {@code now}.
   *
   * @param now a reading of the cache's ticker
   * @return {@code true} once either lifetime has run out
   */
  public final boolean isExpired(long now) {
    return now - writeTime() >= writeLifetime() || now - touchTime() >= touchLifetime();
  }

  /**
   * Returns the time left before expiry.
   *
   * @param now a reading of the cache's ticker
   * @return nanoseconds, at most about {@link #NEVER}; zero or less once expired
   */
  public final long remaining(long now) {
    return Math.min(writeLifetime() - (now - writeTime()), touchLifetime() - (now - touchTime()));
  }

  /**
   * Returns whether the entry can expire at all.
   *
   * @return {@code false} if both lifetimes are {@link #NEVER}
   */
  public final boolean expires() {
    return writeLifetime() != NEVER || touchLifetime() != NEVER;
  }

  /**
   * Returns a copy of this write that lives {@code lifetime} more from {@code now}: an access, or an {@code Expiry}'s
   * answer to a read.
   *
   * @param now a reading of the cache's ticker
   * @param lifetime nanoseconds, or {@link #NEVER}
   * @return the touched copy, with the same write id
   */
  public final Stamped<V> touchedAt(long now, long lifetime) {
    return restore(value, writeId, writeTime(), writeLifetime(), now, lifetime, loadNanos);
  }

  @Override
  public final String toString() {
    return "Stamped[" + (isAbsent() ? "absent" : "value") + ", write " + Long.toHexString(writeId) + "]";
  }

  /** The shape of every entry that has times of its own: 64 bytes. */
  private static final class Timed<V> extends Stamped<V> {
    private final long writeTime;
    private final long writeLifetime;
    private final long touchTime;
    private final long touchLifetime;

    Timed(V value, long writeId, long writeTime, long writeLifetime, long touchTime, long touchLifetime,
        long loadNanos) {
      super(value, writeId, loadNanos);
      this.writeTime = writeTime;
      this.writeLifetime = writeLifetime;
      this.touchTime = touchTime;
      this.touchLifetime = touchLifetime;
    }

    @Override
    public long writeTime() {
      return writeTime;
    }

    @Override
    public long writeLifetime() {
      return writeLifetime;
    }

    @Override
    public long touchTime() {
      return touchTime;
    }

    @Override
    public long touchLifetime() {
      return touchLifetime;
    }
  }
}
