package dev.cachelab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.codec.CodecException;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ehcache.CacheManager;
import org.ehcache.Status;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EhcacheStoreTest {

  @TempDir
  Path dir;

  static StoreFactory persistentDisk(Path directory) {
    return Stores.ehcache().heap(10).persistentDisk(directory, 4 << 20);
  }

  @Test
  void anEvictionPolicy_isRefusedInBuild_becauseEhcacheEvictsByItsOwnSampledLru() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder()
        .store(Stores.ehcache()).maximumSize(10).evictionPolicy(EvictionPolicy.lfu()).build());
    assertTrue(thrown.getMessage().startsWith("Stores.ehcache() evicts by its own policy"), thrown.getMessage());
    assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder().store(Stores.ehcache())
        .maximumWeight(10, (String k, String v) -> 1).build(), "no weight bound either");
  }

  @Test
  void aTieredStore_isBoundedByBytes_soMaximumSizeIsRefused() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder()
        .store(Stores.ehcache().offHeap(1 << 20)).maximumSize(10).build());
    assertTrue(thrown.getMessage().contains("Stores.ehcache().offHeap(1048576)"), thrown.getMessage());
  }

  @Test
  void theFactoryValidatesEagerly_andItsToStringIsWhatAUserWrites() {
    assertThrows(IllegalArgumentException.class, () -> Stores.ehcache().offHeap(1000));
    assertThrows(IllegalStateException.class, () -> Stores.ehcache().offHeap(1 << 20).offHeap(1 << 20));
    try (CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder().build(true)) {
      IllegalStateException conflict = assertThrows(IllegalStateException.class,
          () -> Stores.ehcache().disk(dir, 1 << 20).cacheManager(manager));
      assertTrue(conflict.getMessage().contains(dir.toString()), conflict.getMessage());
    }
    assertEquals("Stores.ehcache().heap(5).disk(Path.of(\"" + dir + "\"), 2097152).valueCodec(Codec.string())",
        Stores.ehcache().heap(5).disk(dir, 2 << 20).valueCodec(Codec.string()).toString());
  }

  @Test
  void theHeapIsSizedOnce_byHeapOrByMaximumSize() {
    try (Cache<Integer, String> cache = CacheBuilder.newBuilder().store(Stores.ehcache().heap(2))
        .executor(Runnable::run).build()) {
      for (int i = 0; i < 5; i++) {
        cache.put(i, "v");
      }
      assertEquals(2, cache.estimatedSize());
    }
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder()
        .store(Stores.ehcache().heap(2)).maximumSize(3).build());
    assertTrue(twice.getMessage().contains("set the size once"), twice.getMessage());
  }

  @Test
  void aCacheManagerItCreated_isClosedWithTheCache() {
    // Its own manager's disk tier is released on close: a second cache can open the same directory afterwards.
    StoreFactory store = Stores.ehcache().heap(10).disk(dir, 4 << 20);
    Cache<String, String> first = CacheBuilder.newBuilder().store(store).build();
    first.put("k", "v");
    assertEquals("v", first.getIfPresent("k"));
    first.close();
    try (Cache<String, String> second = CacheBuilder.newBuilder().store(store).build()) {
      assertNull(second.getIfPresent("k"), "a disk tier that is not persistent starts empty");
    }
  }

  @Test
  void aCacheManagerHandedIn_staysOpen_andOnlyTheCacheItCreatedIsRemoved() {
    try (CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder().build(true)) {
      Cache<String, String> cache = CacheBuilder.newBuilder().name("users")
          .store(Stores.ehcache().cacheManager(manager)).build();
      cache.put("k", "v");
      assertNotNull(manager.getCache("users", Object.class, EhcacheStore.Held.class));

      IllegalStateException taken = assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder()
          .name("users").store(Stores.ehcache().cacheManager(manager)).build());
      assertTrue(taken.getMessage().contains("'users'"), taken.getMessage());
      assertTrue(taken.getMessage().contains("CacheBuilder.name"), taken.getMessage());

      cache.close();
      assertEquals(Status.AVAILABLE, manager.getStatus(), "the user's manager stays open");
      assertNull(manager.getCache("users", Object.class, EhcacheStore.Held.class));
    }
  }

  @Test
  void aPersistentDiskTier_keepsItsEntriesAcrossACleanClose() {
    try (Cache<String, String> cache = CacheBuilder.newBuilder().store(persistentDisk(dir)).build()) {
      cache.put("kept", "across a clean close");
    }
    try (Cache<String, String> cache = CacheBuilder.newBuilder().store(persistentDisk(dir)).build()) {
      assertEquals("across a clean close", cache.getIfPresent("kept"));
    }
  }

  @Test
  void aPersistentDiskTier_losesEverythingAfterAnUncleanStop_asDocumented() throws Exception {
    try (ChildJvm child = ChildJvm.start(EhcacheDiskChild.class, dir.toString())) {
      assertEquals("written 3", child.await(line -> line.startsWith("written"), Duration.ofSeconds(30)));
      child.kill();
    }
    try (Cache<String, String> cache = CacheBuilder.newBuilder().store(persistentDisk(dir)).build()) {
      assertEquals(0, cache.estimatedSize(), "Ehcache discarded the whole disk tier, not just the last write");
      assertNull(cache.getIfPresent("a"));
    }
  }

  /** Decodes like the canonical codec, except that "poison" does not decode. */
  private static final Codec<Object> POISONED = new Codec<>() {
    private final Codec<Object> inner = Codec.canonical();

    @Override
    public byte[] encode(Object value) {
      return inner.encode(value);
    }

    @Override
    public Object decode(byte[] bytes) {
      Object value = inner.decode(bytes);
      if ("poison".equals(value)) {
        throw new CodecException("poisoned");
      }
      return value;
    }
  };

  @Test
  void aValueThatDoesNotDecode_isAMiss_isRemoved_andIsCounted() {
    try (Cache<String, String> cache = CacheBuilder.newBuilder().recordStats()
        .store(Stores.ehcache().heap(1).offHeap(1 << 20).valueCodec(POISONED)).build()) {
      cache.put("k", "poison");
      assertNull(cache.getIfPresent("k"));
      assertEquals(1, cache.stats().storeErrorCount());
      assertEquals(0, cache.estimatedSize(), "the damaged entry was removed");
      assertEquals("fine", cache.get("k", key -> "fine"));
    }
  }

  /** A key codec whose decoding can be broken on demand, as a damaged off-heap or disk tier would read. */
  private static final class BreakableKeys implements Codec<Integer> {
    volatile boolean broken;

    @Override
    public byte[] encode(Integer value) {
      return Codec.string().encode(Integer.toString(value));
    }

    @Override
    public Integer decode(byte[] bytes) {
      if (broken) {
        throw new CodecException("the disk is damaged");
      }
      return Integer.valueOf(Codec.string().decode(bytes));
    }

    @Override
    public boolean isCanonical() {
      return true;
    }
  }

  @Test
  void anEhcacheFailureDuringIteration_isAStoreError_notAnEarlyEnd() {
    BreakableKeys keys = new BreakableKeys();
    java.util.List<Integer> removed = new java.util.ArrayList<>();
    try (Cache<Integer, String> cache = CacheBuilder.newBuilder()
        .store(Stores.ehcache().heap(1).offHeap(1 << 20).keyCodec(keys).valueCodec(Codec.string()))
        .recordStats()
        .executor(Runnable::run)
        .removalListener((Integer key, String value, dev.cachelab.RemovalCause cause) -> removed.add(key))
        .build()) {
      for (int i = 0; i < 20; i++) {
        cache.put(i, "v" + i);
      }
      keys.broken = true;
      cache.invalidateAll();
      assertTrue(cache.stats().storeErrorCount() > 0, "the failure is counted, removed " + removed);
      keys.broken = false;
      assertEquals(20 - removed.size(), cache.estimatedSize(), "what the failure stopped is still there");
    }
  }

  /** Regression: the off-heap tier's codec failed every write of a plain class, silently, as a store error. */
  @Test
  void anOffHeapValueCodecThatCannotEncodeTheValue_failsTheFirstWriteLoudly_notAsAStoreError() {
    try (Cache<String, DirectoryStoreTest.Report> cache = CacheBuilder.newBuilder().name("reports")
        .store(Stores.ehcache().heap(10).offHeap(1 << 20)).recordStats().build()) {
      IllegalArgumentException thrown = assertThrows(dev.cachelab.codec.CodecMismatchException.class,
          () -> cache.put("q1", new DirectoryStoreTest.Report("sales")));
      for (String part : List.of("'reports'", "Stores.ehcache().heap(10).offHeap(1048576)", "value codec",
          DirectoryStoreTest.Report.class.getName(), "valueCodec(")) {
        assertTrue(thrown.getMessage().contains(part), part + " in: " + thrown.getMessage());
      }
      assertEquals(0, cache.stats().storeErrorCount());
    }
  }
}
