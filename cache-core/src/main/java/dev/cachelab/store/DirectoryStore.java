package dev.cachelab.store;

import dev.cachelab.codec.Codec;
import dev.cachelab.codec.CodecException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * A store that keeps one file per entry in a directory (the DiskLruCache model), so that entries outlive the JVM.
 *
 * <p><b>Files.</b> An entry lives in {@code <sha-256 of the key bytes, hex>.entry}, in the format of
 * {@link EntryFile}: the key's bytes and the format version are inside, so a file is never taken for another key's
 * and a future format is refused rather than misread. A write goes to {@code <name>.tmp-<random>} and is renamed into
 * place: readers see the old entry or the new one, and a crash at any moment loses at most the entry being written
 * (its temporary file is deleted at the next start). {@code cachelab.lock} is the lock file.
 *
 * <p><b>One process.</b> Opening takes an exclusive {@link FileLock} on {@code cachelab.lock} and holds it until
 * {@link #close()}; a second cache on the same directory, in this JVM or another, is refused with a message naming
 * the directory and the process that holds it. The operating system releases the lock when a process dies, so a
 * crashed owner never blocks the next start.
 *
 * <p><b>Bounds and eviction.</b> Entries ({@code maximumSize}) and bytes ({@code maximumBytes}, the sum of the file
 * sizes). The store keeps an index in memory — file name to size, in least-recently-used order — rebuilt at start
 * from the directory listing ordered by each file's modification time; a read of a bounded store sets the file's
 * modification time, so the order survives a restart. Eviction removes the least recently used files until both
 * bounds hold, and reports each to the cache; a single entry larger than {@code maximumBytes} is evicted at once,
 * alone.
 *
 * <p><b>Times.</b> The store outlives the process, so it declares itself {@link StoreFactory.Capability#SHARED}: the
 * cache stamps entries with wall-clock times ({@link dev.cachelab.Ticker#wallClock()}), and an entry written by an
 * earlier run expires at the same wall-clock instant it would have in that run. Files of format version 1 (whose times
 * were readings of one process's ticker) are treated as damaged: deleted when read, counted as a miss.
 *
 * <p><b>Damage.</b> A file that does not parse or decode (damaged, truncated, another format version, a value the
 * codec refuses) is deleted and reported as a {@link StoreException}, which the cache counts and treats as a miss.
 *
 * <p>Thread-safe: the index is guarded by one lock, held for renames, deletions and index updates; reading and
 * decoding a file, and encoding and writing one, happen outside it.
 *
 * @param <K> the key type
 * @param <V> the user's value type (the store holds {@link Stamped} values)
 */
final class DirectoryStore<K, V> implements Store<K, V> {

  static final String LOCK_FILE = "cachelab.lock";
  static final String SUFFIX = ".entry";
  private static final String TEMP_MARK = ".tmp-";

  private final Path directory;
  private final String label;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final long maximumEntries;
  private final long maximumBytes;
  private final boolean bounded;
  private final BiConsumer<K, Stamped<V>> evictionListener;

  private final FileChannel lockChannel;
  private final FileLock fileLock;

  private final ReentrantLock lock = new ReentrantLock();
  /** File name to file size, least recently used first. Guarded by {@link #lock}. */
  private final LinkedHashMap<String, Long> index = new LinkedHashMap<>(16, 0.75f, true);
  /** Guarded by {@link #lock}. */
  private long totalBytes;
  /** Guarded by {@link #lock}. */
  private boolean closed;

  @SuppressWarnings("unchecked")
  DirectoryStore(Path directory, Codec<?> keyCodec, Codec<?> valueCodec, long maximumBytes,
      StoreConfig<K, V> config) {
    this.directory = directory;
    this.label = "Stores.directory(" + directory + ")";
    this.keyCodec = (Codec<K>) keyCodec;
    this.valueCodec = (Codec<V>) valueCodec;
    this.maximumEntries = config.maximumSize() == StoreConfig.UNBOUNDED ? Long.MAX_VALUE : config.maximumSize();
    this.maximumBytes = maximumBytes == StoreConfig.UNBOUNDED ? Long.MAX_VALUE : maximumBytes;
    this.bounded = this.maximumEntries != Long.MAX_VALUE || this.maximumBytes != Long.MAX_VALUE;
    this.evictionListener = config.evictionListener();

    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalArgumentException(label + ": cannot create the directory " + directory + " (" + e
          + "); give a directory this process can create and write", e);
    }
    Path lockFile = directory.resolve(LOCK_FILE);
    try {
      this.lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IllegalArgumentException(label + ": cannot write in the directory " + directory + " (" + e
          + "); give a directory this process can create and write", e);
    }
    this.fileLock = acquire(lockFile);
    try {
      recordOwner();
      rebuildIndex();
    } catch (IOException e) {
      release();
      throw new IllegalArgumentException(label + ": cannot read and write the directory " + directory + " (" + e
          + "); give a directory this process can create and write", e);
    }
  }

  private FileLock acquire(Path lockFile) {
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException inThisJvm) {
      acquired = null;
    } catch (IOException e) {
      closeQuietly();
      throw new IllegalArgumentException(label + ": cannot lock " + lockFile + " (" + e + ")", e);
    }
    if (acquired == null) {
      String owner = readOwner(lockFile);
      closeQuietly();
      throw new IllegalStateException(label + " is in use by another cache" + owner + ": it holds the lock file "
          + lockFile + ". A directory store belongs to one cache in one process at a time; close that cache (or "
          + "stop that process), or give this cache a directory of its own");
    }
    return acquired;
  }

  private void recordOwner() throws IOException {
    byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
    lockChannel.truncate(0);
    lockChannel.write(ByteBuffer.wrap(pid), 0);
  }

  private static String readOwner(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
      if (pid.matches("[0-9]+")) {
        return Long.parseLong(pid) == ProcessHandle.current().pid() ? " in this process" : " in process " + pid;
      }
    } catch (IOException | RuntimeException e) {
      // the message just says less
    }
    return "";
  }

  /** Lists the entry files, oldest first by modification time, and deletes writes that a crash interrupted. */
  private void rebuildIndex() throws IOException {
    record Found(String name, long size, FileTime modified) {}
    List<Found> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.contains(SUFFIX + TEMP_MARK)) {
          Files.deleteIfExists(file);
        } else if (isEntryName(name)) {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          found.add(new Found(name, attributes.size(), attributes.lastModifiedTime()));
        }
      }
    }
    found.sort(Comparator.comparing(Found::modified).thenComparing(Found::name));
    for (Found entry : found) {
      index.put(entry.name(), entry.size());
      totalBytes += entry.size();
    }
  }

  private static boolean isEntryName(String name) {
    return name.length() == 64 + SUFFIX.length() && name.endsWith(SUFFIX)
        && name.substring(0, 64).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  // ---- the Store SPI ----------------------------------------------------------------------------------------

  @Override
  public Stamped<V> get(K key) {
    byte[] keyBytes = keyCodec.encode(key);
    String name = fileName(keyBytes);
    lock.lock();
    try {
      if (index.get(name) == null) { // also marks it recently used
        return null;
      }
    } finally {
      lock.unlock();
    }
    Path file = directory.resolve(name);
    byte[] bytes = read(file, key);
    if (bytes == null) {
      return null;
    }
    Stamped<V> entry = decode(name, bytes, keyBytes, key);
    if (entry != null && bounded) {
      try {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
      } catch (IOException e) {
        // Only the order of eviction after a restart depends on it.
      }
    }
    return entry;
  }

  @Override
  public Stamped<V> put(K key, Stamped<V> value) {
    byte[] keyBytes = keyCodec.encode(key);
    String name = fileName(keyBytes);
    List<byte[]> replaced = new ArrayList<>(1);
    install(name, encode(key, keyBytes, value), key, null, replaced);
    return replaced.isEmpty() ? null : decodeQuietly(replaced.get(0), keyBytes);
  }

  @Override
  public boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
    byte[] keyBytes = keyCodec.encode(key);
    String name = fileName(keyBytes);
    if (entry.sameWrite(expected) && entry.value() == expected.value()) {
      return touch(key, name, expected, entry);
    }
    return install(name, encode(key, keyBytes, entry), key, expected, null);
  }

  /** Saves a read's extension of an entry: only the touch block changes, rewritten in place. */
  private boolean touch(K key, String name, Stamped<V> expected, Stamped<V> entry) {
    Path file = directory.resolve(name);
    lock.lock();
    try {
      // Under the lock no write can rename a newer entry into place between this check and the update.
      if (closed || !index.containsKey(name) || !holds(file, expected)) {
        return false;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(EntryFile.touchBlock(entry.touchTime(), entry.touchLifetime())),
            EntryFile.TOUCH_OFFSET);
      }
      return true;
    } catch (IOException e) {
      throw new StoreException(label + ": cannot record the read of key " + key + " (" + e + ")", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean remove(K key, Stamped<V> expected) {
    String name = fileName(keyCodec.encode(key));
    Path file = directory.resolve(name);
    lock.lock();
    try {
      if (closed || !index.containsKey(name) || !holds(file, expected)) {
        return false;
      }
      delete(file, key);
      forget(name);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code file} holds the write of {@code expected}; false if it is gone or damaged. Caller holds the lock. */
  private static boolean holds(Path file, Stamped<?> expected) {
    try {
      return EntryFile.parse(Files.readAllBytes(file)).writeId() == expected.writeId();
    } catch (IOException | CodecException gone) {
      return false; // gone or damaged: the next read deals with it
    }
  }

  /** The bytes of an entry file for {@code entry}. */
  private byte[] encode(K key, byte[] keyBytes, Stamped<V> entry) {
    byte[] valueBytes = null;
    if (!entry.isAbsent()) {
      try {
        valueBytes = valueCodec.encode(entry.value());
      } catch (IllegalArgumentException e) {
        throw new StoreException(label + ": cannot store the value for key " + key + ": " + e.getMessage(), e);
      }
    }
    return new EntryFile(entry.writeId(), entry.writeTime(), entry.writeLifetime(), entry.loadNanos(),
        entry.touchTime(), entry.touchLifetime(), entry.isAbsent(), keyBytes, valueBytes).toBytes();
  }

  /**
   * Writes {@code bytes} to a temporary file and renames it into place — if {@code expected} is null, or the file in
   * place still holds its write — then evicts as the bounds require. Returns whether it wrote. If {@code replaced} is
   * given, the bytes of the entry it replaces are added to it, read under the lock: read before, an entry evicted
   * meanwhile would be reported twice, once as evicted and once as replaced.
   */
  private boolean install(String name, byte[] bytes, Object key, Stamped<V> expected, List<byte[]> replaced) {
    Path temp = directory.resolve(name + TEMP_MARK + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    List<byte[]> evicted = new ArrayList<>(0);
    try {
      Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      lock.lock();
      try {
        checkOpen();
        Path file = directory.resolve(name);
        if (expected != null && (!index.containsKey(name) || !holds(file, expected))) {
          deleteQuietly(temp);
          return false;
        }
        if (replaced != null && index.containsKey(name)) {
          byte[] old = read(file, key);
          if (old != null) {
            replaced.add(old);
          }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Long previous = index.put(name, (long) bytes.length);
        totalBytes += bytes.length - (previous == null ? 0 : previous);
        evict(name, evicted);
      } finally {
        lock.unlock();
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StoreException(label + ": cannot write the entry for key " + key + " (" + e + ")", e);
    }
    report(evicted);
    return true;
  }

  @Override
  public Stamped<V> remove(K key) {
    byte[] keyBytes = keyCodec.encode(key);
    String name = fileName(keyBytes);
    byte[] bytes;
    lock.lock();
    try {
      if (!index.containsKey(name)) {
        return null;
      }
      Path file = directory.resolve(name);
      bytes = read(file, key);
      delete(file, key);
      forget(name);
    } finally {
      lock.unlock();
    }
    return bytes == null ? null : decodeQuietly(bytes, keyBytes);
  }

  @Override
  public void clear() {
    lock.lock();
    try {
      for (Iterator<String> names = index.keySet().iterator(); names.hasNext(); ) {
        String name = names.next();
        delete(directory.resolve(name), name);
        names.remove();
      }
      totalBytes = 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
    List<String> names;
    lock.lock();
    try {
      names = new ArrayList<>(index.keySet());
    } finally {
      lock.unlock();
    }
    Iterator<String> remaining = names.iterator();
    return new Iterator<>() {
      private Map.Entry<K, Stamped<V>> next = advance();

      private Map.Entry<K, Stamped<V>> advance() {
        while (remaining.hasNext()) {
          String name = remaining.next();
          byte[] bytes;
          try {
            bytes = Files.readAllBytes(directory.resolve(name));
          } catch (IOException gone) {
            continue;
          }
          try {
            EntryFile file = EntryFile.parse(bytes);
            K key = keyCodec.decode(file.key());
            Stamped<V> entry = decode(name, bytes, file.key(), key);
            if (entry != null) {
              return new AbstractMap.SimpleImmutableEntry<>(key, entry);
            }
          } catch (CodecException | StoreException damaged) {
            discard(name, bytes); // a damaged file is skipped; a later read would have deleted it too
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Map.Entry<K, Stamped<V>> next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Map.Entry<K, Stamped<V>> current = next;
        next = advance();
        return current;
      }
    };
  }

  @Override
  public long estimatedSize() {
    lock.lock();
    try {
      return index.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void cleanUp() {
    List<byte[]> evicted = new ArrayList<>(0);
    lock.lock();
    try {
      if (!closed) {
        evict(null, evicted);
      }
    } finally {
      lock.unlock();
    }
    report(evicted);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      index.clear();
    } finally {
      lock.unlock();
    }
    release();
  }

  @Override
  public String toString() {
    return label;
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  /** Decodes an entry file read for {@code key}; {@code null} if it belongs to another key or has expired. */
  private Stamped<V> decode(String name, byte[] bytes, byte[] keyBytes, Object key) {
    EntryFile file;
    V value;
    try {
      file = EntryFile.parse(bytes);
      if (!Arrays.equals(file.key(), keyBytes)) {
        return null; // two keys whose SHA-256 collide: the other one's entry
      }
      value = file.absent() ? null : valueCodec.decode(file.value());
    } catch (CodecException e) {
      discard(name, bytes);
      throw new StoreException(label + ": the entry of key " + key + " does not decode, so it was deleted ("
          + e.getMessage() + ")", e);
    }
    return Stamped.restore(value, file.writeId(), file.writeTime(), file.writeLifetime(), file.touchTime(), file.touchLifetime(),
        file.loadNanos());
  }

  /** Decodes an old entry to report what a write or removal replaced; a damaged one reports nothing. */
  private Stamped<V> decodeQuietly(byte[] bytes, byte[] keyBytes) {
    try {
      return decode(null, bytes, keyBytes, null);
    } catch (StoreException e) {
      return null;
    }
  }

  /** Deletes a damaged or stale file, unless a write replaced it since it was read. */
  private void discard(String name, byte[] bytesRead) {
    if (name == null) {
      return;
    }
    Path file = directory.resolve(name);
    lock.lock();
    try {
      if (closed) {
        return;
      }
      try {
        if (Arrays.equals(Files.readAllBytes(file), bytesRead)) {
          Files.deleteIfExists(file);
          forget(name);
        }
      } catch (NoSuchFileException gone) {
        forget(name);
      } catch (IOException e) {
        // leave it: the next read tries again
      }
    } finally {
      lock.unlock();
    }
  }

  /** Evicts least recently used entries until the bounds hold. Caller holds the lock. */
  private void evict(String justWritten, List<byte[]> evicted) {
    if (!bounded) {
      return;
    }
    Long justWrittenSize = (justWritten == null) ? null : index.get(justWritten);
    if (justWrittenSize != null && justWrittenSize > maximumBytes) {
      evictOne(justWritten, evicted); // it can never fit: it goes alone, the others stay
    }
    // Iterate the entries, not the keys: get() on an access-ordered map would move an entry and break the iterator.
    Iterator<Map.Entry<String, Long>> eldest = index.entrySet().iterator();
    while ((index.size() > maximumEntries || totalBytes > maximumBytes) && eldest.hasNext()) {
      Map.Entry<String, Long> victim = eldest.next();
      Path file = directory.resolve(victim.getKey());
      try {
        evicted.add(Files.readAllBytes(file));
      } catch (IOException e) {
        // reported as nothing; still removed
      }
      deleteQuietly(file);
      totalBytes -= victim.getValue();
      eldest.remove();
    }
  }

  private void evictOne(String name, List<byte[]> evicted) {
    Path file = directory.resolve(name);
    try {
      evicted.add(Files.readAllBytes(file));
    } catch (IOException e) {
      // reported as nothing; still removed
    }
    deleteQuietly(file);
    forget(name);
  }

  /** Tells the cache about each evicted entry, outside the lock. */
  private void report(List<byte[]> evicted) {
    for (byte[] bytes : evicted) {
      try {
        EntryFile file = EntryFile.parse(bytes);
        K key = keyCodec.decode(file.key());
        Stamped<V> entry = decode(null, bytes, file.key(), key);
        if (entry != null) {
          evictionListener.accept(key, entry);
        }
      } catch (CodecException | StoreException damaged) {
        // a damaged entry cannot be reported; it is gone all the same
      }
    }
  }

  /** Removes a name from the index. Caller holds the lock. */
  private void forget(String name) {
    Long size = index.remove(name);
    if (size != null) {
      totalBytes -= size;
    }
  }

  /** Reads a file; {@code null} if it is gone (removed since the index said it was there). */
  private byte[] read(Path file, Object key) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException gone) {
      lock.lock();
      try {
        if (!closed && Files.notExists(file)) {
          forget(file.getFileName().toString());
        }
      } finally {
        lock.unlock();
      }
      return null;
    } catch (IOException e) {
      throw new StoreException(label + ": cannot read the entry of key " + key + " (" + e + ")", e);
    }
  }

  private void delete(Path file, Object key) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StoreException(label + ": cannot delete the entry of key " + key + " (" + e + ")", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover file is deleted at the next start (temporary) or evicted again (entry)
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the store is closed");
    }
  }

  private void release() {
    try {
      fileLock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      lockChannel.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  /** The entry file's name: the SHA-256 of the key's bytes, in hex, with the suffix. */
  static String fileName(byte[] keyBytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyBytes)) + SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
