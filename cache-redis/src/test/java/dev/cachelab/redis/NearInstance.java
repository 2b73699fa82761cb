package dev.cachelab.redis;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.RemovalCause;
import dev.cachelab.codec.Codec;
import dev.cachelab.contract.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * One application instance for the near-cache tests: its own Jedis client, its own near-cache factory and one cache
 * of strings, as a separate process would have. Keys are encoded as plain strings, so the Redis key of {@code k} is
 * {@code <namespace>:<cache>:k} and a plain Jedis client can write it. The cache's clock and the L1's clock are fake
 * tickers the test moves.
 */
final class NearInstance implements AutoCloseable {

  final UnifiedJedis client;
  final NearCacheStoreFactory factory;
  final Cache<String, String> cache;
  final FakeTicker l1Ticker;
  final List<RemovalCause> removals = new CopyOnWriteArrayList<>();

  private NearInstance(UnifiedJedis client, NearCacheStoreFactory factory, Cache<String, String> cache,
      FakeTicker l1Ticker) {
    this.client = client;
    this.factory = factory;
    this.cache = cache;
    this.l1Ticker = l1Ticker;
  }

  /** An instance on a standalone server, with {@code refine} applied to its near-cache factory. */
  static NearInstance on(HostAndPort server, String namespace, FakeTicker cacheTicker,
      UnaryOperator<NearCacheStoreFactory> refine, UnaryOperator<CacheBuilder<Object, Object>> builder) {
    UnifiedJedis client = RedisClient.builder().hostAndPort(server)
        .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(500).build()).build();
    return over(client, namespace, cacheTicker, refine, builder);
  }

  static NearInstance over(UnifiedJedis client, String namespace, FakeTicker cacheTicker,
      UnaryOperator<NearCacheStoreFactory> refine, UnaryOperator<CacheBuilder<Object, Object>> builder) {
    FakeTicker l1Ticker = new FakeTicker();
    NearCacheStoreFactory factory = refine.apply(RedisStores.nearCache(RedisStores.redis(client)
            .namespace(namespace).keyCodec(Codec.string()).valueCodec(Codec.string()))
        .ticker(l1Ticker));
    NearInstance[] self = new NearInstance[1];
    Cache<String, String> cache = builder.apply(CacheBuilder.newBuilder()
            .name("near")
            .store(factory)
            .ticker(cacheTicker)
            .executor(Runnable::run)
            .recordStats()
            .removalListener((key, value, cause) -> self[0].removals.add(cause)))
        .build();
    self[0] = new NearInstance(client, factory, cache, l1Ticker);
    return self[0];
  }

  static NearInstance on(HostAndPort server, String namespace, FakeTicker cacheTicker) {
    return on(server, namespace, cacheTicker, UnaryOperator.identity(), UnaryOperator.identity());
  }

  /** The tests' health check: a silent connection is noticed within about 0.3 s. */
  static NearCacheStoreFactory fastHealthCheck(NearCacheStoreFactory factory) {
    return factory.healthCheck(Duration.ofMillis(100));
  }

  @SuppressWarnings("unchecked")
  NearCacheStore<String, String> store() {
    return (NearCacheStore<String, String>) factory.live().get(0);
  }

  NearCacheStats stats() {
    return factory.stats();
  }

  /** Waits (a real wait, bounded) until L1 is trusted: the invalidation stream tracks every master. */
  NearInstance awaitTrusted() {
    await(() -> store().trusted(), "the near cache to track Redis");
    return this;
  }

  /** Waits for something real (a connection, a server) to act: bounded by 30 s, never a sleep for a TTL. */
  static void await(BooleanSupplier condition, String what) {
    await(condition, () -> what);
  }

  static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 30 s for " + what.get());
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    cache.close();
    client.close();
  }
}
