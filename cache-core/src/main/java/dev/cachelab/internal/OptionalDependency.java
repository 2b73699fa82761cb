package dev.cachelab.internal;

/**
 * Checks that an optional dependency of cache-core is on the classpath before a class that links against it is
 * loaded, so that its absence gives a message that says what to add instead of a {@link NoClassDefFoundError}.
 */
public final class OptionalDependency {

  private OptionalDependency() {}

  /**
   * Fails unless {@code className} can be loaded.
   *
   * @param className a class of the dependency
   * @param feature what the user asked for, e.g. {@code Codec.json(Point.class)}
   * @param artifact the Maven coordinates to add
   * @param alternative what to do instead, or an empty string
   * @throws IllegalStateException if the class is missing
   */
  public static void require(String className, String feature, String artifact, String alternative) {
    if (!isPresent(className)) {
      throw new IllegalStateException(feature + " needs " + artifact + " on the classpath, and it is not there ("
          + className + " was not found); it is an optional dependency of cache-core: add it to your build"
          + (alternative.isEmpty() ? "" : ", " + alternative));
    }
  }

  /**
   * Returns whether {@code className} can be loaded by cache-core's class loader.
   *
   * @param className the class
   * @return whether it is on the classpath
   */
  public static boolean isPresent(String className) {
    try {
      Class.forName(className, false, OptionalDependency.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
