package dev.cachelab.redis;

import dev.cachelab.codec.Codec;
import dev.cachelab.contract.CacheContractTest;
import dev.cachelab.store.StoreFactory;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The whole cache contract on a standalone Redis: the shared server of this JVM, one client, and a namespace of
 * its own for each test, so tests never see each other's entries. Values go through allow-listed Java
 * serialization (the contract's value types), so what the cache reads back is a copy.
 */
class RedisContractTest extends CacheContractTest {

  private static final AtomicInteger TESTS = new AtomicInteger();
  private static UnifiedJedis client;

  private final String namespace = getClass().getSimpleName() + "-" + TESTS.incrementAndGet();

  static synchronized UnifiedJedis client() {
    if (client == null) {
      client = RedisClient.builder().hostAndPort(SharedServers.standalone().hostAndPort())
          .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(5000).build())
          .poolConfig(bigPool()).build();
    }
    return client;
  }

  /**
   * A pool with a connection for each of the contract's 1000 stampeding threads. The stampede test's loader waits
   * until every other thread is parked, taking that as "waiting for the load"; a thread parked for a pooled
   * connection would pass for one, then read the stored copy instead of the loader's instance.
   */
  static ConnectionPoolConfig bigPool() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(1100);
    pool.setMaxIdle(1100);
    return pool;
  }

  /** The contract's factory over {@code client}: its values allow-listed, keys canonical over its records. */
  static RedisStoreFactory contractStore(UnifiedJedis client, String namespace) {
    Class<?>[] types = valueTypes().toArray(Class<?>[]::new);
    return RedisStores.redis(client)
        .namespace(namespace)
        .keyCodec(Codec.canonical(types))
        .valueCodec(Codec.javaSerialization(Object.class, types));
  }

  @Override
  protected StoreFactory store() {
    return contractStore(client(), namespace);
  }

  @Override
  protected boolean storesByReference() {
    return false;
  }
}
