package dev.cachelab.store;

import dev.cachelab.codec.CodecException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * One entry file of the directory store: its bytes, and parsing them back with every check a damaged or foreign file
 * fails. The layout (all numbers big-endian):
 *
 * <pre>
 *  offset  size  field
 *   0       4    magic "CLDS" (cachelab directory store)
 *   4       4    format version, 2
 *   8       8    write id           (Stamped.writeId: which write this is, compared by conditional updates)
 *  16       8    write time         (Stamped.writeTime: wall-clock nanoseconds since the Unix epoch)
 *  24       8    write lifetime     (nanoseconds, Long.MAX_VALUE = never)
 *  32       8    load time          (nanoseconds the load took, 0 for a put)
 *  40       8    touch time         \
 *  48       8    touch lifetime      } the touch block, rewritten in place when a read extends the entry
 *  56       4    CRC-32 of 40..55   /
 *  60       1    flags: bit 0 set = a remembered absence, no value
 *  61       4    key length k
 *  65       k    key bytes (the key codec's)
 *  65+k     4    value length v
 *  69+k     v    value bytes (the value codec's)
 *  69+k+v   4    CRC-32 of bytes 0..39 and 60..68+k+v
 * </pre>
 *
 * <p>A file is written whole to a temporary name and renamed into place, so a reader sees an old file or a new one,
 * never half of one; the checksums catch what a crash of the machine (not just of the process) can leave behind.
 * Version 1 files (a per-process session number where the write id is now, times from one process's ticker) are
 * refused as another format version: the store deletes them and counts a miss. Immutable.
 */
record EntryFile(long writeId, long writeTime, long writeLifetime, long loadNanos, long touchTime,
    long touchLifetime, boolean absent, byte[] key, byte[] value) {

  static final int MAGIC = 0x434C4453;
  static final int VERSION = 2;
  static final int TOUCH_OFFSET = 40;
  static final int TOUCH_LENGTH = 20;
  private static final int HEADER = 65;

  byte[] toBytes() {
    int valueLength = absent ? 0 : value.length;
    ByteBuffer out = ByteBuffer.allocate(HEADER + key.length + 4 + valueLength + 4);
    out.putInt(MAGIC).putInt(VERSION).putLong(writeId).putLong(writeTime).putLong(writeLifetime).putLong(loadNanos);
    out.put(touchBlock(touchTime, touchLifetime));
    out.put((byte) (absent ? 1 : 0)).putInt(key.length).put(key).putInt(valueLength);
    if (!absent) {
      out.put(value);
    }
    out.putInt(bodyCrc(out.array(), out.position()));
    return out.array();
  }

  /** The 20 bytes at {@link #TOUCH_OFFSET}: touch time, touch lifetime, and their checksum. */
  static byte[] touchBlock(long touchTime, long touchLifetime) {
    ByteBuffer block = ByteBuffer.allocate(TOUCH_LENGTH).putLong(touchTime).putLong(touchLifetime);
    CRC32 crc = new CRC32();
    crc.update(block.array(), 0, 16);
    block.putInt((int) crc.getValue());
    return block.array();
  }

  private static int bodyCrc(byte[] bytes, int end) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, TOUCH_OFFSET);
    crc.update(bytes, TOUCH_OFFSET + TOUCH_LENGTH, end - TOUCH_OFFSET - TOUCH_LENGTH);
    return (int) crc.getValue();
  }

  /**
   * Parses an entry file.
   *
   * @throws CodecException if the bytes are not a whole, undamaged entry file of this format version
   */
  static EntryFile parse(byte[] bytes) {
    if (bytes.length < HEADER + 8) {
      throw new CodecException("not an entry file: " + bytes.length + " bytes is too short");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.getInt() != MAGIC) {
      throw new CodecException("not an entry file: wrong magic number");
    }
    int version = in.getInt();
    if (version != VERSION) {
      throw new CodecException("entry file format version " + version + "; this version of cachelab reads "
          + VERSION);
    }
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
    if (stored != bodyCrc(bytes, bytes.length - 4)) {
      throw new CodecException("entry file checksum mismatch: the file is damaged");
    }
    long writeId = in.getLong();
    long writeTime = in.getLong();
    long writeLifetime = in.getLong();
    long loadNanos = in.getLong();
    byte[] touch = new byte[TOUCH_LENGTH];
    in.get(touch);
    ByteBuffer touchBlock = ByteBuffer.wrap(touch);
    long touchTime = touchBlock.getLong();
    long touchLifetime = touchBlock.getLong();
    CRC32 crc = new CRC32();
    crc.update(touch, 0, 16);
    if (touchBlock.getInt() != (int) crc.getValue()) {
      throw new CodecException("entry file touch block checksum mismatch: the file is damaged");
    }
    boolean absent = (in.get() & 1) != 0;
    int keyLength = in.getInt();
    if (keyLength < 0 || keyLength > in.remaining() - 8) {
      throw new CodecException("entry file key length " + keyLength + " does not fit the file");
    }
    byte[] key = new byte[keyLength];
    in.get(key);
    int valueLength = in.getInt();
    if (valueLength != in.remaining() - 4) {
      throw new CodecException("entry file value length " + valueLength + " does not fit the file");
    }
    byte[] value = new byte[valueLength];
    in.get(value);
    return new EntryFile(writeId, writeTime, writeLifetime, loadNanos, touchTime, touchLifetime, absent, key,
        absent ? null : value);
  }
}
