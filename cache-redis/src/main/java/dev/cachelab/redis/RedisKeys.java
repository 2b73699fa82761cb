package dev.cachelab.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The Redis keys of one cache: {@code <namespace>:<cache name>:<encoded key>} for entries and
 * {@code <namespace>:<cache name>#lock:<encoded key>} for the locks of distributed single flight.
 *
 * <p><b>No two (cache, key) pairs share a Redis key</b>, whatever bytes they contain:
 * <ul>
 *   <li>The namespace and the cache name are percent-encoded: every byte of their UTF-8 outside
 *       {@code [A-Za-z0-9._-]} becomes {@code %XX}. So neither contains {@code :}, {@code #} or a glob character,
 *       the prefix {@code <namespace>:<cache name>:} ends at the second colon, and two caches' prefixes are never
 *       the same nor one the start of the other. The prefix is also a safe {@code SCAN MATCH} pattern.</li>
 *   <li>The key part is the key codec's bytes as they are (binary-safe, and readable for string keys), unless they
 *       are longer than {@value #MAX_RAW_KEY_BYTES} bytes or start with {@code #}: then it is {@code #} followed by
 *       the 64 hex digits of their SHA-256. A raw key part never starts with {@code #} and a hashed one always does,
 *       so the two forms cannot meet; two hashed keys meet only if SHA-256 collides. A hashed entry carries its key's
 *       bytes inside its value ({@link RedisEntry}), so iteration can still give the key back.</li>
 *   <li>Lock keys live under {@code #lock:} after the encoded cache name, which no entry prefix can start with.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class RedisKeys {

  /** Key parts longer than this are hashed, which keeps Redis keys (and their memory) small. */
  static final int MAX_RAW_KEY_BYTES = 256;

  private final byte[] prefix;
  private final byte[] lockPrefix;

  RedisKeys(String namespace, String cacheName) {
    String base = escape(namespace) + ":" + escape(cacheName);
    this.prefix = (base + ":").getBytes(StandardCharsets.US_ASCII);
    this.lockPrefix = (base + "#lock:").getBytes(StandardCharsets.US_ASCII);
  }

  /** The prefix every entry key of this cache starts with: {@code <namespace>:<cache name>:}. */
  byte[] prefix() {
    return prefix.clone();
  }

  /** The {@code SCAN MATCH} pattern for this cache's entries (the prefix has no glob characters). */
  byte[] pattern() {
    byte[] pattern = Arrays.copyOf(prefix, prefix.length + 1);
    pattern[prefix.length] = '*';
    return pattern;
  }

  /** Whether {@code keyBytes} (the key codec's) go into the Redis key as they are, or hashed. */
  static boolean isRaw(byte[] keyBytes) {
    return keyBytes.length <= MAX_RAW_KEY_BYTES && (keyBytes.length == 0 || keyBytes[0] != '#');
  }

  /** The Redis key of the entry for a key whose codec bytes are {@code keyBytes}. */
  byte[] entryKey(byte[] keyBytes) {
    return concat(prefix, part(keyBytes));
  }

  /** The Redis key of the single-flight lock for a key whose codec bytes are {@code keyBytes}. */
  byte[] lockKey(byte[] keyBytes) {
    return concat(lockPrefix, part(keyBytes));
  }

  /**
   * The key codec's bytes from a Redis key of this cache, when the key part is raw; {@code null} when it is hashed
   * (the entry's value then carries the bytes) or the Redis key is not one of this cache's.
   */
  byte[] rawKeyBytes(byte[] redisKey) {
    if (redisKey.length < prefix.length || !Arrays.equals(redisKey, 0, prefix.length, prefix, 0, prefix.length)) {
      return null;
    }
    byte[] part = Arrays.copyOfRange(redisKey, prefix.length, redisKey.length);
    return isRaw(part) ? part : null;
  }

  private static byte[] part(byte[] keyBytes) {
    if (isRaw(keyBytes)) {
      return keyBytes;
    }
    return ("#" + HexFormat.of().formatHex(sha256(keyBytes))).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] sha256(byte[] bytes) {
    return digest("SHA-256", bytes);
  }

  /** SHA-1, which Redis uses to name scripts ({@code EVALSHA}); not for keys. */
  static byte[] sha1(byte[] bytes) {
    return digest("SHA-1", bytes);
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + algorithm, e);
    }
  }

  /** Percent-encodes every UTF-8 byte outside {@code [A-Za-z0-9._-]}. */
  static String escape(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '.' || b == '_' || b == '-';
      if (plain) {
        out.write(b);
      } else {
        out.writeBytes(String.format("%%%02X", b & 0xff).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Override
  public String toString() {
    return new String(prefix, StandardCharsets.US_ASCII);
  }
}
