package dev.cachelab.optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.store.StoreFactory;
import dev.cachelab.store.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cache-core as a user has it who did not add Ehcache, Jackson, cache-api, Spring or Micrometer: the build runs this class in a surefire execution
 * of its own that takes them off the classpath ({@code classpathDependencyExcludes} in cache-core's pom). The
 * default execution skips it.
 */
class WithoutOptionalDependenciesTest {

  @TempDir
  Path dir;

  @Test
  void ehcacheAndJacksonAreReallyAbsent() {
    for (String name : List.of("org.ehcache.CacheManager", "com.fasterxml.jackson.databind.ObjectMapper")) {
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
  void inMemoryCaffeineAndDirectoryCachesWork() {
    for (StoreFactory store : List.of(Stores.inMemory(), Stores.caffeine(),
        Stores.directory(dir).valueCodec(Codec.javaSerialization(String.class, String.class)))) {
      try (Cache<String, String> cache = CacheBuilder.newBuilder().store(store).maximumSize(10).build()) {
        assertEquals("V", cache.get("v", String::toUpperCase), store.toString());
        assertEquals("V", cache.getIfPresent("v"), store.toString());
      }
    }
  }

  @Test
  void askingForTheEhcacheStore_saysWhatToAdd() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class, Stores::ehcache);
    assertTrue(thrown.getMessage().startsWith("Stores.ehcache() needs org.ehcache:ehcache"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("Stores.caffeine()"), thrown.getMessage());
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
