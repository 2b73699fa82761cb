package dev.cachelab.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Entry point to the Redis store: put a cache's entries in Redis, on one server or a Redis Cluster.
 *
 * <pre>{@code
 * Cache<String, Profile> profiles = CacheBuilder.newBuilder()
 *     .name("profiles")
 *     .store(RedisStores.redis("redis://cache.internal:6379").valueCodec(Codec.json(Profile.class)))
 *     .expireAfterWrite(Duration.ofMinutes(10))
 *     .build();
 * }</pre>
 *
 * <p>See {@link RedisStoreFactory} for the refinements (namespace, codecs, timeouts, failure mode, distributed
 * single flight) and for what the store does when Redis fails.
 */
public final class RedisStores {

  private RedisStores() {}

  /**
   * Returns a factory whose stores use {@code client}, which stays the caller's: no cache ever closes it.
   *
   * @param client a {@code RedisClient} (one server) or a {@code RedisClusterClient} (a Cluster); its own timeouts
   *     bound every call, so give it finite ones
   * @return a factory
   * @throws NullPointerException if {@code client} is null
   */
  public static RedisStoreFactory redis(UnifiedJedis client) {
    Objects.requireNonNull(client, "client");
    return RedisStoreFactory.forClient(client);
  }

  /**
   * Returns a factory whose stores each create a client for {@code uri} and close it with their cache.
   *
   * <p>The URI is {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://…} for TLS (the JVM's
   * default trust store checks the server; to configure TLS in detail, build a {@code RedisClient} and use
   * {@link #redis(UnifiedJedis)}). For a Cluster, name any one node and add {@link RedisStoreFactory#cluster()}.
   * The password never appears in {@code toString()}, logs or messages.
   *
   * @param uri where Redis is
   * @return a factory
   * @throws NullPointerException if {@code uri} is null
   * @throws IllegalArgumentException if {@code uri} is not a {@code redis://} or {@code rediss://} URI with a host
   */
  public static RedisStoreFactory redis(String uri) {
    Objects.requireNonNull(uri, "uri");
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + RedisStoreFactory.redact(uri)
          + "; give redis://host:port or rediss://host:port", null);
    }
    String scheme = parsed.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("not a redis:// or rediss:// URI: " + RedisStoreFactory.redact(uri)
          + "; give redis://host:port, or rediss://host:port for TLS");
    }
    if (parsed.getHost() == null) {
      throw new IllegalArgumentException("the Redis URI names no host: " + RedisStoreFactory.redact(uri)
          + "; give redis://host:port");
    }
    return RedisStoreFactory.forUri(parsed);
  }

  /**
   * Returns a factory whose stores put a bounded in-process L1 in front of {@code redis}'s store, invalidated by
   * Redis when any client writes a key (server-assisted client tracking, Redis 6 or later). See
   * {@link NearCacheStoreFactory} for its promise and refinements.
   *
   * @param redis the Redis store to put L1 in front of
   * @return a factory
   * @throws NullPointerException if {@code redis} is null
   */
  public static NearCacheStoreFactory nearCache(RedisStoreFactory redis) {
    Objects.requireNonNull(redis, "redis");
    return NearCacheStoreFactory.over(redis);
  }
}
