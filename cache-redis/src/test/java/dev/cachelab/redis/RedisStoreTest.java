package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.contract.FakeTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/** What the Redis store does beyond the contract: its keys, TTLs, bulk calls, bounds, limits and failure modes. */
class RedisStoreTest {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final String namespace = "store-test-" + NAMESPACES.incrementAndGet();
  private final FakeTicker ticker = new FakeTicker();
  private final List<Cache<?, ?>> caches = new ArrayList<>();

  @AfterEach
  void closeCaches() {
    caches.forEach(Cache::close);
  }

  private <K, V> Cache<K, V> cache(String name, RedisStoreFactory store) {
    Cache<K, V> cache = CacheBuilder.newBuilder().name(name).store(store).ticker(ticker).executor(Runnable::run)
        .recordStats().build();
    caches.add(cache);
    return cache;
  }

  private RedisStoreFactory strings(UnifiedJedis client) {
    return RedisStores.redis(client).namespace(namespace).keyCodec(Codec.string()).valueCodec(Codec.string());
  }

  private static Jedis admin() {
    return SharedServers.standalone().admin();
  }

  /** How many times the server has run {@code command} since it started (INFO commandstats). */
  static long calls(Jedis admin, String command) {
    for (String line : admin.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        return Long.parseLong(line.substring(line.indexOf('=') + 1, line.indexOf(',')));
      }
    }
    return 0;
  }

  @Test
  void put_writesOneKeyNamedByNamespaceCacheAndKey_withATtlOnlyWhenTheEntryExpires() {
    Cache<String, String> forever = cache("plain", strings(RedisContractTest.client()));
    Cache<String, String> expiring = CacheBuilder.newBuilder().name("timed").store(strings(RedisContractTest.client()))
        .ticker(ticker).expireAfterWrite(Duration.ofMinutes(10)).build();
    caches.add(expiring);

    forever.put("user:42", "Ada");
    expiring.put("user:42", "Grace");

    try (Jedis admin = admin()) {
      assertEquals(-1, admin.pttl(namespace + ":plain:user:42"), "an entry that never expires has no TTL");
      long ttl = admin.pttl(namespace + ":timed:user:42");
      assertTrue(ttl > 9 * 60_000 && ttl <= 10 * 60_000, "TTL should be the entry's 10 minutes: " + ttl);
    }
  }

  @Test
  void cacheNamesWithColons_neverShareKeys() {
    Cache<String, String> a = cache("a:b", strings(RedisContractTest.client()));
    Cache<String, String> b = cache("a", strings(RedisContractTest.client()));

    a.put("c", "from a:b");
    b.put("b:c", "from a");

    assertEquals("from a:b", a.getIfPresent("c"));
    assertEquals("from a", b.getIfPresent("b:c"));
    try (Jedis admin = admin()) {
      assertNotNull(admin.get(namespace + ":a%3Ab:c"));
      assertNotNull(admin.get(namespace + ":a:b:c"));
    }
  }

  @Test
  void getAll_isOneMget_onAStandaloneServer() {
    Cache<String, String> cache = cache("bulk", strings(RedisContractTest.client()));
    Map<String, String> entries = new HashMap<>();
    IntStream.range(0, 100).forEach(i -> entries.put("k" + i, "v" + i));
    cache.putAll(entries);

    try (Jedis admin = admin()) {
      long mgets = calls(admin, "mget");
      long gets = calls(admin, "get");
      Map<String, String> found = cache.getAllPresent(entries.keySet());
      assertEquals(entries, found);
      assertEquals(1, calls(admin, "mget") - mgets, "one MGET for 100 keys");
      assertEquals(0, calls(admin, "get") - gets, "no GET per key");
    }
  }

  @Test
  void invalidateAll_deletesThisCachesKeysOnly_withScanAndUnlink_neverKeysOrFlush() {
    Cache<String, String> mine = cache("mine", strings(RedisContractTest.client()));
    Cache<String, String> neighbour = cache("mine-too", strings(RedisContractTest.client()));
    IntStream.range(0, 1200).forEach(i -> mine.put("k" + i, "v"));
    neighbour.put("k1", "kept");
    try (Jedis admin = admin()) {
      admin.set(namespace + ":mine-x", "a key outside the cache's prefix");
      long keys = calls(admin, "keys");
      long flushes = calls(admin, "flushdb") + calls(admin, "flushall");

      mine.invalidateAll();

      assertEquals(0, mine.estimatedSize());
      assertNull(mine.getIfPresent("k1"));
      assertEquals("kept", neighbour.getIfPresent("k1"));
      assertNotNull(admin.get(namespace + ":mine-x"));
      assertEquals(keys, calls(admin, "keys"));
      assertEquals(flushes, calls(admin, "flushdb") + calls(admin, "flushall"));
      assertTrue(calls(admin, "unlink") > 0);
    }
  }

  @Test
  void estimatedSize_andIteration_scanThePrefix() {
    Cache<String, String> cache = cache("scan", strings(RedisContractTest.client()));
    Map<String, String> entries = new HashMap<>();
    IntStream.range(0, 1500).forEach(i -> entries.put("k" + i, "v" + i));
    cache.putAll(entries);

    assertEquals(1500, cache.estimatedSize());
    assertEquals(entries, Map.copyOf(cache.asMap()));
  }

  @Test
  void longAndHashLikeKeys_areHashed_andStillIterateBackToTheirKey() {
    Cache<String, String> cache = cache("long", strings(RedisContractTest.client()));
    String longKey = "x".repeat(1000);
    String hashLike = "#" + "0".repeat(64);
    cache.put(longKey, "long");
    cache.put(hashLike, "hash-like");

    assertEquals("long", cache.getIfPresent(longKey));
    assertEquals("hash-like", cache.getIfPresent(hashLike));
    assertEquals(Map.of(longKey, "long", hashLike, "hash-like"), Map.copyOf(cache.asMap()));
    try (Jedis admin = admin()) {
      for (String key : admin.keys(namespace + ":long:*")) { // KEYS in a test only, to look
        assertTrue(key.length() < 100, "a long key is stored under its hash: " + key.length() + " characters");
      }
    }
  }

  @Test
  void aValueOverTheSizeLimit_isNotStored_removesTheOldEntry_andCountsAStoreError() {
    Cache<String, String> cache = cache("limit", strings(RedisContractTest.client()).maximumValueBytes(100));
    cache.put("k", "small");
    cache.put("k", "x".repeat(101));

    assertNull(cache.getIfPresent("k"));
    assertEquals(1, cache.stats().storeErrorCount());
    try (Jedis admin = admin()) {
      assertFalse(admin.exists(namespace + ":limit:k"));
    }
  }

  @Test
  void maximumSize_isRefusedInBuild_withAdviceToBoundTheServer() {
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder()
        .store(strings(RedisContractTest.client())).ticker(ticker).maximumSize(100).build());
    assertTrue(refused.getMessage().contains("maxmemory"), refused.getMessage());
    assertFalse(strings(RedisContractTest.client()).capabilities()
        .contains(dev.cachelab.store.StoreFactory.Capability.MAXIMUM_SIZE));
  }

  @Test
  void theUriPassword_appearsInNoStringOrMessage() {
    RedisStoreFactory factory = RedisStores.redis("redis://app:s3cret-pw@127.0.0.1:1").timeout(Duration.ofMillis(50));
    assertFalse(factory.toString().contains("s3cret-pw"), factory.toString());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> RedisStores.redis("http://app:s3cret-pw@127.0.0.1:1"));
    assertFalse(bad.getMessage().contains("s3cret-pw"), bad.getMessage());

    Cache<String, String> cache = cache("secret", factory.keyCodec(Codec.string()).valueCodec(Codec.string())
        .failClosed());
    RedisUnavailableException failed = assertThrows(RedisUnavailableException.class, () -> cache.getIfPresent("k"));
    for (Throwable t = failed; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("s3cret-pw"), t.getMessage());
    }
  }

  @Test
  void failOpen_anUnreachableServer_isACountedMiss_andOpensTheBreaker() {
    int nobody = RedisServer.freePort(false);
    RedisStoreFactory store = RedisStores.redis("redis://127.0.0.1:" + nobody).timeout(Duration.ofMillis(100))
        .circuitBreaker(3, Duration.ofMinutes(1)).keyCodec(Codec.string()).valueCodec(Codec.string());
    Cache<String, String> cache = cache("down", store);

    for (int i = 0; i < 10; i++) {
      assertEquals("v" + i, cache.get("k" + i, key -> "v" + key.substring(1)));
    }

    assertEquals(CircuitBreaker.State.OPEN, store.circuitBreaker().state());
    assertTrue(cache.stats().storeErrorCount() >= 10, cache.stats().toString());
  }

  @Test
  void failClosed_anUnreachableServer_reachesTheCaller_asRedisUnavailableException() {
    int nobody = RedisServer.freePort(false);
    Cache<String, String> cache = cache("closed", RedisStores.redis("redis://127.0.0.1:" + nobody)
        .timeout(Duration.ofMillis(100)).keyCodec(Codec.string()).valueCodec(Codec.string()).failClosed());

    AtomicInteger loads = new AtomicInteger();
    assertThrows(RedisUnavailableException.class, () -> cache.get("k", key -> {
      loads.incrementAndGet();
      return "v";
    }));
    assertThrows(RedisUnavailableException.class, () -> cache.put("k", "v"));
  }

  @Test
  void cluster_getAll_acrossSlots_andInvalidateAll_onEveryMaster() {
    UnifiedJedis client = RedisClusterContractTest.client();
    Cache<String, String> cache = cache("spread", strings(client));
    Map<String, String> entries = new HashMap<>();
    IntStream.range(0, 300).forEach(i -> entries.put("k" + i, "v" + i));
    cache.putAll(entries);

    assertEquals(entries, cache.getAllPresent(entries.keySet()));
    assertEquals(300, cache.estimatedSize());
    assertEquals(entries, Map.copyOf(cache.asMap()));

    cache.invalidateAll();
    assertEquals(0, cache.estimatedSize());
    assertEquals(Map.of(), cache.getAllPresent(entries.keySet()));
    for (RedisServer master : SharedServers.cluster().masters()) {
      try (Jedis admin = master.admin()) {
        assertTrue(admin.dbSize() >= 0);
        assertEquals(0, admin.scan("0", new redis.clients.jedis.params.ScanParams()
            .match(namespace + ":spread:*").count(10_000)).getResult().size());
      }
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
