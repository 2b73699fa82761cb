package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Faults on a real server process, under four threads doing get-or-load: {@code kill -9} and a restart on the same
 * port, {@code kill -STOP} then {@code -CONT}, {@code CLIENT PAUSE}, and {@code maxmemory} with {@code noeviction}.
 * Fail-open, each must hold: no exception reaches a caller, every result is the loader's value for its key, no call
 * takes longer than the Redis calls' timeouts plus the load, and the store writes to Redis again within 2 s of the
 * server being back. The server is this class's own: it is the one that gets killed.
 */
class FaultTest {

  /** The client timeout, and what bounds a call: a get-or-load makes at most two Redis calls (read, write). */
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final long SLACK_MILLIS = 400;

  private static RedisServer server;
  private RedisStoreFactory store;
  private Cache<String, String> cache;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
    warmUpLogging();
  }

  /**
   * The first log record of a JVM loads the time-zone database (for its timestamp): once over half a second on this
   * busy machine, paid by whichever caller logs first — here, the call that opens the breaker. Paying it up front
   * keeps the latency bound about Redis, not class loading.
   */
  static void warmUpLogging() {
    java.time.ZoneId.systemDefault();
    java.util.logging.LogManager.getLogManager();
    new java.util.logging.SimpleFormatter().format(new java.util.logging.LogRecord(java.util.logging.Level.INFO, ""));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void buildCache() {
    store = RedisStores.redis(server.uri()).timeout(TIMEOUT).circuitBreaker(3, Duration.ofMillis(300))
        .keyCodec(Codec.string()).valueCodec(Codec.string()).namespace("faults");
    cache = CacheBuilder.newBuilder().name("faults").store(store).recordStats().build();
    cache.invalidateAll(); // every test starts cold, so its workload loads and writes
  }

  @AfterEach
  void restore() {
    cache.close();
    if (!server.isAlive()) {
      server.restart();
    }
    server.resume();
    try (Jedis admin = server.admin()) {
      admin.configSet("maxmemory", "0");
      admin.clientUnpause();
    }
  }

  @Test
  void killMinus9_andARestartOnTheSamePort() throws Exception {
    survives(server::kill, server::restart);
  }

  @Test
  void killStop_thenCont() throws Exception {
    survives(server::pause, server::resume);
  }

  @Test
  void clientPause() throws Exception {
    survives(() -> {
      try (Jedis admin = server.admin()) {
        admin.clientPause(1500);
      }
    }, () -> {
      try (Jedis admin = server.admin()) {
        admin.clientUnpause();
      }
    });
  }

  @Test
  void maxmemoryWithNoeviction_failsWritesWithOom() throws Exception {
    survives(() -> {
      try (Jedis admin = server.admin()) {
        admin.configSet("maxmemory-policy", "noeviction");
        admin.configSet("maxmemory", "1");
      }
      cache.invalidateAll(); // deletions still work under noeviction; the reloads' writes now fail with OOM
    }, () -> {
      try (Jedis admin = server.admin()) {
        admin.configSet("maxmemory", "0");
      }
    });
    assertTrue(cache.stats().storeErrorCount() > 0, "the OOM replies were counted");
  }

  private void survives(Runnable fault, Runnable repair) throws Exception {
    long errorsBefore;
    try (Workload load = new Workload(cache, 4, 50)) {
      load.runFor(300);
      errorsBefore = cache.stats().storeErrorCount();
      fault.run();
      load.runFor(1500);
      repair.run();
      long back = System.nanoTime();
      long usedAgainMillis = awaitUsedAgain(back);
      load.runFor(300);
      load.close();

      System.out.printf("FaultTest: %d calls, slowest %d ms, Redis used again %d ms after the repair%n",
          load.calls(), load.slowestMillis(), usedAgainMillis);
      assertEquals(java.util.List.of(), load.failures(), "no exception reaches a caller when fail-open");
      assertEquals(java.util.List.of(), load.wrongResults(), "every result is the loader's value");
      long bound = 2 * TIMEOUT.toMillis() + SLACK_MILLIS;
      assertTrue(load.slowestMillis() <= bound, "slowest call " + load.slowestMillis() + " ms, bound " + bound + "\n"
          + load.slowStack());
      assertTrue(usedAgainMillis <= 2000, "Redis used again " + usedAgainMillis + " ms after it came back");
      assertTrue(load.calls() > 100, "the workload ran: " + load.calls() + " calls");
    }
    assertTrue(cache.stats().storeErrorCount() > errorsBefore, "the fault was counted: " + cache.stats());
  }

  private static final byte[] PROBE = "faults:faults:probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** Whether {@code bytes}, a cachelab entry, holds the string {@code value}. */
  static boolean holds(byte[] bytes, String value) {
    return bytes != null && value.equals(new String(RedisEntry.parse(bytes).value(),
        java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Puts through the cache until the write reaches Redis; returns how long that took after the repair. */
  private long awaitUsedAgain(long back) throws InterruptedException {
    long deadline = back + Duration.ofSeconds(10).toNanos();
    int attempt = 0;
    try (Jedis admin = server.admin()) {
      while (System.nanoTime() < deadline) {
        String value = "probe-" + attempt++;
        cache.put("probe", value);
        try {
          if (holds(admin.get(PROBE), value)) {
            return (System.nanoTime() - back) / 1_000_000;
          }
        } catch (RuntimeException notYet) {
          // the admin connection died with the server; a new one follows
          return awaitUsedAgainFresh(back, deadline);
        }
        Thread.sleep(10);
      }
    }
    return Long.MAX_VALUE;
  }

  private long awaitUsedAgainFresh(long back, long deadline) throws InterruptedException {
    int attempt = 0;
    while (System.nanoTime() < deadline) {
      String value = "probe-again-" + attempt++;
      cache.put("probe", value);
      try (Jedis admin = server.admin()) {
        if (holds(admin.get(PROBE), value)) {
          return (System.nanoTime() - back) / 1_000_000;
        }
      } catch (RuntimeException notYet) {
        // try again
      }
      Thread.sleep(10);
    }
    return Long.MAX_VALUE;
  }
}
