/**
 * cachelab's core: the {@link dev.cachelab.Cache} API and its builder, eviction policies, stores, memoization and
 * codecs. {@code dev.cachelab.internal} is not exported: it is the facade behind the API, not API.
 *
 * <p>Only {@code java.base} is required. Every other library is an optional dependency: cache-core compiles against
 * it, and at run time uses it only if the application has it. Those with a module name of their own are required
 * {@code static}, so they are in the module graph only when the application asks for them (a {@code requires} in its
 * own {@code module-info.java}, or {@code --add-modules}); either may also sit on the class path. Ehcache 3.12 has no
 * module name of its own and stays on the class path, from where cache-core reads it (see below). Asking for a
 * feature whose library is absent fails with a message that names the Maven coordinates and what a modular
 * application adds.
 *
 * <table>
 *   <caption>Optional libraries</caption>
 *   <tr><th>module</th><th>unlocks</th><th>Maven coordinates</th></tr>
 *   <tr><td>{@code com.github.benmanes.caffeine}</td><td>{@code Stores.caffeine()}</td>
 *       <td>{@code com.github.ben-manes.caffeine:caffeine}</td></tr>
 *   <tr><td>none: the class path (and {@code jdk.unsupported}, which Ehcache uses)</td><td>{@code Stores.ehcache()}
 *       </td><td>{@code org.ehcache:ehcache}</td></tr>
 *   <tr><td>{@code com.fasterxml.jackson.databind}</td><td>{@code Codec.json(...)}</td>
 *       <td>{@code com.fasterxml.jackson.core:jackson-databind}</td></tr>
 *   <tr><td>{@code spring.context}</td><td>{@code dev.cachelab.spring}</td>
 *       <td>{@code org.springframework:spring-context}</td></tr>
 *   <tr><td>{@code micrometer.core}</td><td>{@code dev.cachelab.metrics}</td>
 *       <td>{@code io.micrometer:micrometer-core}</td></tr>
 *   <tr><td>none: the class path</td><td>{@code dev.cachelab.jcache}</td>
 *       <td>{@code javax.cache:cache-api}</td></tr>
 * </table>
 *
 * <p>Reflection reaches into the application's own code in two places, and the application's module must allow it:
 * {@code Memoizer.proxy(Iface.class, target)} calls {@code Iface}'s methods, so its package must be exported to
 * {@code dev.cachelab.core}; {@code Codec.canonical(SomeRecord.class)} reads and rebuilds records, so a public record
 * must be in an exported package and any other record in a package opened to {@code dev.cachelab.core}.
 */
module dev.cachelab.core {
  exports dev.cachelab;
  exports dev.cachelab.codec;
  exports dev.cachelab.memo;
  exports dev.cachelab.policy;
  exports dev.cachelab.store;
  exports dev.cachelab.jcache;
  exports dev.cachelab.spring;
  exports dev.cachelab.metrics;

  requires static com.github.benmanes.caffeine;
  requires static com.fasterxml.jackson.databind;
  // Spring and Micrometer name their modules in their manifests (Automatic-Module-Name), a name they keep.
  requires static spring.context;
  requires static micrometer.core;
  // The JCache provider's management and statistics MXBeans.
  requires static java.management;
  // cache-api 1.1.1, like Ehcache, has no module name of its own: it stays on the class path. The JCache provider is
  // found through META-INF/services, which serves an application on the class path (see README).
  // Ehcache 3.12 has no module name of its own (its jar's file name gives it one, "ehcache", which a later release
  // may change), so it is not named here: cache-core compiles against it on the class path (--add-reads in the pom)
  // and, when Stores.ehcache() is called, reads whichever module holds it, named or not (OptionalDependency).
}
