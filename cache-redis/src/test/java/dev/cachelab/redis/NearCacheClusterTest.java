package dev.cachelab.redis;

import static dev.cachelab.redis.NearInstance.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.contract.FakeTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * The near cache on a Redis Cluster of its own: every master is tracked, writes on any node invalidate, and when a
 * master is killed and its replica promoted, L1 is flushed, the new master is tracked, and nothing from before the
 * failover is served.
 */
class NearCacheClusterTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  @Test
  void aFailover_flushesL1_tracksTheNewMaster_andServesNothingFromBefore() {
    FakeTicker ticker = new FakeTicker();
    try (RedisClusterHarness cluster = RedisClusterHarness.start();
        RedisClusterClient plain = cluster.client(TIMEOUT);
        NearInstance a = NearInstance.over(cluster.client(TIMEOUT), "cluster", ticker,
            NearInstance::fastHealthCheck, UnaryOperator.identity()).awaitTrusted();
        NearInstance b = NearInstance.over(cluster.client(TIMEOUT), "cluster", ticker,
            NearInstance::fastHealthCheck, UnaryOperator.identity()).awaitTrusted()) {
      await(() -> b.store().stream().tracked().equals(endpoints(cluster)),
          () -> "every master to be tracked: " + b.store().stream().tracked() + ", masters " + endpoints(cluster));
      System.out.println("near cache on Cluster, tracking " + b.store().stream().tracked() + "; losses so far: "
          + b.stats().lossCount() + " (" + b.store().stream().lastLoss() + ")");

      // keys on every master: each one's write reaches B's L1 as an invalidation
      for (int i = 0; i < 30; i++) {
        write(a, b, "k" + i, "v1");
        String key = "k" + i;
        assertEquals("v1", b.cache.getIfPresent(key));
        // the read fills L1, unless the stream was lost meanwhile (a young Cluster's nodes may still change roles)
        await(() -> "v1".equals(b.cache.getIfPresent(key)) && b.store().holds(key),
            () -> "B's L1 to hold " + key + ": " + b.stats() + ", last loss: " + b.store().stream().lastLoss());
        write(a, b, "k" + i, "v2");
        assertFalse(b.store().holds("k" + i));
        assertEquals("v2", b.cache.getIfPresent("k" + i));
      }

      RedisServer victim = ownerOf(cluster, "cluster:near:k0");
      awaitReplicaInSync(cluster, victim);
      long losses = b.stats().lossCount();
      victim.kill();
      await(() -> b.stats().lossCount() > losses, "B to notice the master's connection is gone");
      assertFalse(b.store().holds("k0"), "L1 flushed at the loss");
      cluster.awaitFailover(victim);
      await(() -> b.store().trusted() && b.store().stream().tracked().equals(endpoints(cluster)),
          "B to track the new set of masters");

      await(() -> {
        a.cache.put("k0", "v3"); // A's client finds the new master after a try or two
        try {
          byte[] stored = plain.get("cluster:near:k0".getBytes(StandardCharsets.UTF_8));
          return stored != null && new String(stored, StandardCharsets.UTF_8).endsWith("v3");
        } catch (RuntimeException notYet) {
          return false; // the plain client, too, learns the new master after a try
        }
      }, "A's write to reach the promoted master");
      await(() -> "v3".equals(b.cache.getIfPresent("k0")), "B to read the write made after the failover");
      assertTrue(b.store().holds("k0") || b.store().trusted());
      write(a, b, "k0", "v4");
      assertEquals("v4", b.cache.getIfPresent("k0"), "the promoted master's writes invalidate B");
      System.out.printf("near cache on Cluster, failover: %d losses, %d L1 clears at B%n", b.stats().lossCount(),
          b.stats().l1ClearCount());
    }
  }

  private static void write(NearInstance a, NearInstance b, String key, String value) {
    long before = b.stats().invalidationCount();
    a.cache.put(key, value);
    await(() -> b.stats().invalidationCount() > before, () -> "B to hear of A's write of " + key + "; A: " + a.cache.stats()
        + "; B: " + b.stats() + ", trusted " + b.store().trusted() + ", tracking " + b.store().stream().tracked()
        + ", last loss: " + b.store().stream().lastLoss());
  }

  private static Set<InvalidationStream.Endpoint> endpoints(RedisClusterHarness cluster) {
    return cluster.masters().stream().map(node -> new InvalidationStream.Endpoint("127.0.0.1", node.port()))
        .collect(Collectors.toCollection(HashSet::new));
  }

  /**
   * Waits until a replica of {@code master} has synchronized with it. A replica that never finished its first sync
   * counts its data as too old to take over ({@code cluster-replica-validity-factor}), and a busy machine can take
   * a while after the Cluster reports ok.
   */
  private static void awaitReplicaInSync(RedisClusterHarness cluster, RedisServer master) {
    await(() -> cluster.nodes().stream().filter(RedisServer::isAlive).anyMatch(node -> {
      try (Jedis jedis = node.admin()) {
        String info = jedis.info("replication");
        return info.contains("master_port:" + master.port()) && info.contains("master_link_status:up");
      } catch (RuntimeException e) {
        return false;
      }
    }), "a replica of the master on port " + master.port() + " to finish its first sync");
  }

  /** The master whose slots hold {@code redisKey}: the one that answers EXISTS without a MOVED redirection. */
  private static RedisServer ownerOf(RedisClusterHarness cluster, String redisKey) {
    for (RedisServer master : cluster.masters()) {
      try (Jedis jedis = master.admin()) {
        jedis.exists(redisKey);
        return master;
      } catch (RuntimeException moved) {
        // another master's slot
      }
    }
    throw new AssertionError("no master owns " + redisKey);
  }
}
