package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClusterClient;

/**
 * A Cluster master killed ({@code kill -9}) under four threads doing get-or-load, until its replica is promoted:
 * no exception reaches a caller, every result is the loader's, no call outlasts its bound, and the store writes to
 * Redis again within 2 s of the Cluster reporting {@code cluster_state:ok}. The Cluster is this test's own.
 */
class ClusterFailoverTest {

  private static final Duration TIMEOUT = Duration.ofMillis(250);

  @Test
  void aMasterKilled_andItsReplicaPromoted() throws Exception {
    FaultTest.warmUpLogging();
    try (RedisClusterHarness cluster = RedisClusterHarness.start();
        RedisClusterClient client = cluster.client(TIMEOUT)) {
      RedisStoreFactory store = RedisStores.redis(client).circuitBreaker(3, Duration.ofMillis(300))
          .keyCodec(Codec.string()).valueCodec(Codec.string()).namespace("failover");
      try (Cache<String, String> cache = CacheBuilder.newBuilder().name("failover").store(store).recordStats()
          .build()) {
        long usedAgainMillis;
        try (Workload load = new Workload(cache, 4, 200)) {
          load.runFor(300);
          RedisServer victim = cluster.masters().get(0);
          victim.kill();
          cluster.awaitFailover(victim);
          long back = System.nanoTime();
          usedAgainMillis = awaitEveryKeyWritable(cache, client, back);
          load.runFor(300);
          load.close();

          System.out.printf("ClusterFailoverTest: %d calls, slowest %d ms, Redis used again %d ms after the "
              + "failover%n", load.calls(), load.slowestMillis(), usedAgainMillis);
          assertEquals(List.of(), load.failures());
          assertEquals(List.of(), load.wrongResults());
          // Jedis's Cluster client may retry once on another node (maxAttempts 2), so up to two timeouts per call,
          // and two calls (read, write) per get-or-load.
          long bound = 4 * TIMEOUT.toMillis() + 400;
          assertTrue(load.slowestMillis() <= bound, "slowest call " + load.slowestMillis() + " ms, bound " + bound
              + "\n" + load.slowStack());
        }
        assertTrue(usedAgainMillis <= 2000, "Redis used again " + usedAgainMillis + " ms after the failover");
        assertTrue(cache.stats().storeErrorCount() > 0, "the failures were counted: " + cache.stats());
      }
    }
  }

  /** Writes 50 keys (spread over the slots) through the cache until each reaches Redis; the time that took. */
  private static long awaitEveryKeyWritable(Cache<String, String> cache, RedisClusterClient client, long back)
      throws InterruptedException {
    long deadline = back + Duration.ofSeconds(15).toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      boolean all = true;
      for (int i = 0; i < 50 && all; i++) {
        String value = "probe-" + attempt;
        cache.put("probe" + i, value);
        try {
          all = FaultTest.holds(client.get(("failover:failover:probe" + i).getBytes(
              java.nio.charset.StandardCharsets.UTF_8)), value);
        } catch (RuntimeException notYet) {
          all = false;
        }
      }
      if (all) {
        return (System.nanoTime() - back) / 1_000_000;
      }
      Thread.sleep(20);
    }
    return Long.MAX_VALUE;
  }
}
