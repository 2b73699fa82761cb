/**
 * The Redis store: each entry of a cache in one Redis key, on one server or a Redis Cluster, through Jedis.
 * {@link dev.cachelab.redis.RedisStores} is the entry point and {@link dev.cachelab.redis.RedisStoreFactory} says
 * what the store does when Redis fails (a counted miss, behind a {@link dev.cachelab.redis.CircuitBreaker}), how
 * entries share time across processes, and how loads are coordinated across processes (distributed single flight).
 */
package dev.cachelab.redis;
