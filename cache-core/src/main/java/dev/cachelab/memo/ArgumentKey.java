package dev.cachelab.memo;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;

/**
 * The cache key of one memoized call: the arguments (and, for a proxy, the method), compared by {@code equals}, with
 * arrays compared by content at any depth ({@link Arrays#deepEquals}).
 *
 * <p>Arrays are copied, deeply, when the key is made. A key is used as a hash-map key for as long as its entry lives,
 * so it must never change; if it kept the caller's array, a caller that reused and refilled that array would corrupt
 * the map (and would later hit an entry computed for other content). Only arrays are copied: other arguments are held
 * as they are, so they must be immutable in the fields their {@code equals} reads, exactly as for any map key.
 *
 * <p>Element types matter where {@code equals} says they do: {@code 1} and {@code 1L} differ, and so do an
 * {@code int[]} and a {@code long[]} with the same numbers. An array that contains itself is not supported (its hash
 * would never finish, as with {@link Arrays#deepHashCode}).
 *
 * <p>Immutable, so thread-safe.
 */
final class ArgumentKey {

  private static final Object[] NO_ARGUMENTS = {};

  /** The proxy method called, or {@code null} for a memoized function. */
  private final Method method;
  private final Object[] arguments;
  private final int hash;

  private ArgumentKey(Method method, Object[] arguments) {
    this.method = method;
    this.arguments = arguments;
    this.hash = 31 * Objects.hashCode(method) + Arrays.deepHashCode(arguments);
  }

  /**
   * Returns the key of a one-argument call: the argument itself, unless it is an array, whose key compares by
   * content.
   *
   * @param argument a non-null argument
   * @return {@code argument}, or an {@code ArgumentKey} holding a copy of it if it is an array
   */
  static Object of(Object argument) {
    return argument.getClass().isArray() ? new ArgumentKey(null, new Object[] {copy(argument)}) : argument;
  }

  /**
   * Returns the key of a two-argument call.
   *
   * @param first the first argument, may be null
   * @param second the second argument, may be null
   * @return a key equal to that of any call with equal arguments
   */
  static ArgumentKey of(Object first, Object second) {
    return new ArgumentKey(null, new Object[] {copy(first), copy(second)});
  }

  /**
   * Returns the key of a call of {@code method} with {@code arguments}.
   *
   * @param method the interface method called
   * @param arguments its arguments, any of them null; {@code null} for none (as a proxy passes them)
   * @return a key equal to that of any call of the same method with equal arguments
   */
  static ArgumentKey ofCall(Method method, Object[] arguments) {
    return new ArgumentKey(method, arguments == null ? NO_ARGUMENTS : (Object[]) copy(arguments));
  }

  /** Copies arrays at every depth (keeping their runtime type); returns anything else as it is. */
  private static Object copy(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    if (value instanceof Object[] objects) {
      Object[] copy = objects.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] = copy(copy[i]);
      }
      return copy;
    }
    int length = Array.getLength(value);
    Object copy = Array.newInstance(value.getClass().getComponentType(), length);
    System.arraycopy(value, 0, copy, 0, length);
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ArgumentKey that
        && hash == that.hash
        && Objects.equals(method, that.method)
        && Arrays.deepEquals(arguments, that.arguments);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Shows the call, for messages: {@code (1, [2, 3])}, or {@code Prices.quote(EUR, 3)} for a proxy.
   *
   * @return the method, if any, and the arguments with arrays shown by content
   */
  @Override
  public String toString() {
    String all = Arrays.deepToString(arguments);
    String inner = all.substring(1, all.length() - 1);
    return method == null
        ? "(" + inner + ")"
        : method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + inner + ")";
  }
}
