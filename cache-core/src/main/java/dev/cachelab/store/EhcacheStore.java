package dev.cachelab.store;

import dev.cachelab.codec.Codec;
import dev.cachelab.codec.CodecException;
import dev.cachelab.codec.CodecMismatchException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.EventType;
import org.ehcache.spi.resilience.ResilienceStrategy;
import org.ehcache.spi.resilience.StoreAccessException;
import org.ehcache.spi.serialization.Serializer;
import org.ehcache.spi.serialization.SerializerException;

/**
 * A store over an Ehcache 3 cache. Ehcache keeps the entries in its tiers and evicts by its sampled LRU, reporting
 * each eviction through a synchronous event listener; the cachelab facade does everything else. The only class of
 * cache-core that links against Ehcache: it is loaded when a cache is built on {@link Stores#ehcache()}, after that
 * method checked Ehcache is on the classpath.
 *
 * <p>Values are {@link Held} wrappers of the facade's {@link Stamped} entries. The heap tier keeps them by reference;
 * the off-heap and disk tiers keep them as bytes (the value codec's, plus the entry's times) and decode them lazily,
 * so counting or skipping an entry does not decode its value. An entry that does not decode is removed and reported
 * as a {@link StoreException} (a counted miss). Ehcache's own failures are not swallowed by its default resilience
 * strategy, which would log them and carry on: a strategy that rethrows turns each into a {@link StoreException}.
 *
 * <p>Thread-safe, as Ehcache is.
 *
 * @param <K> the key type
 * @param <V> the user's value type
 */
final class EhcacheStore<K, V> implements Store<K, V> {

  private static final String OWN_ALIAS = "cachelab";

  private final String label;
  private final String cacheName;
  private final CacheManager manager;
  private final boolean ownsManager;
  private final String alias;
  private final Cache<Object, Held> cache;
  private final boolean acceptsNothing;
  private final BiConsumer<K, Stamped<V>> evictionListener;

  EhcacheStore(EhcacheStoreFactory factory, long heapEntries, long offHeapBytes, Path diskDirectory, long diskBytes,
      boolean persistent, Object userManager, Codec<K> keyCodec, Codec<V> valueCodec,
      StoreConfig<K, V> config) {
    this.label = factory.toString();
    this.cacheName = config.cacheName();
    this.evictionListener = config.evictionListener();
    this.acceptsNothing = heapEntries == 0;

    ResourcePoolsBuilder pools = ResourcePoolsBuilder.newResourcePoolsBuilder()
        .heap(heapEntries <= 0 ? Long.MAX_VALUE : heapEntries, EntryUnit.ENTRIES);
    if (offHeapBytes != -1) {
      pools = pools.offheap(offHeapBytes, MemoryUnit.B);
    }
    if (diskDirectory != null) {
      pools = pools.disk(diskBytes, MemoryUnit.B, persistent);
    }
    ValueSerializer<V> values = new ValueSerializer<>(valueCodec);
    CacheConfigurationBuilder<Object, Held> configuration = CacheConfigurationBuilder
        .newCacheConfigurationBuilder(Object.class, Held.class, pools)
        .withResilienceStrategy(new Rethrow())
        .withService(CacheEventListenerConfigurationBuilder
            .newEventListenerConfiguration(this::onEvicted, EventType.EVICTED)
            .unordered().synchronous());
    if (factory.tiered()) {
      configuration = configuration.withKeySerializer(new KeySerializer<>(keyCodec)).withValueSerializer(values);
    }

    if (userManager != null) {
      this.manager = (CacheManager) userManager;
      this.ownsManager = false;
      this.alias = config.cacheName();
      try {
        this.cache = manager.createCache(alias, configuration);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalStateException(label + ": the cache manager given cannot create a cache named '" + alias
            + "' (" + e.getMessage() + "); give the cachelab cache another name with CacheBuilder.name(...), or "
            + "remove the Ehcache cache of that name", e);
      }
    } else {
      this.ownsManager = true;
      this.alias = OWN_ALIAS;
      try {
        this.manager = (diskDirectory == null)
            ? CacheManagerBuilder.newCacheManagerBuilder().withCache(alias, configuration).build(true)
            : CacheManagerBuilder.newCacheManagerBuilder()
                .with(CacheManagerBuilder.persistence(diskDirectory.toFile()))
                .withCache(alias, configuration).build(true);
      } catch (RuntimeException e) {
        throw new IllegalStateException(label + ": Ehcache refused to start (" + rootMessage(e) + ")"
            + (diskDirectory == null ? "" : "; is " + diskDirectory + " writable and not in use by another cache?"),
            e);
      }
      this.cache = manager.getCache(alias, Object.class, Held.class);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return e == root ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
  }

  @SuppressWarnings("unchecked")
  private void onEvicted(CacheEvent<?, ?> event) {
    Held held = (Held) event.getOldValue();
    Stamped<V> entry = (held == null) ? null : (Stamped<V>) held.entryOrNull();
    if (entry != null) {
      evictionListener.accept((K) event.getKey(), entry);
    }
  }

  // ---- the Store SPI ----------------------------------------------------------------------------------------

  @Override
  public Stamped<V> get(K key) {
    Held held;
    try {
      held = cache.get(key);
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "read key " + key);
    }
    return entry(key, held);
  }

  @SuppressWarnings("unchecked")
  private Stamped<V> entry(K key, Held held) {
    if (held == null) {
      return null;
    }
    try {
      return (Stamped<V>) held.entry();
    } catch (CodecException e) {
      try {
        cache.remove(key, held);
      } catch (EhcacheFailure ignored) {
        // the next read finds it damaged again
      }
      throw new StoreException(label + ": the entry of key " + key + " does not decode, so it was removed ("
          + e.getMessage() + ")", e);
    }
  }

  @Override
  public Stamped<V> put(K key, Stamped<V> value) {
    if (acceptsNothing) { // maximumSize(0): Ehcache has no zero-sized heap; every entry is evicted at once
      Stamped<V> old = remove(key);
      evictionListener.accept(key, value);
      return old;
    }
    Held fresh = new Held(value);
    try {
      while (true) { // Ehcache has no getAndPut; replace, or else insert, in a loop that a race cannot fool
        Held old = cache.replace(key, fresh);
        if (old != null) {
          return entryQuietly(old);
        }
        if (cache.putIfAbsent(key, fresh) == null) {
          return null;
        }
      }
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "write key " + key);
    }
  }

  /** Ehcache's own {@code put}: one operation, where {@link #put} needs a replace-or-insert loop for the old entry. */
  @Override
  public void set(K key, Stamped<V> value) {
    if (acceptsNothing) {
      put(key, value);
      return;
    }
    try {
      cache.put(key, new Held(value));
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "write key " + key);
    }
  }

  @SuppressWarnings("unchecked")
  private Stamped<V> entryQuietly(Held held) {
    try {
      return (Stamped<V>) held.entry();
    } catch (CodecException e) {
      return null;
    }
  }

  @Override
  public boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
    try {
      // Held compares as "the same write", so this replaces the stored entry only if no write came in between.
      return cache.replace(key, new Held(expected), new Held(entry));
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "replace the entry of key " + key);
    }
  }

  @Override
  public boolean remove(K key, Stamped<V> expected) {
    try {
      return cache.remove(key, new Held(expected));
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "remove key " + key);
    }
  }

  @Override
  public Stamped<V> remove(K key) {
    try {
      while (true) { // remove exactly the write read: one evicted in between is reported by the eviction alone
        Held old = cache.get(key);
        if (old == null) {
          return null;
        }
        if (cache.remove(key, old)) {
          return entryQuietly(old);
        }
      }
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "remove key " + key);
    }
  }

  @Override
  public void clear() {
    try {
      cache.clear();
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "clear");
    }
  }

  @Override
  public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
    Iterator<Cache.Entry<Object, Held>> entries;
    try {
      entries = cache.iterator();
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "iterate");
    }
    return new Iterator<>() {
      private Map.Entry<K, Stamped<V>> next = advance();

      @SuppressWarnings("unchecked")
      private Map.Entry<K, Stamped<V>> advance() {
        while (true) {
          Cache.Entry<Object, Held> entry;
          try {
            if (!entries.hasNext()) {
              return null;
            }
            entry = entries.next();
          } catch (NoSuchElementException e) {
            return null; // the last entry was removed between hasNext and next
          } catch (EhcacheFailure e) {
            // Ending here would look like the last entry: the SPI says a failed iteration throws.
            throw failure(e, "iterate");
          } catch (SerializerException e) {
            throw new StoreException(label + ": Ehcache failed to iterate (" + rootMessage(e) + ")", e);
          }
          if (entry == null) {
            continue;
          }
          try {
            return new AbstractMap.SimpleImmutableEntry<>((K) entry.getKey(), entry((K) entry.getKey(),
                entry.getValue()));
          } catch (StoreException damaged) {
            // removed; go on with the others
          }
        }
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

  /** Ehcache keeps no count; this walks the entries without decoding their values. */
  @Override
  public long estimatedSize() {
    long count = 0;
    try {
      for (Cache.Entry<Object, Held> ignored : cache) {
        count++;
      }
    } catch (EhcacheFailure | SerializerException e) {
      throw failure(e, "count the entries");
    }
    return count;
  }

  @Override
  public void cleanUp() {
    // Ehcache evicts as it writes, and reports each eviction before the write returns.
  }

  @Override
  public void close() {
    try {
      if (ownsManager) {
        manager.close();
      } else {
        manager.removeCache(alias);
      }
    } catch (RuntimeException e) {
      // closing is best effort; the manager logs its own failures
    }
  }

  @Override
  public String toString() {
    return label;
  }

  // ---- values, serializers, failures ------------------------------------------------------------------------

  /**
   * What the Ehcache cache holds for a key: a {@link Stamped} entry, or the bytes of one read from a lower tier and
   * decoded on first use. Two holders are equal when they hold the same write ({@link Stamped#sameWrite}), which is
   * what {@code replace(key, expected, new)} compares; or the same bytes.
   */
  static final class Held {
    private volatile Stamped<?> entry;
    private final byte[] bytes;
    private final ValueSerializer<?> serializer;

    Held(Stamped<?> entry) {
      this.entry = entry;
      this.bytes = null;
      this.serializer = null;
    }

    Held(byte[] bytes, ValueSerializer<?> serializer) {
      this.bytes = bytes;
      this.serializer = serializer;
    }

    /** The entry, decoded if need be. @throws CodecException if its bytes do not decode */
    Stamped<?> entry() {
      Stamped<?> decoded = entry;
      if (decoded == null) {
        decoded = serializer.decode(bytes);
        entry = decoded;
      }
      return decoded;
    }

    Stamped<?> entryOrNull() {
      try {
        return entry();
      } catch (CodecException e) {
        return null;
      }
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Held other)) {
        return false;
      }
      if (bytes != null && other.bytes != null && Arrays.equals(bytes, other.bytes)) {
        return true; // the same bytes, even ones that do not decode (so a damaged entry can be removed)
      }
      Stamped<?> a = entryOrNull();
      Stamped<?> b = other.entryOrNull();
      return a != null && a.sameWrite(b);
    }

    @Override
    public int hashCode() {
      Stamped<?> a = entryOrNull();
      return a == null ? 0 : Long.hashCode(a.writeId());
    }
  }

  /** Keys as the key codec's bytes. */
  static final class KeySerializer<K> implements Serializer<Object> {
    private final Codec<K> codec;

    KeySerializer(Codec<K> codec) {
      this.codec = codec;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ByteBuffer serialize(Object key) {
      try {
        return ByteBuffer.wrap(codec.encode((K) key));
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new Unencodable("key", codec, key, e);
      }
    }

    @Override
    public Object read(ByteBuffer binary) {
      try {
        return codec.decode(bytes(binary));
      } catch (CodecException e) {
        throw new SerializerException(e.getMessage(), e);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean equals(Object key, ByteBuffer binary) {
      if (codec.isCanonical()) {
        return Arrays.equals(codec.encode((K) key), bytes(binary));
      }
      return key.equals(read(binary));
    }
  }

  /**
   * Values as the entry's write id and five times (big-endian longs), a flag byte for a remembered absence, and the
   * value codec's bytes.
   */
  static final class ValueSerializer<V> implements Serializer<Held> {
    private static final int HEADER = 6 * 8 + 1;
    private final Codec<V> codec;

    ValueSerializer(Codec<V> codec) {
      this.codec = codec;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ByteBuffer serialize(Held held) {
      Stamped<V> entry;
      byte[] value;
      try {
        entry = (Stamped<V>) held.entry();
      } catch (CodecException e) {
        throw new SerializerException(e.getMessage(), e);
      }
      try {
        value = entry.isAbsent() ? new byte[0] : codec.encode(entry.value());
      } catch (IllegalArgumentException | ClassCastException e) {
        throw new Unencodable("value", codec, entry.value(), e);
      }
      ByteBuffer out = ByteBuffer.allocate(HEADER + value.length);
      out.putLong(entry.writeId()).putLong(entry.writeTime()).putLong(entry.writeLifetime()).putLong(entry.touchTime())
          .putLong(entry.touchLifetime()).putLong(entry.loadNanos()).put((byte) (entry.isAbsent() ? 1 : 0))
          .put(value);
      return out.flip();
    }

    @Override
    public Held read(ByteBuffer binary) {
      return new Held(bytes(binary), this); // decoded when used; damage shows then, as a CodecException
    }

    Stamped<V> decode(byte[] bytes) {
      if (bytes.length < HEADER) {
        throw new CodecException("an Ehcache entry of " + bytes.length + " bytes is too short");
      }
      ByteBuffer in = ByteBuffer.wrap(bytes);
      long writeId = in.getLong();
      long writeTime = in.getLong();
      long writeLifetime = in.getLong();
      long touchTime = in.getLong();
      long touchLifetime = in.getLong();
      long loadNanos = in.getLong();
      boolean absent = in.get() == 1;
      V value = absent ? null : codec.decode(Arrays.copyOfRange(bytes, HEADER, bytes.length));
      return Stamped.restore(value, writeId, writeTime, writeLifetime, touchTime, touchLifetime, loadNanos);
    }

    @Override
    public boolean equals(Held held, ByteBuffer binary) {
      return held.equals(read(binary));
    }
  }

  private static byte[] bytes(ByteBuffer binary) {
    byte[] bytes = new byte[binary.remaining()];
    binary.get(bytes);
    return bytes;
  }

  /**
   * A codec that cannot encode a key or value (it does not fit the cache's types), carried out of Ehcache's
   * serializer to become a {@link CodecMismatchException}: a programming error for the caller, not a store failure.
   */
  static final class Unencodable extends SerializerException {
    private static final long serialVersionUID = 1L;
    final String role;
    final transient Codec<?> codec;
    final transient Object offending;

    Unencodable(String role, Codec<?> codec, Object offending, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.role = role;
      this.codec = codec;
      this.offending = offending;
    }
  }

  /**
   * Translates what an Ehcache call threw: a codec that does not fit becomes a {@link CodecMismatchException} for
   * the caller; anything else Ehcache failed at becomes a {@link StoreException} (a counted miss).
   */
  private RuntimeException failure(RuntimeException e, String action) {
    for (Throwable cause = e; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
      if (cause instanceof Unencodable unencodable) {
        return CodecMismatchException.of(cacheName, label, unencodable.role, unencodable.codec,
            unencodable.offending, (RuntimeException) unencodable.getCause());
      }
    }
    if (e instanceof EhcacheFailure failure) {
      return failure.toStoreException(label, action);
    }
    return new StoreException(label + ": Ehcache failed to " + action + " (" + rootMessage(e) + ")", e);
  }

  /** Carries an Ehcache failure out of the cache call that met it, to become a {@link StoreException}. */
  static final class EhcacheFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EhcacheFailure(StoreAccessException cause) {
      super(cause);
    }

    StoreException toStoreException(String label, String action) {
      return new StoreException(label + ": Ehcache failed to " + action + " (" + rootMessage(getCause()) + ")",
          getCause());
    }
  }

  /** A resilience strategy that hands every failure back to the caller instead of logging it away. */
  static final class Rethrow implements ResilienceStrategy<Object, Held> {
    @Override
    public Held getFailure(Object key, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public boolean containsKeyFailure(Object key, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public void putFailure(Object key, Held value, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public void removeFailure(Object key, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public void clearFailure(StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public Cache.Entry<Object, Held> iteratorFailure(StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public Held putIfAbsentFailure(Object key, Held value, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public boolean removeFailure(Object key, Held value, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public Held replaceFailure(Object key, Held value, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public boolean replaceFailure(Object key, Held value, Held newValue, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public Map<Object, Held> getAllFailure(Iterable<?> keys, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public void putAllFailure(Map<?, ? extends Held> entries, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }

    @Override
    public void removeAllFailure(Iterable<?> keys, StoreAccessException e) {
      throw new EhcacheFailure(e);
    }
  }
}
