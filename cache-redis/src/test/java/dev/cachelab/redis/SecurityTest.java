package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.contract.FakeTicker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Hostile input: bytes planted under the cache's keys by someone else, keys built to collide, and a Redis user that
 * may touch only the cache's own prefix.
 */
class SecurityTest {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final String namespace = "security-" + NAMESPACES.incrementAndGet();
  private final List<Cache<?, ?>> caches = new ArrayList<>();

  @AfterEach
  void closeCaches() {
    caches.forEach(Cache::close);
  }

  /** A class outside every allow-list whose deserialization would be visible. */
  static final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean ran;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      ran = true;
      in.defaultReadObject();
    }
  }

  /** The value type the cache allows. */
  record Profile(String name) implements Serializable {}

  private Cache<String, Profile> profiles() {
    Cache<String, Profile> cache = CacheBuilder.newBuilder().name("profiles")
        .store(RedisStores.redis(RedisContractTest.client()).namespace(namespace).keyCodec(Codec.string())
            .valueCodec(Codec.javaSerialization(Profile.class, Profile.class)))
        .ticker(new FakeTicker()).executor(Runnable::run).recordStats().build();
    caches.add(cache);
    return cache;
  }

  private String redisKey(String key) {
    return namespace + ":profiles:" + key;
  }

  private static byte[] entry(byte[] key, byte[] value) {
    return new RedisEntry(false, 42, 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 0, key, value).toBytes();
  }

  private static byte[] serialized(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  @Test
  void hostileBytesUnderTheCachesKeys_areCountedMisses_andDeleted_andNoForeignClassIsDeserialized()
      throws IOException {
    Cache<String, Profile> cache = profiles();
    byte[] good = entry(new byte[0], serialized(new Profile("ok")));
    Map<String, byte[]> planted = new HashMap<>();
    byte[] random = new byte[300];
    new Random(7).nextBytes(random);
    planted.put("random", random);
    planted.put("empty", new byte[0]);
    planted.put("truncated", Arrays.copyOf(good, good.length - 3));
    planted.put("extended", Arrays.copyOf(good, good.length + 3));
    planted.put("gadget", entry(new byte[0], serialized(new Gadget())));
    planted.put("other-key", entry("somebody-else".getBytes(StandardCharsets.UTF_8), serialized(new Profile("x"))));
    planted.put("future-format", futureFormat(good));
    planted.put("huge-length", hugeLength(good));

    try (Jedis admin = SharedServers.standalone().admin()) {
      planted.forEach((key, bytes) -> admin.set(redisKey(key).getBytes(StandardCharsets.UTF_8), bytes));
      admin.rpush(redisKey("a-list"), "written", "by", "another", "client");
      admin.hset(redisKey("a-hash"), "field", "value");

      List<String> keys = new ArrayList<>(planted.keySet());
      keys.add("a-list");
      keys.add("a-hash");
      for (String key : keys) {
        assertNull(cache.getIfPresent(key), key);
        assertFalse(admin.exists(redisKey(key)), key + " should have been deleted");
      }
      assertEquals(keys.size(), cache.stats().storeErrorCount());
      assertFalse(Gadget.ran, "a class outside the allow-list ran its readObject");

      // And a get-or-load over planted bytes gets the loader's value, stored properly.
      admin.set(redisKey("reload").getBytes(StandardCharsets.UTF_8), random);
      assertEquals(new Profile("loaded"), cache.get("reload", key -> new Profile("loaded")));
      assertEquals(new Profile("loaded"), cache.getIfPresent("reload"));
    }
  }

  private static byte[] futureFormat(byte[] good) {
    byte[] bytes = good.clone();
    bytes[2] = 2;
    return bytes;
  }

  private static byte[] hugeLength(byte[] good) {
    byte[] bytes = good.clone();
    ByteBuffer.wrap(bytes).putInt(RedisEntry.HEADER - 4, Integer.MAX_VALUE);
    return bytes;
  }

  @Test
  void aPutOverAKeyOfAnotherRedisType_replacesIt() {
    Cache<String, Profile> cache = profiles();
    try (Jedis admin = SharedServers.standalone().admin()) {
      admin.rpush(redisKey("k"), "a list");
      cache.put("k", new Profile("mine"));
      assertEquals(new Profile("mine"), cache.getIfPresent("k"));
    }
  }

  @Test
  void noTwoCacheAndKeyPairs_shareARedisKey_overManyRandomAndEdgeCaseKeys() {
    List<String> names = List.of("a", "a:b", "a:b:c", "b", "b:c", "a%3Ab", "x#lock", "x", "%", "::", "é", "a b");
    List<String> keys = new ArrayList<>(List.of("", ":", "::", "#", "#lock:", "%3A", "b:c", "c", "a:b", "\u0000",
        "é", "e\u0301", "#" + "0".repeat(64), "x".repeat(256), "x".repeat(257), "x".repeat(5000)));
    Random random = new Random(12345);
    String alphabet = ":#%ab\u0000é*?[]\\";
    for (int i = 0; i < 3000; i++) {
      StringBuilder key = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      keys.add(key.toString());
    }
    Set<ByteBuffer> seen = new HashSet<>();
    int pairs = 0;
    for (String name : names) {
      RedisKeys redisKeys = new RedisKeys("ns", name);
      Set<String> distinctKeys = new HashSet<>(keys);
      for (String key : distinctKeys) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        pairs++;
        assertTrue(seen.add(ByteBuffer.wrap(redisKeys.entryKey(keyBytes))), () -> "collision: " + name + " / " + key);
        assertTrue(seen.add(ByteBuffer.wrap(redisKeys.lockKey(keyBytes))), () -> "lock collision: " + name + " / "
            + key);
      }
    }
    assertEquals(2 * pairs, seen.size());

    // End to end for the edge cases: each cache reads back exactly its own value for each key.
    List<Cache<String, String>> edge = new ArrayList<>();
    for (String name : names) {
      Cache<String, String> cache = CacheBuilder.newBuilder().name(name)
          .store(RedisStores.redis(RedisContractTest.client()).namespace(namespace).keyCodec(Codec.string())
              .valueCodec(Codec.string())).ticker(new FakeTicker()).build();
      caches.add(cache);
      edge.add(cache);
      for (String key : keys.subList(0, 16)) {
        cache.put(key, name + "|" + key);
      }
    }
    for (int c = 0; c < names.size(); c++) {
      for (String key : keys.subList(0, 16)) {
        assertEquals(names.get(c) + "|" + key, edge.get(c).getIfPresent(key));
      }
    }
  }

  @Test
  void anAclUserLimitedToTheCachesPrefix_canRunEveryCacheOperation_andNothingElse() {
    String user = "cache-" + namespace;
    try (Jedis admin = SharedServers.standalone().admin()) {
      admin.aclSetUser(user, "reset", "on", ">user-pw", "~" + namespace + ":*", "+@all", "-@dangerous");
      try (RedisClient limited = RedisClient.builder().hostAndPort(SharedServers.standalone().hostAndPort())
          .clientConfig(DefaultJedisClientConfig.builder().user(user).password("user-pw").build()).build()) {
        RedisStoreFactory store = RedisStores.redis(limited).namespace(namespace).keyCodec(Codec.string())
            .valueCodec(Codec.string()).distributedSingleFlight(java.time.Duration.ofSeconds(5));
        Cache<String, String> cache = CacheBuilder.newBuilder().name("acl").store(store)
            .ticker(new FakeTicker()).executor(Runnable::run).recordStats().build();
        caches.add(cache);

        assertEquals("v", cache.get("k", key -> "v"));
        cache.putAll(Map.of("a", "1", "b", "2"));
        assertEquals(Map.of("a", "1", "b", "2"), cache.getAllPresent(List.of("a", "b")));
        assertEquals(3, cache.estimatedSize());
        assertEquals(3, Map.copyOf(cache.asMap()).size());
        cache.invalidate("a");
        cache.invalidateAll();
        assertEquals(0, cache.estimatedSize());
        assertEquals(0, cache.stats().storeErrorCount(), cache.stats().toString());

        JedisDataException outside = assertThrows(JedisDataException.class,
            () -> limited.set("elsewhere:k", "v"));
        assertTrue(outside.getMessage().startsWith("NOPERM"), outside.getMessage());
        assertThrows(JedisDataException.class, () -> limited.flushAll());
      }
    } finally {
      try (Jedis admin = SharedServers.standalone().admin()) {
        admin.aclDelUser(user);
      }
    }
  }

  @Test
  void aWrongPassword_failsOpenAsACountedMiss() {
    try (RedisClient wrong = RedisClient.builder().hostAndPort(SharedServers.standalone().hostAndPort())
        .clientConfig(DefaultJedisClientConfig.builder().user("nobody").password("wrong").build()).build()) {
      Cache<String, String> cache = CacheBuilder.newBuilder().store(RedisStores.redis(wrong).namespace(namespace)
          .keyCodec(Codec.string()).valueCodec(Codec.string())).ticker(new FakeTicker()).recordStats().build();
      caches.add(cache);
      assertEquals("v", cache.get("k", key -> "v"));
      assertTrue(cache.stats().storeErrorCount() > 0);
      assertThrows(JedisAccessControlException.class, wrong::ping);
    }
  }
}
