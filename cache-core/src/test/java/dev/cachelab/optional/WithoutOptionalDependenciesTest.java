package dev.cachelab.optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.memo.MemoizedFunction;
import dev.cachelab.memo.Memoizer;
import dev.cachelab.store.StoreFactory;
import dev.cachelab.store.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cache-core as a user has it who did not add Caffeine, Ehcache, Jackson, cache-api, Spring or Micrometer: the build
 * runs this class in a surefire execution of its own that takes them off the classpath
 * ({@code classpathDependencyExcludes} in cache-core's pom). The default execution skips it.
 */
class WithoutOptionalDependenciesTest {

  @TempDir
  Path dir;

  @Test
  void caffeineEhcacheAndJacksonAreReallyAbsent() {
    for (String name : List.of("com.github.benmanes.caffeine.cache.Caffeine", "org.ehcache.CacheManager",
        "com.fasterxml.jackson.databind.ObjectMapper")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " should not be here");
    }
  }

  @Test
  void theIntegrationFrameworksAreReallyAbsent() {
    for (String name : List.of("javax.cache.Caching", "org.springframework.cache.CacheManager",
        "io.micrometer.core.instrument.MeterRegistry")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " should not be here");
    }
  }

  /**
   * Each integration's entry point is itself a type of its framework (a JCache {@code CachingProvider}, a Spring
   * {@code CacheManager}, a Micrometer {@code CacheMeterBinder}), so no cachelab code runs before the JVM finds the
   * framework missing: its error names the missing framework type, and README's integration sections say which
   * artifact brings it. Nothing else in cache-core touches these packages.
   */
  @Test
  void anIntegrationWithoutItsFramework_failsNamingTheMissingFrameworkType() {
    Map<String, String> missing = Map.of(
        "dev.cachelab.jcache.CachelabCachingProvider", "javax/cache/spi/CachingProvider",
        "dev.cachelab.spring.CachelabCacheManager", "org/springframework/cache/CacheManager",
        "dev.cachelab.metrics.CachelabCacheMetrics", "io/micrometer/core/instrument/binder/cache/CacheMeterBinder");
    missing.forEach((integration, framework) -> {
      NoClassDefFoundError thrown = assertThrows(NoClassDefFoundError.class, () -> Class.forName(integration));
      assertEquals(framework, thrown.getMessage(), integration);
    });
  }

  @Test
  void inMemoryAndDirectoryCachesWork() {
    for (StoreFactory store : List.of(Stores.inMemory(),
        Stores.directory(dir).valueCodec(Codec.javaSerialization(String.class, String.class)))) {
      try (Cache<String, String> cache = CacheBuilder.newBuilder().store(store).maximumSize(10).build()) {
        assertEquals("V", cache.get("v", String::toUpperCase), store.toString());
        assertEquals("V", cache.getIfPresent("v"), store.toString());
      }
    }
  }

  @Test
  void theDefaultCacheAndMemoizationWork() {
    try (Cache<String, String> cache = CacheBuilder.newBuilder().build()) {
      assertEquals("V", cache.get("v", String::toUpperCase));
    }
    MemoizedFunction<Integer, Integer> square = Memoizer.memoize(n -> n * n, 10);
    assertEquals(49, square.apply(7));
    assertEquals(49, square.apply(7));
    assertEquals(1, square.cacheInfo().hits());
  }

  @Test
  void askingForTheCaffeineStore_namesTheArtifactWithItsVersion() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class, Stores::caffeine);
    assertTrue(thrown.getMessage().startsWith("Stores.caffeine() needs com.github.ben-manes.caffeine:caffeine:"
        + System.getProperty("cachelab.caffeine.version") + ","), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("Stores.inMemory()"), thrown.getMessage());
  }

  @Test
  void askingForTheEhcacheStore_givesTheWholeRecipe() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class, Stores::ehcache);
    String message = thrown.getMessage();
    assertTrue(message.startsWith("Stores.ehcache() needs org.ehcache:ehcache:"
        + System.getProperty("cachelab.ehcache.version") + ","), message);
    assertTrue(message.contains("pin org.glassfish.jaxb:jaxb-runtime:"
        + System.getProperty("cachelab.jaxb-runtime.version") + " in <dependencyManagement>"), message);
    assertTrue(message.contains("org.slf4j:slf4j-nop:" + System.getProperty("cachelab.slf4j.version")), message);
    assertTrue(message.contains("Stores.inMemory()"), message);
  }

  @Test
  void askingForTheJsonCodec_saysWhatToAdd() {
    record Point(int x, int y) {}
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Codec.json(Point.class));
    assertTrue(thrown.getMessage().startsWith("Codec.json(Point.class) needs com.fasterxml.jackson.core:"
        + "jackson-databind"), thrown.getMessage());
    assertEquals(List.of(1, "two"), Codec.canonical().decode(Codec.canonical().encode(List.of(1, "two"))),
        "the other codecs need nothing extra");
  }
}
