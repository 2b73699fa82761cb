package dev.cachelab.store;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.contract.MapConformance;
import dev.cachelab.policy.EvictionPolicy;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * Guava testlib's {@code ConcurrentMap} suite over {@code asMap()} on every store in cache-core, once each: the
 * built-in engine bounded out of reach (so the engine, its LRU policy and read buffer run, not a plain map), Caffeine,
 * Ehcache on the heap and with an off-heap tier, and the directory store. (Redis runs it in cache-redis.) Raw
 * {@code ConcurrentHashMap} and raw Caffeine pass the same suite with the same features.
 */
class AsMapConformanceTest {

  @AfterAll
  static void close() {
    MapConformance.closeAll();
  }

  @TestFactory
  Stream<DynamicContainer> asMap_passesGuavasConcurrentMapSuite_onEveryStore() {
    return Stream.of(
        MapConformance.suite("inMemory, lru bounded out of reach", cache(Stores.inMemory(), true)),
        MapConformance.suite("caffeine", cache(Stores.caffeine(), false)),
        MapConformance.suite("ehcache heap", cache(Stores.ehcache(), false)),
        MapConformance.suite("ehcache heap and offHeap", cache(Stores.ehcache().heap(10).offHeap(4 << 20)
            .valueCodec(Codec.string()), false)),
        MapConformance.suite("directory", cache(DirectoryContractTest.freshDirectories(), false)));
  }

  private static Supplier<Cache<String, String>> cache(StoreFactory store, boolean bounded) {
    return () -> {
      CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().store(store).executor(Runnable::run);
      if (bounded) {
        builder.maximumSize(1 << 14).evictionPolicy(EvictionPolicy.lru());
      }
      return builder.build();
    };
  }
}
