package dev.cachelab.redis;

import dev.cachelab.codec.CodecException;
import java.nio.ByteBuffer;

/**
 * The bytes of one cache entry in Redis (a Redis string value), and parsing them back with every check that random,
 * truncated or foreign bytes fail. The layout (numbers big-endian):
 *
 * <pre>
 *  offset  size  field
 *   0       2    magic "cl"
 *   2       1    format version, 1
 *   3       1    flags: bit 0 set = a remembered absence (negative caching), no value bytes
 *   4       8    write id: a random number chosen at each write; "is this still the write I read?" compares it
 *                (the Lua scripts of {@link RedisScripts} read bytes 4..11)
 *  12       8    write time      \
 *  20       8    write lifetime   |  Stamped's times: nanoseconds of the cache's ticker — for a shared store a wall
 *  28       8    touch time       |  clock, nanoseconds since the Unix epoch, the same in every process (within clock
 *  36       8    touch lifetime   |  skew); lifetimes in nanoseconds, Long.MAX_VALUE = never
 *  44       8    load nanos      /   how long the load took (XFetch's delta), 0 for a put
 *  52       4    key length k: 0 when the Redis key holds the key's bytes as they are; the key codec's bytes when
 *                the Redis key holds their hash (see RedisKeys)
 *  56       k    key bytes
 *  56+k     4    value length v (0 for an absence)
 *  60+k     v    value bytes: the value codec's
 * </pre>
 *
 * <p>The whole value is written by one {@code SET} (with {@code PX} when the entry expires), so a reader sees an old
 * entry or a new one, never part of one; Redis drops it when its lifetime ends. The value length makes a truncated
 * value fail even under a codec that accepts any bytes (strings). Immutable.
 *
 * @param absent whether this is a remembered absence
 * @param writeId the write's identity
 * @param writeTime the write time
 * @param writeLifetime the lifetime from the write
 * @param touchTime the last touch
 * @param touchLifetime the lifetime from the last touch
 * @param loadNanos the load's duration
 * @param key the key codec's bytes when the Redis key holds their hash, otherwise empty
 * @param value the value codec's bytes, or empty for an absence
 */
record RedisEntry(boolean absent, long writeId, long writeTime, long writeLifetime, long touchTime,
    long touchLifetime, long loadNanos, byte[] key, byte[] value) {

  static final byte MAGIC_0 = 'c';
  static final byte MAGIC_1 = 'l';
  static final byte VERSION = 1;
  /** Where the write id starts; Lua's {@code string.sub(v, 5, 12)}. */
  static final int WRITE_ID_OFFSET = 4;
  static final int HEADER = 56;

  byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(HEADER + key.length + 4 + value.length);
    out.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) (absent ? 1 : 0)).putLong(writeId)
        .putLong(writeTime).putLong(writeLifetime).putLong(touchTime).putLong(touchLifetime).putLong(loadNanos)
        .putInt(key.length).put(key).putInt(value.length).put(value);
    return out.array();
  }

  /** The 8 bytes of a write id, as the scripts compare them. */
  static byte[] writeIdBytes(long writeId) {
    return ByteBuffer.allocate(8).putLong(writeId).array();
  }

  /**
   * Parses an entry's bytes.
   *
   * @throws CodecException if the bytes are not a whole entry of this format version
   */
  static RedisEntry parse(byte[] bytes) {
    if (bytes.length < HEADER + 4) {
      throw new CodecException("not a cachelab entry: " + bytes.length + " bytes is too short");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.get() != MAGIC_0 || in.get() != MAGIC_1) {
      throw new CodecException("not a cachelab entry: wrong magic bytes");
    }
    byte version = in.get();
    if (version != VERSION) {
      throw new CodecException("a cachelab entry of format version " + version + ", not " + VERSION);
    }
    byte flags = in.get();
    if ((flags & ~1) != 0) {
      throw new CodecException("a cachelab entry with unknown flags " + flags);
    }
    long writeId = in.getLong();
    long writeTime = in.getLong();
    long writeLifetime = in.getLong();
    long touchTime = in.getLong();
    long touchLifetime = in.getLong();
    long loadNanos = in.getLong();
    byte[] key = slice(in, "key");
    byte[] value = slice(in, "value");
    if (in.hasRemaining()) {
      throw new CodecException("a cachelab entry with " + in.remaining() + " bytes after its value");
    }
    boolean absent = (flags & 1) != 0;
    if (absent && value.length != 0) {
      throw new CodecException("a cachelab absence with value bytes");
    }
    return new RedisEntry(absent, writeId, writeTime, writeLifetime, touchTime, touchLifetime, loadNanos, key,
        value);
  }

  private static byte[] slice(ByteBuffer in, String what) {
    if (in.remaining() < 4) {
      throw new CodecException("a truncated cachelab entry: no " + what + " length");
    }
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new CodecException("a truncated cachelab entry: " + what + " length " + length + ", " + in.remaining()
          + " bytes left");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }
}
