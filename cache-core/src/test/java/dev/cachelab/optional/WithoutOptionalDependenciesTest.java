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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cache-core as a user has it who did not add Ehcache or Jackson: the build runs this class in a surefire execution
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
