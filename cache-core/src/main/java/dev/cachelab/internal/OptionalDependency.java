package dev.cachelab.internal;

/**
 * Checks that an optional dependency of cache-core is present before a class that links against it is loaded, so
 * that its absence gives a message that says what to add instead of a {@link NoClassDefFoundError}.
 *
 * <p>On the module path, cache-core is the module {@code dev.cachelab.core}, which requires its optional
 * dependencies {@code static}: they are used only if the application resolves them. When the class is found,
 * {@link #require} also lets cache-core's module read the module that holds it — needed when the library sits on the
 * class path of a modular application (the unnamed module) or has no module name that cache-core could require
 * (Ehcache 3.12); a no-op when cache-core itself is on the class path. Thread-safe.
 */
public final class OptionalDependency {

  private OptionalDependency() {}

  /**
   * Fails unless {@code className} can be loaded, and makes cache-core read its module.
   *
   * @param className a class of the dependency
   * @param feature what the user asked for, e.g. {@code Codec.json(Point.class)}
   * @param artifact the Maven coordinates to add
   * @param alternative what to do instead, or an empty string
   * @throws IllegalStateException if the class is missing
   */
  public static void require(String className, String feature, String artifact, String alternative) {
    require(className, feature, artifact, "", alternative);
  }

  /**
   * Fails unless {@code className} can be loaded, and makes cache-core read its module; the message of the failure
   * also says what a modular application adds.
   *
   * @param className a class of the dependency
   * @param feature what the user asked for, e.g. {@code Stores.caffeine()}
   * @param artifact the Maven coordinates to add, and anything the build needs besides (a pin, a binding)
   * @param module the dependency's module name, e.g. {@code com.github.benmanes.caffeine}, or an empty string if it
   *     has none of its own (then the message recommends the class path)
   * @param alternative what to do instead, or an empty string
   * @throws IllegalStateException if the class is missing
   */
  public static void require(String className, String feature, String artifact, String module,
      String alternative) {
    Class<?> found = find(className);
    if (found == null) {
      Module cachelab = OptionalDependency.class.getModule();
      String modular = !cachelab.isNamed() ? ""
          : module.isEmpty()
              ? "; in a modular application, put it and its own dependencies on the class path, from where "
                  + cachelab.getName() + " reads it"
              : "; in a modular application, also add 'requires " + module + ";' to your module-info.java (or "
                  + "--add-modules " + module + "), since " + cachelab.getName() + " requires it only static";
      throw new IllegalStateException(feature + " needs " + artifact + ", and it is not there (" + className
          + " was not found); it is an optional dependency of cache-core: add it to your build" + modular
          + (alternative.isEmpty() ? "" : "; " + alternative));
    }
    // A named module may always add a read edge from itself; a module reads itself and the unnamed module reads all.
    OptionalDependency.class.getModule().addReads(found.getModule());
  }

  /**
   * Returns whether {@code className} can be loaded by cache-core's class loader.
   *
   * @param className the class
   * @return whether it is on the classpath or in the module graph
   */
  public static boolean isPresent(String className) {
    return find(className) != null;
  }

  private static Class<?> find(String className) {
    try {
      return Class.forName(className, false, OptionalDependency.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
