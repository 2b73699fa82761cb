package dev.cachelab;

import java.time.Duration;

/**
 * Decides each entry's own lifetime from its key and value — for example a DNS record, which carries its TTL.
 * Set with {@link CacheBuilder#expireAfter(Expiry)}. The cache asks it when an entry is created, updated and read;
 * every answer is the time the entry has left from that moment on.
 *
 * <pre>{@code
 * CacheBuilder.newBuilder()
 *     .expireAfter((String host, DnsRecord record) -> record.ttl())
 *     .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe and quick: they run on every write (and, if
 * {@link #expireAfterRead} is overridden, every read). <b>On a write they run under the key's lock</b>, as Caffeine's
 * {@code Expiry} does, so they must never call back into the cache — not even for another key: that could deadlock.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface Expiry<K, V> {

  /**
   * Returns how long a new entry lives.
   *
   * @param key the key
   * @param value the value
   * @return its lifetime; zero or negative means already expired
   */
  Duration expireAfterCreate(K key, V value);

  /**
   * Returns how long an entry lives after its value was replaced. The default starts a fresh lifetime, as for a new
   * entry.
   *
   * @param key the key
   * @param value the new value
   * @param remaining the time the old value had left
   * @return its new lifetime
   */
  default Duration expireAfterUpdate(K key, V value, Duration remaining) {
    return expireAfterCreate(key, value);
  }

  /**
   * Returns how long an entry lives after it was read. The default leaves the lifetime as it was.
   *
   * @param key the key
   * @param value the value that was read
   * @param remaining the time it has left
   * @return its new remaining lifetime
   */
  default Duration expireAfterRead(K key, V value, Duration remaining) {
    return remaining;
  }
}
