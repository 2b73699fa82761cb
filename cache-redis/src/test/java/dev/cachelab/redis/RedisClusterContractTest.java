package dev.cachelab.redis;

import dev.cachelab.contract.CacheContractTest;
import dev.cachelab.store.StoreFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.UnifiedJedis;

/**
 * The whole cache contract on a Redis Cluster of three masters with a replica each (the shared Cluster of this
 * JVM): keys spread over the slots, so {@code getAll}, {@code invalidateAll} and iteration cross nodes.
 */
class RedisClusterContractTest extends CacheContractTest {

  private static final AtomicInteger TESTS = new AtomicInteger();
  private static UnifiedJedis client;

  private final String namespace = getClass().getSimpleName() + "-" + TESTS.incrementAndGet();

  static synchronized UnifiedJedis client() {
    if (client == null) {
      client = SharedServers.cluster().client(Duration.ofSeconds(5), RedisContractTest.bigPool());
    }
    return client;
  }

  @Override
  protected StoreFactory store() {
    return RedisContractTest.contractStore(client(), namespace);
  }

  @Override
  protected boolean storesByReference() {
    return false;
  }
}
