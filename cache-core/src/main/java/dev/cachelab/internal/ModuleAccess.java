package dev.cachelab.internal;

import java.lang.reflect.Modifier;

/**
 * Checks, before any reflection happens, that the application's module lets cache-core reach one of its types, so
 * that a module boundary gives a message that says which line to add to which {@code module-info.java} — instead of
 * an {@code IllegalAccessException} or {@code InaccessibleObjectException} at the first call.
 *
 * <p>Two features reflect on the application's types: {@code Memoizer.proxy} calls an interface's public methods
 * (its package must be exported to cache-core), and {@code Codec.canonical} reads and rebuilds records (their package
 * must be open to cache-core, or the record public in an exported package). On the class path every package is open
 * to everyone, and both checks pass. Thread-safe: stateless.
 */
public final class ModuleAccess {

  private ModuleAccess() {}

  /**
   * Fails unless cache-core may call the public methods of {@code type}: its package is exported (or open) to
   * cache-core's module.
   *
   * @param type the application's type
   * @param feature what the user asked for, e.g. {@code Memoizer.proxy(Repository.class, target)}
   * @param need what cache-core does with the type, e.g. {@code calls Repository's methods on the target}
   * @throws IllegalArgumentException if the package is not exported to cache-core
   */
  public static void requireExported(Class<?> type, String feature, String need) {
    Module cachelab = ModuleAccess.class.getModule();
    Module owner = type.getModule();
    String pkg = type.getPackageName();
    if (!owner.isExported(pkg, cachelab)) {
      throw new IllegalArgumentException(feature + " " + need + ", but " + name(owner) + " does not export package "
          + pkg + " to " + name(cachelab) + ": " + fix("exports", owner, pkg, cachelab)
          + ", or move " + type.getSimpleName() + " to a package that " + name(owner) + " exports");
    }
  }

  /**
   * Fails unless cache-core may read and construct {@code type} reflectively: its package is open to cache-core's
   * module, or the type (and every class around it) is public in a package exported to cache-core.
   *
   * @param type the application's type, e.g. a record
   * @param feature what the user asked for, e.g. {@code Codec.canonical(Point.class)}
   * @param need what cache-core does with the type, e.g. {@code reads and rebuilds record Point}
   * @throws IllegalArgumentException if neither holds
   */
  public static void requireOpenOrPublic(Class<?> type, String feature, String need) {
    Module cachelab = ModuleAccess.class.getModule();
    Module owner = type.getModule();
    String pkg = type.getPackageName();
    if (owner.isOpen(pkg, cachelab) || (owner.isExported(pkg, cachelab) && isPublicAllTheWay(type))) {
      return;
    }
    throw new IllegalArgumentException(feature + " " + need + ", but " + name(owner) + " does not open package "
        + pkg + " to " + name(cachelab) + ": " + fix("opens", owner, pkg, cachelab)
        + (owner.isExported(pkg, cachelab) ? ", or make " + type.getSimpleName() + " public"
            : ", or make " + type.getSimpleName() + " public in a package that " + name(owner) + " exports"));
  }

  private static boolean isPublicAllTheWay(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        return false;
      }
    }
    return !type.isLocalClass() && !type.isAnonymousClass();
  }

  /** What to add to the owner's module-info.java, or to the command line when cache-core is on the class path. */
  private static String fix(String directive, Module owner, String pkg, Module cachelab) {
    if (cachelab.isNamed()) {
      return "add '" + directive + " " + pkg + " to " + cachelab.getName() + ";' to the module-info.java of "
          + owner.getName();
    }
    return "add '" + directive + " " + pkg + ";' to the module-info.java of " + owner.getName()
        + " (cachelab is on the class path, which a qualified " + directive + " cannot name), or run java with --add-"
        + directive + " " + owner.getName() + "/" + pkg + "=ALL-UNNAMED";
  }

  private static String name(Module module) {
    return module.isNamed() ? "module " + module.getName() : "the unnamed module (the class path)";
  }
}
