package dev.cachelab.jcache;

/**
 * Makes the copies a store-by-value JCache cache keeps and hands out, so that a caller who changes an object after
 * {@code put}, or changes what {@code get} returned, does not change the cached entry. Set one with
 * {@link CachelabConfiguration#setCopier(Copier)}; the default is {@link #serializing()}.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Copier {

  /**
   * Returns a copy of {@code object}, or {@code object} itself if it cannot change.
   *
   * @param <T> the object's type
   * @param object the object to copy, never null
   * @param classLoader the cache manager's class loader, to resolve the copy's classes
   * @return an object equal to {@code object} that shares no mutable state with it
   * @throws IllegalArgumentException if the object cannot be copied (for example it is not serializable)
   */
  <T> T copy(T object, ClassLoader classLoader);

  /**
   * Returns the default copier: it trusts the JDK's immutable value types ({@code String}, the boxed primitives,
   * {@code BigInteger}, {@code BigDecimal}, {@code UUID}, enums, the {@code java.time} values, ...) and passes them
   * through uncopied; it clones primitive arrays; everything else it copies by Java serialization in memory
   * (serialize, then deserialize with the cache's class loader), so the objects must be {@code Serializable}. The
   * bytes never leave the process and are the ones it just wrote, so deserialization reads no outside data.
   *
   * @return the serializing copier
   */
  static Copier serializing() {
    return SerializingCopier.INSTANCE;
  }

  /**
   * Returns a copier that copies nothing: every object is handed out as it was put. Use it for values that are
   * immutable but not serializable; with mutable values the cache behaves as store-by-reference.
   *
   * @return the identity copier
   */
  static Copier identity() {
    return IdentityCopier.INSTANCE;
  }
}
