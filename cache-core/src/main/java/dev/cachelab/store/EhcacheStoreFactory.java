package dev.cachelab.store;

import dev.cachelab.codec.Codec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Creates {@linkplain Stores#ehcache() Ehcache stores}: a cache of Ehcache 3 under the cachelab facade. Get one from
 * {@link Stores#ehcache()} and refine it with the methods below, each of which returns a new factory.
 *
 * <p><b>Tiers.</b>
 * <ul>
 *   <li>heap only (the default): values stay Java objects; the cache builder's {@code maximumSize} sizes the heap
 *       (unbounded without it);</li>
 *   <li>heap + off-heap ({@link #offHeap(long)}): the off-heap tier, sized in bytes, holds every entry as bytes
 *       outside the garbage-collected heap; the heap tier keeps the hottest {@link #heap(long) entries} as
 *       objects;</li>
 *   <li>heap + disk ({@link #disk(Path, long)} or {@link #persistentDisk(Path, long)}): the same with a disk tier in
 *       a directory. A persistent disk tier keeps its entries across a <em>clean</em> {@code close()} of the
 *       cache.</li>
 * </ul>
 * A tiered store is bounded by the bytes of its lowest tier, not by entries: the builder refuses
 * {@code maximumSize} on it. Entries in the off-heap and disk tiers are encoded by the {@linkplain #keyCodec key}
 * and {@linkplain #valueCodec value} codecs (as Ehcache serializers); both default to
 * {@link Codec#canonical(Class...)}.
 *
 * <p><b>What Ehcache does not do.</b> It evicts by its own sampled LRU: the builder refuses an
 * {@code evictionPolicy}, and a {@code maximumWeight}. Expiry, refresh, loading and statistics are the cachelab
 * facade's, as on every store.
 *
 * <p><b>Ehcache's disk tier and crashes.</b> The open-source disk tier marks its data clean only when the cache
 * manager closes cleanly. After an unclean stop — the process killed, the machine losing power — Ehcache finds the
 * mark missing at the next start and discards the whole disk tier: every entry is gone, not just the last one. That
 * is why persistent memoization uses {@link Stores#directory(Path)}, which loses at most the entry being written.
 *
 * <p><b>Cache managers.</b> By default each store creates its own {@code CacheManager} and closes it with the cache.
 * With {@link #cacheManager(org.ehcache.CacheManager)} the store instead creates an Ehcache cache named after the
 * cachelab cache in the manager given, removes that cache when the cachelab cache closes, and never closes the
 * manager.
 *
 * <p>Ehcache ({@code org.ehcache:ehcache} 3.12) is an optional dependency of cache-core: add it to use this store.
 *
 * <p>Immutable and thread-safe.
 */
public final class EhcacheStoreFactory implements StoreFactory {

  /** The heap tier's size in entries under a lower tier, unless {@link #heap(long)} says otherwise. */
  static final long DEFAULT_HEAP_ENTRIES = 1_000;

  private final long heapEntries;
  private final long offHeapBytes;
  private final Path diskDirectory;
  private final long diskBytes;
  private final boolean persistent;
  private final Object cacheManager;
  private final Codec<?> keyCodec;
  private final Codec<?> valueCodec;

  EhcacheStoreFactory() {
    this(-1, -1, null, -1, false, null, null, null);
  }

  private EhcacheStoreFactory(long heapEntries, long offHeapBytes, Path diskDirectory, long diskBytes,
      boolean persistent, Object cacheManager, Codec<?> keyCodec, Codec<?> valueCodec) {
    this.heapEntries = heapEntries;
    this.offHeapBytes = offHeapBytes;
    this.diskDirectory = diskDirectory;
    this.diskBytes = diskBytes;
    this.persistent = persistent;
    this.cacheManager = cacheManager;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
  }

  /**
   * Returns a factory like this one whose heap tier holds {@code entries} entries: above a lower tier, the hottest
   * entries (1,000 unless set); without one, the whole cache (the same as the cache builder's {@code maximumSize},
   * which must then be left unset).
   *
   * @param entries the heap tier's size
   * @return a new factory
   * @throws IllegalArgumentException if {@code entries} is not positive
   * @throws IllegalStateException if the heap size was already set
   */
  public EhcacheStoreFactory heap(long entries) {
    if (entries <= 0) {
      throw new IllegalArgumentException("heap entries must be positive: " + entries);
    }
    if (heapEntries != -1) {
      throw new IllegalStateException("heap was already set to " + heapEntries + " entries");
    }
    return new EhcacheStoreFactory(entries, offHeapBytes, diskDirectory, diskBytes, persistent, cacheManager,
        keyCodec, valueCodec);
  }

  /**
   * Returns a factory like this one with an off-heap tier of {@code bytes} bytes (at least 1 MiB).
   *
   * @param bytes the off-heap tier's size
   * @return a new factory
   * @throws IllegalArgumentException if {@code bytes} is less than 1 MiB
   * @throws IllegalStateException if an off-heap tier was already set
   */
  public EhcacheStoreFactory offHeap(long bytes) {
    if (bytes < (1 << 20)) {
      throw new IllegalArgumentException("offHeap must be at least 1 MiB (1048576 bytes): " + bytes);
    }
    if (offHeapBytes != -1) {
      throw new IllegalStateException("offHeap was already set to " + offHeapBytes + " bytes");
    }
    return new EhcacheStoreFactory(heapEntries, bytes, diskDirectory, diskBytes, persistent, cacheManager, keyCodec,
        valueCodec);
  }

  /**
   * Returns a factory like this one with a disk tier of {@code bytes} bytes in {@code directory}, emptied when the
   * cache closes.
   *
   * @param directory the directory of the disk tier (Ehcache's persistence directory); one cache at a time
   * @param bytes the disk tier's size, at least 1 MiB, and more than any off-heap tier
   * @return a new factory
   * @throws NullPointerException if {@code directory} is null
   * @throws IllegalArgumentException if {@code bytes} is too small
   * @throws IllegalStateException if a disk tier or a cache manager was already set
   */
  public EhcacheStoreFactory disk(Path directory, long bytes) {
    return withDisk(directory, bytes, false);
  }

  /**
   * Returns a factory like this one with a persistent disk tier of {@code bytes} bytes in {@code directory}: its
   * entries survive a clean {@code close()} of the cache and are there when a cache with the same configuration
   * opens the directory again — but <em>all</em> of them are discarded after an unclean stop (see the class
   * documentation).
   *
   * @param directory the directory of the disk tier; one cache at a time
   * @param bytes the disk tier's size, at least 1 MiB, and more than any off-heap tier
   * @return a new factory
   * @throws NullPointerException if {@code directory} is null
   * @throws IllegalArgumentException if {@code bytes} is too small
   * @throws IllegalStateException if a disk tier or a cache manager was already set
   */
  public EhcacheStoreFactory persistentDisk(Path directory, long bytes) {
    return withDisk(directory, bytes, true);
  }

  private EhcacheStoreFactory withDisk(Path directory, long bytes, boolean persist) {
    Objects.requireNonNull(directory, "directory");
    if (bytes < (1 << 20)) {
      throw new IllegalArgumentException("disk must be at least 1 MiB (1048576 bytes): " + bytes);
    }
    if (diskDirectory != null) {
      throw new IllegalStateException("a disk tier was already set, in " + diskDirectory);
    }
    if (cacheManager != null) {
      throw new IllegalStateException("a disk tier needs a cache manager of its own, with its directory; "
          + "drop cacheManager(...) or configure the disk tier in your own cache manager");
    }
    return new EhcacheStoreFactory(heapEntries, offHeapBytes, directory, bytes, persist, cacheManager, keyCodec,
        valueCodec);
  }

  /**
   * Returns a factory like this one whose stores live in {@code manager}: each creates an Ehcache cache named after
   * the cachelab cache ({@code CacheBuilder.name}), removes it when the cachelab cache closes, and leaves the manager
   * open — it is yours.
   *
   * @param manager an initialized Ehcache cache manager
   * @return a new factory
   * @throws NullPointerException if {@code manager} is null
   * @throws IllegalStateException if a cache manager or a disk tier was already set
   */
  // Ehcache has no module name, so module-info cannot say "requires transitive" for it (see there); a caller of this
  // method made the manager, so it reads Ehcache already.
  @SuppressWarnings("exports")
  public EhcacheStoreFactory cacheManager(org.ehcache.CacheManager manager) {
    Objects.requireNonNull(manager, "cacheManager");
    if (cacheManager != null) {
      throw new IllegalStateException("cacheManager was already set to " + cacheManager);
    }
    if (diskDirectory != null) {
      throw new IllegalStateException("a disk tier needs a cache manager of its own, with its directory ("
          + diskDirectory + "); drop disk(...) or configure the disk tier in your own cache manager");
    }
    return new EhcacheStoreFactory(heapEntries, offHeapBytes, diskDirectory, diskBytes, persistent, manager,
        keyCodec, valueCodec);
  }

  /**
   * Returns a factory like this one whose off-heap and disk tiers encode keys with {@code codec}.
   *
   * @param codec a codec for the cache's keys
   * @return a new factory
   * @throws NullPointerException if {@code codec} is null
   * @throws IllegalStateException if a key codec was already set
   */
  public EhcacheStoreFactory keyCodec(Codec<?> codec) {
    Objects.requireNonNull(codec, "keyCodec");
    if (keyCodec != null) {
      throw new IllegalStateException("keyCodec was already set to " + keyCodec);
    }
    return new EhcacheStoreFactory(heapEntries, offHeapBytes, diskDirectory, diskBytes, persistent, cacheManager,
        codec, valueCodec);
  }

  /**
   * Returns a factory like this one whose off-heap and disk tiers encode values with {@code codec}.
   *
   * @param codec a codec for the cache's values
   * @return a new factory
   * @throws NullPointerException if {@code codec} is null
   * @throws IllegalStateException if a value codec was already set
   */
  public EhcacheStoreFactory valueCodec(Codec<?> codec) {
    Objects.requireNonNull(codec, "valueCodec");
    if (valueCodec != null) {
      throw new IllegalStateException("valueCodec was already set to " + valueCodec);
    }
    return new EhcacheStoreFactory(heapEntries, offHeapBytes, diskDirectory, diskBytes, persistent, cacheManager,
        keyCodec, codec);
  }

  /** Whether entries go below the heap, as bytes. */
  boolean tiered() {
    return offHeapBytes != -1 || diskDirectory != null;
  }

  @Override
  public Set<Capability> capabilities() {
    if (!tiered()) {
      return EnumSet.of(Capability.MAXIMUM_SIZE);
    }
    // A persistent disk tier outlives the process: its times must be wall-clock times.
    return persistent ? EnumSet.of(Capability.SHARED) : EnumSet.noneOf(Capability.class);
  }

  /**
   * Creates the Ehcache cache (and, unless one was given, its cache manager).
   *
   * @throws IllegalStateException if the cache manager given already has a cache of this name, the heap is sized
   *     twice ({@link #heap(long)} and {@code maximumSize}), or Ehcache refuses the configuration (the message says
   *     why)
   */
  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
    if (tiered() && offHeapBytes != -1 && diskBytes != -1 && diskBytes <= offHeapBytes) {
      throw new IllegalStateException(this + ": the disk tier (" + diskBytes + " bytes) must be larger than the "
          + "off-heap tier (" + offHeapBytes + " bytes)");
    }
    Codec<?> keys = (keyCodec == null) ? Codec.canonical() : keyCodec;
    Codec<?> values = (valueCodec == null) ? Codec.canonical() : valueCodec;
    if (!tiered() && heapEntries != -1 && config.maximumSize() != StoreConfig.UNBOUNDED) {
      throw new IllegalStateException(this + " sizes the heap at " + heapEntries + " entries, and the cache builder"
          + " at maximumSize(" + config.maximumSize() + "); set the size once");
    }
    long heap;
    if (tiered()) {
      heap = (heapEntries == -1) ? DEFAULT_HEAP_ENTRIES : heapEntries;
    } else if (heapEntries != -1) {
      heap = heapEntries;
    } else {
      heap = (config.maximumSize() == StoreConfig.UNBOUNDED) ? -1 : config.maximumSize();
    }
    return new EhcacheStore<>(this, heap, offHeapBytes, diskDirectory, diskBytes, persistent,
        cacheManager, (Codec<K>) keys, (Codec<V>) values, config);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Stores.ehcache()");
    if (heapEntries != -1) {
      s.append(".heap(").append(heapEntries).append(')');
    }
    if (offHeapBytes != -1) {
      s.append(".offHeap(").append(offHeapBytes).append(')');
    }
    if (diskDirectory != null) {
      s.append(persistent ? ".persistentDisk(Path.of(\"" : ".disk(Path.of(\"").append(diskDirectory)
          .append("\"), ").append(diskBytes).append(')');
    }
    if (cacheManager != null) {
      s.append(".cacheManager(").append(cacheManager.getClass().getSimpleName()).append(')');
    }
    if (keyCodec != null) {
      s.append(".keyCodec(").append(keyCodec).append(')');
    }
    if (valueCodec != null) {
      s.append(".valueCodec(").append(valueCodec).append(')');
    }
    return s.toString();
  }
}
