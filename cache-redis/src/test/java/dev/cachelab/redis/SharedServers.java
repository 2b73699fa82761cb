package dev.cachelab.redis;

/**
 * One standalone server and one Cluster for the whole test JVM, started on first use and stopped when the JVM exits
 * (a shutdown hook), so the many tests that only read and write share them instead of each paying a start. Tests
 * keep apart by namespace. Fault tests, which kill or pause a server, start their own.
 */
final class SharedServers {

  private static RedisServer standalone;
  private static RedisClusterHarness cluster;

  private SharedServers() {}

  static synchronized RedisServer standalone() {
    if (standalone == null) {
      standalone = RedisServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "stop-redis-server"));
    }
    return standalone;
  }

  static synchronized RedisClusterHarness cluster() {
    if (cluster == null) {
      cluster = RedisClusterHarness.start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-redis-cluster"));
    }
    return cluster;
  }
}
