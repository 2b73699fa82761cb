package dev.cachelab.redis;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Lua scripts that make a compare-and-set one round trip. Redis runs a script atomically, so "is the entry
 * still the write I read?" and the write that depends on the answer cannot be split by another client's write. Each
 * touches one key, so it runs on Cluster too.
 *
 * <p>A script is sent by its SHA-1 ({@code EVALSHA}); a server that does not know it yet (a new server, a restart, a
 * Cluster node reached for the first time) answers {@code NOSCRIPT}, and the script is sent whole once
 * ({@code EVAL}), which also caches it there. Immutable and thread-safe.
 */
enum RedisScripts {

  /**
   * Replaces an entry only if it is still the same write. KEYS[1] the entry; ARGV[1] the expected write id (8
   * bytes), ARGV[2] the new entry's bytes, ARGV[3] its TTL in milliseconds, {@code 0} for none. Returns 1 if it
   * replaced. A key of another Redis type is not the same write ({@code pcall} turns its WRONGTYPE into "no").
   */
  REPLACE_IF_SAME_WRITE("""
      local v = redis.pcall('GET', KEYS[1])
      if type(v) ~= 'string' or string.sub(v, 1, 3) ~= 'cl\\1' or string.sub(v, 5, 12) ~= ARGV[1] then
        return 0
      end
      if ARGV[3] == '0' then
        redis.call('SET', KEYS[1], ARGV[2])
      else
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      end
      return 1
      """),

  /** Removes an entry only if it is still the same write. KEYS[1] the entry; ARGV[1] the write id. */
  REMOVE_IF_SAME_WRITE("""
      local v = redis.pcall('GET', KEYS[1])
      if type(v) ~= 'string' or string.sub(v, 1, 3) ~= 'cl\\1' or string.sub(v, 5, 12) ~= ARGV[1] then
        return 0
      end
      redis.call('UNLINK', KEYS[1])
      return 1
      """),

  /** Deletes a value only if it still has these exact bytes (an undecodable entry, unless rewritten since). */
  REMOVE_IF_BYTES("""
      if redis.pcall('GET', KEYS[1]) == ARGV[1] then
        return redis.call('UNLINK', KEYS[1])
      end
      return 0
      """),

  /** Releases a lock only if this owner still holds it: KEYS[1] the lock, ARGV[1] the owner's token. */
  RELEASE_LOCK("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('DEL', KEYS[1])
      end
      return 0
      """),

  /** Extends a lock only if this owner still holds it: ARGV[1] the token, ARGV[2] the new TTL in milliseconds. */
  EXTEND_LOCK("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0
      """);

  private final byte[] source;
  private final byte[] sha;

  RedisScripts(String source) {
    this.source = source.getBytes(StandardCharsets.UTF_8);
    this.sha = HexFormat.of().formatHex(RedisKeys.sha1(this.source)).getBytes(StandardCharsets.US_ASCII);
  }

  /** Runs the script on one key; returns its integer answer. */
  long run(UnifiedJedis client, byte[] key, byte[]... args) {
    List<byte[]> keys = List.of(key);
    List<byte[]> arguments = List.of(args);
    Object answer;
    try {
      answer = client.evalsha(sha, keys, arguments);
    } catch (JedisNoScriptException notCachedThere) {
      answer = client.eval(source, keys, arguments);
    }
    return answer instanceof Long number ? number : 0;
  }

  String source() {
    return new String(source, StandardCharsets.UTF_8);
  }
}
