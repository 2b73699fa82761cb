package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.contract.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Two application instances over one Redis — two caches, each with its own client, as two processes would have —
 * driven by one {@link FakeTicker} standing for the wall clock they share: they agree on every expiry and refresh
 * decision, because the decisions are made from the times stored with the entry.
 */
class SharedTimeTest {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final String namespace = "shared-time-" + NAMESPACES.incrementAndGet();
  private final FakeTicker clock = new FakeTicker();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private CacheBuilder<Object, Object> instance() {
    RedisClient client = RedisClient.create(SharedServers.standalone().hostAndPort());
    closing.add(client);
    return CacheBuilder.newBuilder().name("shared")
        .store(RedisStores.redis(client).namespace(namespace).keyCodec(Codec.string()).valueCodec(Codec.string()))
        .ticker(clock).executor(Runnable::run).recordStats();
  }

  private <C extends AutoCloseable> C track(C c) {
    closing.add(0, c);
    return c;
  }

  @Test
  void anEntryWrittenByOneInstance_expiresForBothAtTheSameInstant() {
    Cache<String, String> a = track(instance().expireAfterWrite(Duration.ofMinutes(10)).build());
    Cache<String, String> b = track(instance().expireAfterWrite(Duration.ofMinutes(10)).build());

    a.put("k", "written by a");
    clock.advance(Duration.ofMinutes(9));
    assertEquals("written by a", b.getIfPresent("k"));
    assertEquals("written by a", a.getIfPresent("k"));

    clock.advance(Duration.ofMinutes(1));
    assertNull(b.getIfPresent("k"));
    assertNull(a.getIfPresent("k"));
  }

  @Test
  void aReadThatExtendsAccessExpiry_inOneInstance_extendsItForTheOther() {
    Cache<String, String> a = track(instance().expireAfterAccess(Duration.ofMinutes(5)).build());
    Cache<String, String> b = track(instance().expireAfterAccess(Duration.ofMinutes(5)).build());

    a.put("k", "v");
    clock.advance(Duration.ofMinutes(4));
    assertEquals("v", b.getIfPresent("k")); // b's read moves the entry's access time, in Redis
    clock.advance(Duration.ofMinutes(4));
    assertEquals("v", a.getIfPresent("k"), "a sees the access that b made");
    clock.advance(Duration.ofMinutes(5));
    assertNull(b.getIfPresent("k"));
  }

  @Test
  void refreshAfterWrite_isDecidedFromTheWritersTime_byTheOtherInstance() {
    AtomicInteger aLoads = new AtomicInteger();
    AtomicInteger bLoads = new AtomicInteger();
    var a = track(instance().refreshAfterWrite(Duration.ofMinutes(1)).expireAfterWrite(Duration.ofMinutes(10))
        .<String, String>build(key -> "a-" + aLoads.incrementAndGet()));
    var b = track(instance().refreshAfterWrite(Duration.ofMinutes(1)).expireAfterWrite(Duration.ofMinutes(10))
        .<String, String>build(key -> "b-" + bLoads.incrementAndGet()));

    assertEquals("a-1", a.get("k"));
    clock.advance(Duration.ofSeconds(30));
    assertEquals("a-1", b.get("k"), "not due yet: b must not refresh a value a wrote 30 s ago");
    assertEquals(0, bLoads.get());

    clock.advance(Duration.ofSeconds(31));
    assertEquals("a-1", b.get("k"), "due: b serves the current value and refreshes it");
    assertEquals(1, bLoads.get());
    assertEquals("b-1", a.get("k"), "a sees b's refresh");
    assertEquals(1, aLoads.get());
  }
}
