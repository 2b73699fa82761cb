/**
 * cachelab's Redis store: a cache's entries in Redis or Redis Cluster, through Jedis. Start at
 * {@link dev.cachelab.redis.RedisStores}.
 *
 * <p>Requires {@code dev.cachelab.core} and Jedis ({@code redis.clients.jedis}, an automatic module named by its
 * jar's manifest), both transitively: the API takes a Jedis {@code UnifiedJedis} and returns cache-core types.
 */
module dev.cachelab.redis {
  exports dev.cachelab.redis;

  requires transitive dev.cachelab.core;
  requires transitive redis.clients.jedis;
  // The near cache's L1.
  requires com.github.benmanes.caffeine;
}
