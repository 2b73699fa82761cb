package dev.cachelab.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * A local Redis Cluster for tests: six {@link RedisServer}s with {@code --cluster-enabled yes}, joined by
 * {@code redis-cli --cluster create … --cluster-replicas 1} (or, without redis-cli, the same commands sent with Jedis)
 * into three masters with one replica each. Ready once every
 * node reports {@code cluster_state:ok} (a command sent earlier may meet {@code CLUSTERDOWN}). Each node's port and
 * its bus port ({@code port + 10000}) are free when chosen. Not thread-safe.
 */
final class RedisClusterHarness implements AutoCloseable {

  static final int NODES = 6;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> nodes = new ArrayList<>();

  private RedisClusterHarness() {}

  static RedisClusterHarness start() {
    RedisClusterHarness cluster = new RedisClusterHarness();
    try {
      for (int i = 0; i < NODES; i++) {
        cluster.nodes.add(RedisServer.startOn(RedisServer.freePort(true), "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
            // A replica syncs at once instead of after the default 5 s; one that never synced cannot take over.
            "--repl-diskless-sync-delay", "0"));
      }
      cluster.create();
      cluster.awaitOk(cluster.nodes);
      cluster.awaitReplicasSynced();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void create() {
    java.util.Optional<Path> redisCli = RedisServer.onPath("redis-cli");
    if (redisCli.isEmpty()) {
      createWithoutCli(); // only the embedded-redis binary: build the same cluster with plain commands
      return;
    }
    String cli = redisCli.get().toString();
    List<String> command = new ArrayList<>(List.of(cli, "--cluster", "create"));
    nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
    command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cli + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * What {@code redis-cli --cluster create … --cluster-replicas 1} does, in commands: the first three nodes share the
   * 16,384 slots, every node meets the first, and each of the last three replicates one master once it knows it.
   */
  private void createWithoutCli() {
    int masters = NODES / 2;
    for (int i = 0; i < masters; i++) {
      int from = i * 16384 / masters;
      int to = (i + 1) * 16384 / masters;
      try (Jedis jedis = nodes.get(i).admin()) {
        jedis.clusterAddSlots(java.util.stream.IntStream.range(from, to).toArray());
      }
    }
    try (Jedis first = nodes.get(0).admin()) {
      for (RedisServer node : nodes.subList(1, NODES)) {
        first.clusterMeet("127.0.0.1", node.port());
      }
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    for (int i = masters; i < NODES; i++) {
      String masterId;
      try (Jedis master = nodes.get(i - masters).admin()) {
        masterId = master.clusterMyId();
      }
      try (Jedis replica = nodes.get(i).admin()) {
        while (!replica.clusterNodes().contains(masterId)) { // it must know the master before it can follow it
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("node " + nodes.get(i).port() + " never learnt of its master");
          }
          RedisServer.sleepBriefly();
        }
        replica.clusterReplicate(masterId);
      }
    }
  }

  /** Waits (a real wait, bounded) until every live node in {@code among} reports {@code cluster_state:ok}. */
  void awaitOk(List<RedisServer> among) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    for (RedisServer node : among) {
      while (!node.isAlive() || !state(node).contains("cluster_state:ok")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("node " + node.port() + " did not reach cluster_state:ok in "
              + READY_TIMEOUT + "; it says:\n" + state(node));
        }
        RedisServer.sleepBriefly();
        if (!node.isAlive()) {
          break;
        }
      }
    }
  }

  /** Waits until every replica's link to its master is up: before that, a failover cannot happen. */
  private void awaitReplicasSynced() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    for (RedisServer node : nodes) {
      while (true) {
        String replication;
        try (Jedis jedis = node.admin()) {
          replication = jedis.info("replication");
        }
        if (replication.contains("role:master") || replication.contains("master_link_status:up")) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("replica " + node.port() + " did not sync in " + READY_TIMEOUT + ":\n"
              + replication);
        }
        RedisServer.sleepBriefly();
      }
    }
  }

  /** Waits until the live nodes agree the cluster is ok and {@code killed} is no longer a master. */
  void awaitFailover(RedisServer killed) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    List<RedisServer> live = nodes.stream().filter(RedisServer::isAlive).toList();
    while (true) {
      boolean done = live.stream().allMatch(node -> state(node).contains("cluster_state:ok"))
          && masters().size() == 3 && !masters().contains(killed);
      if (done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no replica took over from the master on port " + killed.port() + " in "
            + READY_TIMEOUT);
      }
      RedisServer.sleepBriefly();
    }
  }

  private static String state(RedisServer node) {
    try (Jedis jedis = new Jedis(node.hostAndPort(), DefaultJedisClientConfig.builder().timeoutMillis(1000).build())) {
      return jedis.clusterInfo();
    } catch (RuntimeException e) {
      return "unreachable: " + e;
    }
  }

  /** The live nodes that are masters now. */
  List<RedisServer> masters() {
    List<RedisServer> masters = new ArrayList<>();
    for (RedisServer node : nodes) {
      if (!node.isAlive()) {
        continue;
      }
      try (Jedis jedis = new Jedis(node.hostAndPort(), DefaultJedisClientConfig.builder().timeoutMillis(1000)
          .build())) {
        if ("master".equals(String.valueOf(jedis.role().get(0)))) {
          masters.add(node);
        }
      } catch (RuntimeException e) {
        // not answering: neither
      }
    }
    return masters;
  }

  List<RedisServer> nodes() {
    return nodes;
  }

  Set<HostAndPort> seeds() {
    Set<HostAndPort> seeds = new HashSet<>();
    nodes.forEach(node -> seeds.add(node.hostAndPort()));
    return seeds;
  }

  /** A new cluster client with the given socket timeout (the caller closes it). */
  RedisClusterClient client(Duration timeout) {
    return client(timeout, new redis.clients.jedis.ConnectionPoolConfig());
  }

  /** A new cluster client with a pool of this shape for each node. */
  RedisClusterClient client(Duration timeout, redis.clients.jedis.ConnectionPoolConfig pool) {
    return RedisClusterClient.builder().nodes(seeds()).poolConfig(pool)
        .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis((int) timeout.toMillis()).build())
        .maxAttempts(2)
        .maxTotalRetriesDuration(timeout.multipliedBy(2))
        .build();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }
}
