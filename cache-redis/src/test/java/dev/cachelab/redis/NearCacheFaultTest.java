package dev.cachelab.redis;

import static dev.cachelab.redis.NearInstance.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.contract.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * What happens to L1 when the invalidation stream is cut: the connection killed ({@code CLIENT KILL}), Redis
 * restarted, Redis paused ({@code kill -STOP}). Each test has a server of its own, which it breaks and mends.
 */
class NearCacheFaultTest {

  private final FakeTicker ticker = new FakeTicker();
  private RedisServer server;
  private NearInstance a;
  private NearInstance b;

  @BeforeEach
  void start() {
    server = RedisServer.start();
  }

  @AfterEach
  void stop() {
    try {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
    } finally {
      server.close(); // resumes a paused server before stopping it
    }
  }

  private void open(UnaryOperator<NearCacheStoreFactory> refineB) {
    a = NearInstance.on(server.hostAndPort(), "faults", ticker, NearInstance::fastHealthCheck,
        UnaryOperator.identity()).awaitTrusted();
    b = NearInstance.on(server.hostAndPort(), "faults", ticker, refineB, UnaryOperator.identity()).awaitTrusted();
  }

  /** A writes, then B hears of it: so B's next read is not dropped from L1 by the write's late invalidation. */
  private void write(String key, String value) {
    long before = b.stats().invalidationCount();
    a.cache.put(key, value);
    await(() -> b.stats().invalidationCount() > before, "B to hear of A's write");
  }

  /** Kills every invalidation connection on the server (A's and B's): they name themselves cachelab-near-cache. */
  private int killInvalidationConnections() {
    int killed = 0;
    try (Jedis admin = server.admin()) {
      for (String line : admin.clientList().split("\n")) {
        if (line.contains("name=cachelab-near-cache ")) {
          String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
          admin.clientKill(new redis.clients.jedis.params.ClientKillParams().id(id));
          killed++;
        }
      }
    }
    return killed;
  }

  @Test
  void invalidationConnectionKilledDuringUpdates_bClearsL1_andServesNothingStaleAfter() throws Exception {
    // B reconnects on its next health check, up to half a second after the kill: time to read while untrusted
    open(factory -> factory.healthCheck(Duration.ofMillis(500)));
    a.cache.put("k", "0");
    AtomicInteger completed = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> writes = writer.submit(() -> {
        for (int i = 1; !stop.get(); i++) {
          a.cache.put("k", Integer.toString(i));
          completed.set(i);
        }
      });
      await(() -> completed.get() > 100, "A's updates to start");
      long losses = b.stats().lossCount();
      assertTrue(killInvalidationConnections() >= 2);
      await(() -> b.stats().lossCount() > losses, "B to notice its invalidation connection is gone");
      int atLoss = completed.get();
      // While B does not trust L1 every read goes to Redis: nothing older than A's completed writes. Once tracking
      // is back, L1 was flushed first, so nothing older than what A had written when the loss was noticed.
      long deadline = System.nanoTime() + Duration.ofMillis(600).toNanos(); // spans the reconnection (~0.1 s)
      int reads = 0;
      int untrustedReads = 0;
      while (System.nanoTime() < deadline || !b.store().trusted()) {
        boolean untrusted = !b.store().trusted();
        int before = completed.get();
        int seen = Integer.parseInt(b.cache.getIfPresent("k"));
        if (untrusted && !b.store().trusted()) {
          assertTrue(seen >= before, "untrusted, B read " + seen + " after A completed " + before);
          untrustedReads++;
        }
        assertTrue(seen >= atLoss, "B read " + seen + ", from before the loss (A had completed " + atLoss + ")");
        reads++;
      }
      System.out.printf("near cache, invalidation connection killed: %d reads by B after the loss, %d of them "
          + "while untrusted%n", reads, untrustedReads);
      stop.set(true);
      writes.get(30, TimeUnit.SECONDS);
      String last = Integer.toString(completed.get());
      await(() -> last.equals(b.cache.getIfPresent("k")), "B to read A's last write");
      assertTrue(b.stats().l1ClearCount() >= 2, "cleared when lost and again when re-established");
    } finally {
      stop.set(true);
      writer.shutdownNow();
    }
  }

  /**
   * The L1 time to live bounds staleness when invalidations are lost: with {@code serveWhileDisconnected}, B keeps
   * serving its copy while its invalidation connection is down, and the copy ends with its time to live.
   */
  @Test
  void invalidationConnectionKilled_theL1TimeToLiveBoundsWhatServeWhileDisconnectedServes() {
    // a health check of a minute: B does not reconnect (and flush) while the test looks
    open(factory -> factory.serveWhileDisconnected().healthCheck(Duration.ofMinutes(1)));
    write("k", "v1");
    assertEquals("v1", b.cache.getIfPresent("k"));
    assertTrue(b.store().holds("k"));
    killInvalidationConnections();
    await(() -> b.stats().lossCount() > 0, "B to notice its invalidation connection is gone");
    a.cache.put("k", "v2"); // B cannot hear of it
    assertEquals("v1", b.cache.getIfPresent("k"), "served from L1 while disconnected, as the option allows");
    b.l1Ticker.advance(NearCacheStoreFactory.DEFAULT_TIME_TO_LIVE.minusNanos(1));
    assertEquals("v1", b.cache.getIfPresent("k"));
    b.l1Ticker.advance(Duration.ofNanos(1));
    assertEquals("v2", b.cache.getIfPresent("k"), "never staler than L1's time to live");
  }

  @Test
  void invalidationConnectionKilled_withoutTheOption_l1ServesNothingItHeldBefore() {
    open(factory -> factory.healthCheck(Duration.ofMinutes(1)));
    write("k", "v1");
    assertEquals("v1", b.cache.getIfPresent("k"));
    assertTrue(b.store().holds("k"));
    killInvalidationConnections();
    await(() -> b.stats().lossCount() > 0, "B to notice its invalidation connection is gone");
    assertFalse(b.store().holds("k"));
    a.cache.put("k", "v2");
    assertEquals("v2", b.cache.getIfPresent("k"));
    assertEquals("v2", b.cache.getIfPresent("k"));
    assertFalse(b.store().holds("k"), "untrusted, L1 fills nothing");
  }

  @Test
  void redisRestarted_bClearsL1_andServesNothingFromBefore() {
    open(NearInstance::fastHealthCheck);
    write("k", "v1");
    assertEquals("v1", b.cache.getIfPresent("k"));
    assertTrue(b.store().holds("k"));
    long losses = b.stats().lossCount();
    server.restart(); // an empty data set on the same port
    await(() -> b.stats().lossCount() > losses, "B to notice the restart");
    assertNull(b.cache.getIfPresent("k"), "the restarted Redis has nothing; neither does L1");
    b.awaitTrusted();
    await(() -> {
      a.cache.put("k", "v2"); // A's pooled connections may need a try to find the new server
      try (Jedis plain = server.admin()) {
        return plain.exists("faults:near:k");
      }
    }, "A's write to reach the restarted Redis");
    assertEquals("v2", b.cache.getIfPresent("k"));
    a.cache.put("k", "v3");
    await(() -> !b.store().holds("k") || "v3".equals(b.cache.getIfPresent("k")), "B to hear of v3");
    assertEquals("v3", b.cache.getIfPresent("k"), "tracking works again after the restart");
  }

  @Test
  void redisPaused_theHealthCheckNotices_l1IsFlushed_andAfterResumeNothingStaleIsServed() {
    open(NearInstance::fastHealthCheck);
    write("k", "v1");
    assertEquals("v1", b.cache.getIfPresent("k"));
    assertTrue(b.store().holds("k"));
    long losses = b.stats().lossCount();
    server.pause();
    try {
      await(() -> b.stats().lossCount() > losses, "B's health check to notice the silence");
      assertFalse(b.store().holds("k"), "flushed when the connection went silent");
      assertFalse(b.store().trusted());
    } finally {
      server.resume();
    }
    a.cache.put("k", "v2");
    b.awaitTrusted();
    assertEquals("v2", b.cache.getIfPresent("k"));
    assertEquals(List.of(), b.removals);
  }
}
