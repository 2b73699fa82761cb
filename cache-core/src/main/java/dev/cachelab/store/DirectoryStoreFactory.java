package dev.cachelab.store;

import dev.cachelab.codec.Codec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Creates {@linkplain Stores#directory(Path) directory stores}: one file per entry in a directory, written to a
 * temporary file and renamed into place, so entries survive the JVM and a crash loses at most the entry being
 * written. Get one from {@link Stores#directory(Path)} and refine it with the methods below, each of which returns a
 * new factory.
 *
 * <pre>{@code
 * Cache<String, Report> reports = CacheBuilder.newBuilder()
 *     .store(Stores.directory(Path.of("cache/reports"))
 *         .valueCodec(Codec.json(Report.class))
 *         .maximumBytes(500_000_000))
 *     .maximumSize(10_000)
 *     .build();
 * }</pre>
 *
 * <p><b>Bounds.</b> The cache builder's {@code maximumSize} bounds the entries, {@link #maximumBytes(long)} the
 * bytes on disk; the least recently used entries are evicted first (the order survives restarts). A weight bound
 * ({@code maximumWeight}) and a chosen {@code evictionPolicy} are refused by the builder.
 *
 * <p><b>Codecs.</b> Keys need a canonical codec ({@link Codec#isCanonical()}); both default to
 * {@link Codec#canonical(Class...)} with no records or enums listed, which handles strings, numbers, lists, sets and
 * maps. Give {@link #valueCodec(Codec)} for anything else.
 *
 * <p><b>Processes.</b> A directory belongs to one cache in one process at a time: the store holds a lock file
 * ({@code cachelab.lock}) while open, and a second cache on the same directory, in this JVM or another, fails in
 * {@code build()} with {@link IllegalStateException}. A directory that cannot be created or written fails in
 * {@code build()} with {@link IllegalArgumentException}; both messages name the path.
 *
 * <p><b>Time.</b> Expiry times are readings of the cache's ticker and mean nothing to the next process: an entry
 * with a lifetime written by an earlier run is dropped when read. Entries without one (no expiry set) are kept.
 *
 * <p>Immutable and thread-safe.
 */
public final class DirectoryStoreFactory implements StoreFactory {

  private final Path directory;
  private final Codec<?> keyCodec;
  private final Codec<?> valueCodec;
  private final long maximumBytes;

  DirectoryStoreFactory(Path directory) {
    this(Objects.requireNonNull(directory, "directory"), null, null, StoreConfig.UNBOUNDED);
  }

  private DirectoryStoreFactory(Path directory, Codec<?> keyCodec, Codec<?> valueCodec, long maximumBytes) {
    this.directory = directory;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.maximumBytes = maximumBytes;
  }

  /**
   * Returns a factory like this one whose stores encode keys with {@code codec}.
   *
   * @param codec a canonical codec for the cache's keys
   * @return a new factory
   * @throws NullPointerException if {@code codec} is null
   * @throws IllegalArgumentException if {@code codec} is not canonical
   * @throws IllegalStateException if a key codec was already set
   */
  public DirectoryStoreFactory keyCodec(Codec<?> codec) {
    Objects.requireNonNull(codec, "keyCodec");
    if (!codec.isCanonical()) {
      throw new IllegalArgumentException("keyCodec must be canonical (equal keys, equal bytes), and " + codec
          + " is not; use Codec.canonical(...), Codec.string() or Codec.bytes() for keys");
    }
    if (keyCodec != null) {
      throw new IllegalStateException("keyCodec was already set to " + keyCodec);
    }
    return new DirectoryStoreFactory(directory, codec, valueCodec, maximumBytes);
  }

  /**
   * Returns a factory like this one whose stores encode values with {@code codec}.
   *
   * @param codec a codec for the cache's values
   * @return a new factory
   * @throws NullPointerException if {@code codec} is null
   * @throws IllegalStateException if a value codec was already set
   */
  public DirectoryStoreFactory valueCodec(Codec<?> codec) {
    Objects.requireNonNull(codec, "valueCodec");
    if (valueCodec != null) {
      throw new IllegalStateException("valueCodec was already set to " + valueCodec);
    }
    return new DirectoryStoreFactory(directory, keyCodec, codec, maximumBytes);
  }

  /**
   * Returns a factory like this one whose stores keep at most {@code bytes} bytes of entry files, evicting the
   * least recently used entries beyond it.
   *
   * @param bytes the bound on the total size of the entry files
   * @return a new factory
   * @throws IllegalArgumentException if {@code bytes} is not positive
   * @throws IllegalStateException if a byte bound was already set
   */
  public DirectoryStoreFactory maximumBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maximumBytes must be positive: " + bytes);
    }
    if (maximumBytes != StoreConfig.UNBOUNDED) {
      throw new IllegalStateException("maximumBytes was already set to " + maximumBytes);
    }
    return new DirectoryStoreFactory(directory, keyCodec, valueCodec, bytes);
  }

  /**
   * Returns the directory the stores keep their files in.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.MAXIMUM_SIZE, Capability.SHARED); // it outlives the process
  }

  /**
   * Opens the directory: creates it if needed, takes its lock file, deletes writes that a crash interrupted, and
   * rebuilds the index of entries.
   *
   * @throws IllegalArgumentException if the directory cannot be created, read or written
   * @throws IllegalStateException if another cache, in this process or another, has the directory open
   */
  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
    Codec<?> keys = (keyCodec == null) ? Codec.canonical() : keyCodec;
    Codec<?> values = (valueCodec == null) ? Codec.canonical() : valueCodec;
    return new DirectoryStore<>(directory, keys, values, maximumBytes, config);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Stores.directory(Path.of(\"").append(directory).append("\"))");
    if (keyCodec != null) {
      s.append(".keyCodec(").append(keyCodec).append(')');
    }
    if (valueCodec != null) {
      s.append(".valueCodec(").append(valueCodec).append(')');
    }
    if (maximumBytes != StoreConfig.UNBOUNDED) {
      s.append(".maximumBytes(").append(maximumBytes).append(')');
    }
    return s.toString();
  }
}
