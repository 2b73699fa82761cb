package dev.cachelab.store;

import dev.cachelab.internal.OptionalDependency;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * The stores that ship with cache-core, one factory method each.
 *
 * <table>
 *   <caption>Stores in cache-core</caption>
 *   <tr><th>store</th><th>bound</th><th>eviction</th></tr>
 *   <tr><td>{@link #inMemory()}</td><td>size or weight</td><td>any {@link dev.cachelab.policy.EvictionPolicy}
 *       (LRU by default)</td></tr>
 *   <tr><td>{@link #caffeine()}</td><td>size or weight</td><td>Caffeine's own W-TinyLFU</td></tr>
 *   <tr><td>{@link #directory(Path)}</td><td>entries and bytes</td><td>least recently used; entries survive the
 *       JVM</td></tr>
 *   <tr><td>{@link #ehcache()}</td><td>heap entries, or bytes of an off-heap or disk tier</td><td>Ehcache's own
 *       sampled LRU</td></tr>
 * </table>
 */
public final class Stores {

  // Kept equal to the parent pom's versions: WithoutOptionalDependenciesTest compares them.
  /** The Maven coordinates of the Caffeine release cache-core is built and tested with. */
  static final String CAFFEINE = "com.github.ben-manes.caffeine:caffeine:3.3.1";

  /** The Maven coordinates of the Ehcache release cache-core is built and tested with. */
  static final String EHCACHE = "org.ehcache:ehcache:3.12.0";

  private Stores() {}

  /**
   * The built-in engine: a concurrent hash map with a pluggable eviction policy (LRU unless the cache builder's
   * {@code evictionPolicy} says otherwise). Reads take no lock; writes and evictions take one lock per cache.
   *
   * @return the in-memory store factory
   */
  public static StoreFactory inMemory() {
    return InMemoryStore.FACTORY;
  }

  /**
   * A store over Caffeine, which evicts by its own W-TinyLFU policy (an {@code evictionPolicy} cannot be chosen).
   *
   * <p>Caffeine is an optional dependency of cache-core: add {@code com.github.ben-manes.caffeine:caffeine:3.3.1} to use this store (and, in a modular
   * application, {@code requires com.github.benmanes.caffeine;}).
   *
   * @return the Caffeine store factory
   * @throws IllegalStateException if Caffeine is not there; the message says what to add
   */
  public static StoreFactory caffeine() {
    // Checked before CaffeineStore is loaded: that class links against Caffeine.
    OptionalDependency.require("com.github.benmanes.caffeine.cache.Caffeine", "Stores.caffeine()", CAFFEINE,
        "com.github.benmanes.caffeine", "or use Stores.inMemory(), the built-in engine, which needs nothing");
    return CaffeineStore.FACTORY;
  }

  /**
   * A persistent store: one file per entry in {@code directory}, written to a temporary file and renamed into place,
   * so entries outlive the JVM and a crash loses at most the entry being written. Bounded by entries (the builder's
   * {@code maximumSize}) and bytes ({@link DirectoryStoreFactory#maximumBytes(long)}), evicting the least recently
   * used. Keys and values are encoded with codecs ({@link DirectoryStoreFactory#keyCodec},
   * {@link DirectoryStoreFactory#valueCodec}). One cache in one process owns the directory at a time (a lock file).
   * Nothing touches the disk until the cache is built.
   *
   * @param directory where the entry files live; created if missing
   * @return a directory store factory, to refine with codecs and a byte bound
   * @throws NullPointerException if {@code directory} is null
   */
  public static DirectoryStoreFactory directory(Path directory) {
    return new DirectoryStoreFactory(directory);
  }

  /**
   * A store over Ehcache 3: heap only by default, sized by the builder's {@code maximumSize}; add an off-heap or a
   * disk tier with {@link EhcacheStoreFactory#offHeap(long)}, {@link EhcacheStoreFactory#disk(Path, long)} or
   * {@link EhcacheStoreFactory#persistentDisk(Path, long)}. Ehcache evicts by its own sampled LRU (an
   * {@code evictionPolicy} cannot be chosen). Its persistent disk tier discards everything after an unclean stop; for
   * results that must survive a crash, use {@link #directory(Path)}.
   *
   * <p>Ehcache is an optional dependency of cache-core: add {@code org.ehcache:ehcache:3.12.0} to use this store. The README's "Use it
   * in your build" has the recipe, tested by a build of its own: Ehcache 3.12 asks for JAXB by a version range that
   * Maven resolves only with {@code org.glassfish.jaxb:jaxb-runtime:2.3.9} pinned in {@code dependencyManagement},
   * and without an SLF4J binding Ehcache prints three warning lines. A modular application keeps Ehcache on the class
   * path (it has no module name of its own), from where cache-core reads it.
   *
   * @return an Ehcache store factory, to refine with tiers, codecs or a cache manager
   * @throws IllegalStateException if Ehcache is not there; the message says what to add
   */
  public static EhcacheStoreFactory ehcache() {
    OptionalDependency.require("org.ehcache.CacheManager", "Stores.ehcache()", EHCACHE, "",
        "with it, pin org.glassfish.jaxb:jaxb-runtime:2.3.9 in <dependencyManagement> (Ehcache's version range for "
            + "it does not resolve otherwise) and add an SLF4J binding such as org.slf4j:slf4j-nop:2.0.17 (without "
            + "one, Ehcache prints three SLF4J warnings); cachelab's README, \"Use it in your build\", has the "
            + "snippets; or use Stores.inMemory(), Stores.directory(path) or Stores.caffeine()");
    requireJdkUnsupportedForEhcache();
    return new EhcacheStoreFactory();
  }

  /**
   * Ehcache's heap tier uses {@code sun.misc.Unsafe}, in the module {@code jdk.unsupported}. On the class path that
   * module is always there; an application started as a module ({@code java -m}) has it only if asked for, and
   * without it Ehcache fails deep inside with {@code NoClassDefFoundError: sun/misc/Unsafe}.
   */
  private static void requireJdkUnsupportedForEhcache() {
    Module cachelab = Stores.class.getModule();
    if (cachelab.isNamed() && cachelab.getLayer() != null
        && cachelab.getLayer().findModule("jdk.unsupported").isEmpty()) {
      throw new IllegalStateException("Stores.ehcache() in a modular application needs the module jdk.unsupported "
          + "(Ehcache uses sun.misc.Unsafe), and the application's module graph does not have it: add "
          + "'requires jdk.unsupported;' to your module-info.java, or run java with --add-modules jdk.unsupported");
    }
  }

  /**
   * Iterates a concurrent map's entries as immutable copies, weakly consistently, as {@link Store#iterator()} asks;
   * shared by the stores that keep a {@code ConcurrentMap}.
   */
  static <K, V> Iterator<Map.Entry<K, V>> entriesOf(ConcurrentMap<K, V> map) {
    Iterator<Map.Entry<K, V>> entries = map.entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Map.Entry<K, V> next() {
        Map.Entry<K, V> entry = entries.next();
        return new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
      }
    };
  }
}
