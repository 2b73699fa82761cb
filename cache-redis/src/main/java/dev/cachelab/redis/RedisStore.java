package dev.cachelab.redis;

import dev.cachelab.codec.Codec;
import dev.cachelab.codec.CodecException;
import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.KeyBinaryCommands;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A store that keeps each entry of a cache in one Redis key (see {@link RedisKeys} for the key, {@link RedisEntry}
 * for the bytes), on a standalone server or a Redis Cluster.
 *
 * <p><b>Writes are atomic.</b> Value, times and TTL go in one {@code SET … PX … GET} (no {@code PX} for an entry
 * that never expires), which also returns the entry it replaced. Redis drops an entry when its lifetime ends; the
 * cache still decides expiry itself from the stored times, so an entry is never returned late even if Redis keeps
 * it a little longer. A compare-and-set ({@link #replace}, {@link #remove(Object, Stamped)}) is one Lua script that
 * compares the write id ({@link RedisScripts}).
 *
 * <p><b>Bad bytes are a miss.</b> A value that does not parse or decode — random bytes, a truncated entry, a class
 * the codec does not allow, a key of another Redis type — is deleted and reported as a {@link StoreException},
 * which the cache counts ({@code storeErrorCount}) and treats as a miss. A value encoded larger than the factory's
 * {@code maximumValueBytes} is not stored (the entry it would replace is removed) and reported the same way.
 *
 * <p><b>Failures.</b> Every call goes through a {@link RedisGuard}: bounded by the client's timeouts, counted by the
 * circuit breaker, translated at the boundary. See {@link RedisStoreFactory} for the modes.
 *
 * <p><b>Bulk and scans.</b> {@link #getAll} is one {@code MGET} on a standalone server and, on Cluster, one
 * {@code MGET} per hash slot, pipelined (never a {@code CROSSSLOT} error); {@link #putAll} pipelines its
 * {@code SET}s. {@link #clear()}, {@link #iterator()} and {@link #estimatedSize()} {@code SCAN} this cache's prefix
 * on every master — never {@code KEYS}, {@code FLUSHDB} or {@code FLUSHALL} — so their cost grows with the whole
 * database, not just this cache.
 *
 * <p>Thread-safe: Jedis's clients are; the store keeps no other mutable state but the single-flight scheduler.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RedisStore<K, V> implements Store<K, V> {

  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());
  private static final byte[] EMPTY = new byte[0];
  /** A marker for "the key holds another Redis type", compared by identity. */
  private static final byte[] WRONG_TYPE = new byte[0];
  /** Longer TTLs are not given to Redis at all (the cache still expires the entry itself). */
  private static final long MAX_TTL_MILLIS = Duration.ofDays(365L * 30).toMillis();
  private static final int SCAN_BATCH = 500;

  private final UnifiedJedis client;
  private final boolean ownsClient;
  private final boolean cluster;
  private final RedisKeys keys;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;
  private final int maximumValueBytes;
  private final RedisGuard guard;
  private final DistributedSingleFlight<K, V> singleFlight;
  private final String label;
  private final AtomicBoolean oversizeLogged = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  @SuppressWarnings("unchecked")
  RedisStore(UnifiedJedis client, boolean ownsClient, RedisKeys keys, Codec<?> keyCodec, Codec<?> valueCodec,
      int maximumValueBytes, RedisGuard guard, Duration lockLifetime, String label) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.cluster = client instanceof RedisClusterClient;
    this.keys = keys;
    this.keyCodec = (Codec<K>) keyCodec;
    this.valueCodec = (Codec<V>) valueCodec;
    this.maximumValueBytes = maximumValueBytes;
    this.guard = guard;
    this.label = label;
    this.singleFlight = lockLifetime == null ? null : new DistributedSingleFlight<>(this, lockLifetime);
  }

  // ---- what the near cache (and the tests) build on ------------------------------------------------------------

  /** The client this store talks through; the near cache adds its own connections next to it. */
  UnifiedJedis client() {
    return client;
  }

  /** This cache's Redis keys: {@code <namespace>:<cache name>:} and the encodings after it. */
  RedisKeys keys() {
    return keys;
  }

  RedisGuard guard() {
    return guard;
  }

  byte[] keyBytes(K key) {
    return keyCodec.encode(key);
  }

  /** The key whose codec bytes are {@code keyBytes}: how the near cache maps an invalidated Redis key to its key. */
  K keyOf(byte[] keyBytes) {
    return keyCodec.decode(keyBytes);
  }

  // ---- reading ---------------------------------------------------------------------------------------------------

  @Override
  public Stamped<V> get(K key) {
    byte[] keyBytes = keyCodec.encode(key);
    byte[] redisKey = keys.entryKey(keyBytes);
    byte[] bytes = guard.call("get", () -> read(redisKey));
    return decode(key, keyBytes, redisKey, bytes);
  }

  /**
   * Returns the entries present for {@code wanted}: one {@code MGET} on a standalone server; on Cluster one
   * {@code MGET} per hash slot, pipelined (each node gets its slots' {@code MGET}s in one flush).
   *
   * @param wanted the keys
   * @return the entries found, keyed by the given keys
   */
  @Override
  public Map<K, Stamped<V>> getAll(Collection<? extends K> wanted) {
    List<K> keyList = new ArrayList<>(new LinkedHashMap<K, Boolean>(mapOf(wanted)).keySet());
    byte[][] keyBytes = new byte[keyList.size()][];
    byte[][] redisKeys = new byte[keyList.size()][];
    for (int i = 0; i < keyList.size(); i++) {
      keyBytes[i] = keyCodec.encode(keyList.get(i));
      redisKeys[i] = keys.entryKey(keyBytes[i]);
    }
    byte[][] values = guard.call("getAll", () -> multiGet(redisKeys));
    Map<K, Stamped<V>> found = new LinkedHashMap<>();
    StoreException damaged = null;
    for (int i = 0; i < keyList.size(); i++) {
      try {
        Stamped<V> entry = decode(keyList.get(i), keyBytes[i], redisKeys[i], values[i]);
        if (entry != null) {
          found.put(keyList.get(i), entry);
        }
      } catch (StoreException e) {
        damaged = e;
      }
    }
    if (damaged != null) {
      throw damaged; // counted; the cache reads them all as misses this once (the damaged one is deleted)
    }
    return found;
  }

  private static <K> Map<K, Boolean> mapOf(Collection<? extends K> keys) {
    Map<K, Boolean> map = new LinkedHashMap<>();
    for (K key : keys) {
      map.put(key, Boolean.TRUE);
    }
    return map;
  }

  /** The values of {@code redisKeys}, in order; {@code null} where absent, {@link #WRONG_TYPE} never (MGET). */
  private byte[][] multiGet(byte[][] redisKeys) {
    byte[][] values = new byte[redisKeys.length][];
    if (redisKeys.length == 0) {
      return values;
    }
    if (!cluster) {
      List<byte[]> all = client.mget(redisKeys);
      for (int i = 0; i < values.length; i++) {
        values[i] = all.get(i);
      }
      return values;
    }
    Map<Integer, List<Integer>> bySlot = new TreeMap<>();
    for (int i = 0; i < redisKeys.length; i++) {
      bySlot.computeIfAbsent(JedisClusterCRC16.getSlot(redisKeys[i]), slot -> new ArrayList<>()).add(i);
    }
    Map<List<Integer>, Response<List<byte[]>>> responses = new LinkedHashMap<>();
    try (AbstractPipeline pipeline = client.pipelined()) {
      for (List<Integer> group : bySlot.values()) {
        byte[][] slotKeys = group.stream().map(i -> redisKeys[i]).toArray(byte[][]::new);
        responses.put(group, pipeline.mget(slotKeys));
      }
      pipeline.sync();
    }
    responses.forEach((group, response) -> {
      List<byte[]> slotValues = response.get();
      for (int j = 0; j < group.size(); j++) {
        values[group.get(j)] = slotValues.get(j);
      }
    });
    return values;
  }

  /** {@code GET}, or {@link #WRONG_TYPE} (after deleting the key) when another client put another type there. */
  private byte[] read(byte[] redisKey) {
    try {
      return client.get(redisKey);
    } catch (JedisDataException e) {
      if (isWrongType(e)) {
        client.unlink(redisKey);
        return WRONG_TYPE;
      }
      throw e;
    }
  }

  // ---- writing ---------------------------------------------------------------------------------------------------

  @Override
  public Stamped<V> put(K key, Stamped<V> entry) {
    byte[] keyBytes = keyCodec.encode(key);
    byte[] redisKey = keys.entryKey(keyBytes);
    byte[] bytes = encode(key, keyBytes, entry);
    if (bytes == null) {
      Stamped<V> old = remove(key);
      throw oversized(key, old);
    }
    long ttl = ttlMillis(entry);
    if (ttl == 0) {
      return remove(key); // already expired on arrival: storing it would only be read as expired
    }
    SetParams params = ttl > 0 ? SetParams.setParams().px(ttl) : SetParams.setParams();
    byte[] old = guard.call("put", () -> {
      try {
        return client.setGet(redisKey, bytes, params);
      } catch (JedisDataException e) {
        if (!isWrongType(e)) {
          throw e;
        }
        client.unlink(redisKey); // another client's list or hash under our key: ours now
        client.set(redisKey, bytes, params);
        return null;
      }
    });
    return decodeQuietly(keyBytes, old);
  }

  /**
   * Writes every entry in one pipeline ({@code SET … PX … GET} each; on Cluster the pipeline sends each node its
   * keys) and returns what they replaced. Entries too large to store are not written: the entries they would replace
   * are removed, and after the others are written one {@link StoreException} reports them.
   *
   * @param entries the entries to write
   * @return the entries replaced
   */
  @Override
  public Map<K, Stamped<V>> putAll(Map<K, Stamped<V>> entries) {
    record Write<K>(K key, byte[] keyBytes, byte[] redisKey, byte[] bytes, SetParams params) {}
    List<Write<K>> writes = new ArrayList<>(entries.size());
    List<K> tooLarge = new ArrayList<>(0);
    List<K> expired = new ArrayList<>(0);
    entries.forEach((key, entry) -> {
      byte[] keyBytes = keyCodec.encode(key);
      byte[] bytes = encode(key, keyBytes, entry);
      long ttl = ttlMillis(entry);
      if (bytes == null) {
        tooLarge.add(key);
      } else if (ttl == 0) {
        expired.add(key);
      } else {
        writes.add(new Write<>(key, keyBytes, keys.entryKey(keyBytes), bytes,
            ttl > 0 ? SetParams.setParams().px(ttl) : SetParams.setParams()));
      }
    });
    Map<K, Stamped<V>> replaced = new LinkedHashMap<>();
    if (!writes.isEmpty()) {
      List<byte[]> olds = guard.call("putAll", () -> {
        List<Response<byte[]>> responses = new ArrayList<>(writes.size());
        try (AbstractPipeline pipeline = client.pipelined()) {
          for (Write<K> write : writes) {
            responses.add(pipeline.setGet(write.redisKey(), write.bytes(), write.params()));
          }
          pipeline.sync();
        }
        List<byte[]> answers = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
          try {
            answers.add(responses.get(i).get());
          } catch (JedisDataException e) {
            if (!isWrongType(e)) {
              throw e;
            }
            Write<K> write = writes.get(i); // another client's list or hash under our key: ours now
            client.unlink(write.redisKey());
            client.set(write.redisKey(), write.bytes(), write.params());
            answers.add(null);
          }
        }
        return answers;
      });
      for (int i = 0; i < writes.size(); i++) {
        Stamped<V> old = decodeQuietly(writes.get(i).keyBytes(), olds.get(i));
        if (old != null) {
          replaced.put(writes.get(i).key(), old);
        }
      }
    }
    for (K key : expired) {
      Stamped<V> old = remove(key);
      if (old != null) {
        replaced.put(key, old);
      }
    }
    if (!tooLarge.isEmpty()) {
      tooLarge.forEach(this::remove);
      throw oversized(tooLarge.get(0), null);
    }
    return replaced;
  }

  @Override
  public boolean replace(K key, Stamped<V> expected, Stamped<V> entry) {
    byte[] keyBytes = keyCodec.encode(key);
    byte[] redisKey = keys.entryKey(keyBytes);
    byte[] bytes = encode(key, keyBytes, entry);
    if (bytes == null) {
      remove(key, expected);
      throw oversized(key, null);
    }
    long ttl = ttlMillis(entry);
    if (ttl == 0) {
      remove(key, expected);
      return true;
    }
    byte[] ttlArg = Long.toString(Math.max(ttl, 0)).getBytes(StandardCharsets.US_ASCII);
    long replaced = guard.call("replace", () -> RedisScripts.REPLACE_IF_SAME_WRITE.run(client, redisKey,
        RedisEntry.writeIdBytes(expected.writeId()), bytes, ttlArg));
    return replaced == 1;
  }

  @Override
  public Stamped<V> remove(K key) {
    byte[] keyBytes = keyCodec.encode(key);
    byte[] redisKey = keys.entryKey(keyBytes);
    byte[] old = guard.call("remove", () -> {
      try {
        return client.getDel(redisKey);
      } catch (JedisDataException e) {
        if (!isWrongType(e)) {
          throw e;
        }
        client.unlink(redisKey);
        return null;
      }
    });
    return decodeQuietly(keyBytes, old);
  }

  @Override
  public boolean remove(K key, Stamped<V> expected) {
    byte[] redisKey = keys.entryKey(keyCodec.encode(key));
    long removed = guard.call("remove", () -> RedisScripts.REMOVE_IF_SAME_WRITE.run(client, redisKey,
        RedisEntry.writeIdBytes(expected.writeId())));
    return removed == 1;
  }

  /** Deletes this cache's keys: {@code SCAN MATCH <prefix>*} and {@code UNLINK}, on every master. */
  @Override
  public void clear() {
    guard.call("clear", () -> {
      for (Node node : masters()) {
        node.run(jedis -> {
          scanAll(jedis, batch -> {
            for (byte[][] sameSlot : bySlot(batch)) {
              jedis.unlink(sameSlot);
            }
          });
          return null;
        });
      }
      return null;
    });
  }

  /** {@code UNLINK} takes several keys only within one slot on Cluster; standalone, one batch is one group. */
  private List<byte[][]> bySlot(List<byte[]> batch) {
    if (!cluster) {
      List<byte[][]> one = new ArrayList<>(1);
      one.add(batch.toArray(byte[][]::new));
      return one;
    }
    Map<Integer, List<byte[]>> groups = new TreeMap<>();
    for (byte[] key : batch) {
      groups.computeIfAbsent(JedisClusterCRC16.getSlot(key), slot -> new ArrayList<>()).add(key);
    }
    return groups.values().stream().map(group -> group.toArray(byte[][]::new)).toList();
  }

  private void scanAll(KeyBinaryCommands jedis, Consumer<List<byte[]>> batches) {
    ScanParams params = new ScanParams().match(keys.pattern()).count(SCAN_BATCH);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> page = jedis.scan(cursor, params);
      if (!page.getResult().isEmpty()) {
        batches.accept(page.getResult());
      }
      cursor = page.getCursorAsBytes();
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
  }

  /**
   * Counts this cache's keys with {@code SCAN} on every master: a full pass over the database, O(all keys), not
   * just this cache's. Expired entries that Redis has not dropped yet are counted. Returns 0 when Redis cannot be
   * asked (fail-open) — the failure is counted by the circuit breaker only.
   */
  @Override
  public long estimatedSize() {
    try {
      return guard.call("estimatedSize", () -> {
        long[] count = {0};
        for (Node node : masters()) {
          node.run(jedis -> {
            scanAll(jedis, batch -> count[0] += batch.size());
            return null;
          });
        }
        return count[0];
      });
    } catch (StoreException e) {
      return 0;
    }
  }

  @Override
  public Iterator<Map.Entry<K, Stamped<V>>> iterator() {
    List<Node> nodes = guard.call("iterator", this::masters);
    return new ScanIterator(nodes);
  }

  @Override
  public void cleanUp() {
    // Redis drops expired keys itself; nothing is pending here.
  }

  @Override
  public LoadLease<V> beginLoad(K key) {
    return singleFlight == null ? LoadLease.none() : singleFlight.begin(key);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (singleFlight != null) {
      singleFlight.close();
    }
    if (ownsClient) {
      try {
        client.close();
      } catch (RuntimeException e) {
        // closing a client whose server is gone can fail; nothing is left to release
      }
    }
  }

  @Override
  public String toString() {
    return label;
  }

  // ---- encoding --------------------------------------------------------------------------------------------------

  /** The entry's bytes, or {@code null} if the encoded value is over the size limit. */
  private byte[] encode(K key, byte[] keyBytes, Stamped<V> entry) {
    byte[] valueBytes;
    if (entry.isAbsent()) {
      valueBytes = EMPTY;
    } else {
      try {
        valueBytes = valueCodec.encode(entry.value());
      } catch (IllegalArgumentException e) {
        throw new StoreException(label + ": cannot store the value for key " + key + ": " + e.getMessage(), e);
      }
    }
    if (valueBytes.length > maximumValueBytes) {
      return null;
    }
    byte[] keyField = RedisKeys.isRaw(keyBytes) ? EMPTY : keyBytes;
    return new RedisEntry(entry.isAbsent(), entry.writeId(), entry.writeTime(), entry.writeLifetime(),
        entry.touchTime(), entry.touchLifetime(), entry.loadNanos(), keyField, valueBytes).toBytes();
  }

  private StoreException oversized(K key, Stamped<V> removed) {
    String message = label + ": the value for key " + key + " is larger than maximumValueBytes ("
        + maximumValueBytes + "), so it was not stored" + (removed == null ? "" : " and the entry it would have "
        + "replaced was removed");
    if (oversizeLogged.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, message + " (logged once per cache; later ones are counted as store "
          + "errors)");
    }
    return new StoreException(message, null);
  }

  /**
   * The TTL to give Redis: what is left of the entry's lifetime at its latest time (its write or last touch, which
   * is when the cache hands it over). {@code -1} for none (it never expires, or not within decades), {@code 0} if
   * it has already expired. Rounded up, so Redis never drops an entry before the cache would expire it.
   */
  static long ttlMillis(Stamped<?> entry) {
    if (!entry.expires()) {
      return -1;
    }
    long remaining = entry.remaining(Math.max(entry.writeTime(), entry.touchTime()));
    if (remaining <= 0) {
      return 0;
    }
    long millis = remaining / 1_000_000 + (remaining % 1_000_000 == 0 ? 0 : 1);
    return millis > MAX_TTL_MILLIS ? -1 : millis;
  }

  /** Decodes what {@code GET} returned; deletes and reports what does not decode. */
  private Stamped<V> decode(K key, byte[] keyBytes, byte[] redisKey, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes == WRONG_TYPE) {
      throw new StoreException(label + ": the Redis key for " + key + " held another Redis type (not a string, "
          + "so not written by cachelab); it was deleted", null);
    }
    try {
      return parse(keyBytes, bytes);
    } catch (RuntimeException e) { // CodecException, or whatever a user codec throws
      deleteIfUnchanged(redisKey, bytes);
      throw new StoreException(label + ": the entry for key " + key + " does not decode, so it was deleted ("
          + e.getMessage() + ")", e);
    }
  }

  private Stamped<V> parse(byte[] keyBytes, byte[] bytes) {
    RedisEntry entry = RedisEntry.parse(bytes);
    byte[] expectedKey = RedisKeys.isRaw(keyBytes) ? EMPTY : keyBytes;
    if (!Arrays.equals(entry.key(), expectedKey)) {
      throw new CodecException("the entry names another key");
    }
    V value = entry.absent() ? null : valueCodec.decode(entry.value());
    return Stamped.restore(value, entry.writeId(), entry.writeTime(), entry.writeLifetime(), entry.touchTime(),
        entry.touchLifetime(), entry.loadNanos());
  }

  /** Decodes a replaced or removed entry for the cache's notification; one that does not decode reports nothing. */
  private Stamped<V> decodeQuietly(byte[] keyBytes, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return parse(keyBytes, bytes);
    } catch (RuntimeException e) { // CodecException, or whatever a user codec throws
      return null;
    }
  }

  private void deleteIfUnchanged(byte[] redisKey, byte[] bytes) {
    try {
      guard.call("delete an undecodable entry", () -> RedisScripts.REMOVE_IF_BYTES.run(client, redisKey, bytes));
    } catch (RuntimeException e) {
      // the next read tries again
    }
  }

  private static boolean isWrongType(JedisDataException e) {
    return String.valueOf(e.getMessage()).startsWith("WRONGTYPE");
  }

  // ---- nodes and scans -------------------------------------------------------------------------------------------

  /** A server to scan: the standalone one, or one Cluster master. */
  private interface Node {
    <T> T run(Function<KeyBinaryCommands, T> work);
  }

  /** The standalone server, or every node of the Cluster that says it is a master now. */
  private List<Node> masters() {
    if (!cluster) {
      return List.of(new Node() {
        @Override
        public <T> T run(Function<KeyBinaryCommands, T> work) {
          return work.apply(client);
        }
      });
    }
    List<Node> masters = new ArrayList<>();
    JedisException unreachable = null;
    for (ConnectionPool pool : ((RedisClusterClient) client).getClusterNodes().values()) {
      try (Connection connection = pool.getResource()) {
        Jedis jedis = new Jedis(connection);
        if (isMaster(jedis.role())) {
          masters.add(new Node() {
            @Override
            public <T> T run(Function<KeyBinaryCommands, T> work) {
              try (Connection own = pool.getResource()) {
                return work.apply(new Jedis(own));
              }
            }
          });
        }
      } catch (JedisException e) {
        unreachable = e; // a failed node: its replica has taken over (listed too) or the cluster is down
      }
    }
    if (masters.isEmpty() && unreachable != null) {
      throw unreachable;
    }
    return masters;
  }

  private static boolean isMaster(List<Object> role) {
    Object first = role.isEmpty() ? null : role.get(0);
    String name = first instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(first);
    return name.equals("master");
  }

  /** Iterates this cache's entries: a {@code SCAN} page per master at a time, each page read with {@code MGET}. */
  private final class ScanIterator implements Iterator<Map.Entry<K, Stamped<V>>> {
    private final Deque<Node> nodes;
    private final Deque<Map.Entry<K, Stamped<V>>> ready = new ArrayDeque<>();
    private byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;

    ScanIterator(List<Node> nodes) {
      this.nodes = new ArrayDeque<>(nodes);
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !nodes.isEmpty()) {
        fetchPage();
      }
      return !ready.isEmpty();
    }

    @Override
    public Map.Entry<K, Stamped<V>> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private void fetchPage() {
      Node node = nodes.peek();
      ScanParams params = new ScanParams().match(keys.pattern()).count(SCAN_BATCH);
      ScanResult<byte[]> page;
      try {
        page = guard.call("iterate", () -> node.run(jedis -> jedis.scan(cursor, params)));
      } catch (RuntimeException e) {
        // A weakly consistent view may end early: a node that fails mid-scan is skipped (and counted by the
        // breaker) rather than failing the caller's iteration.
        nextNode();
        return;
      }
      cursor = page.getCursorAsBytes();
      if (Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY)) {
        nextNode();
      }
      List<byte[]> redisKeys = page.getResult();
      if (redisKeys.isEmpty()) {
        return;
      }
      byte[][] values;
      try {
        values = guard.call("iterate", () -> multiGet(redisKeys.toArray(byte[][]::new)));
      } catch (RuntimeException e) {
        return;
      }
      for (int i = 0; i < values.length; i++) {
        Map.Entry<K, Stamped<V>> entry = entryOf(redisKeys.get(i), values[i]);
        if (entry != null) {
          ready.add(entry);
        }
      }
    }

    private void nextNode() {
      nodes.poll();
      cursor = ScanParams.SCAN_POINTER_START_BINARY;
    }

    /** The key and entry of one scanned Redis key; {@code null} if it vanished or does not decode (deleted). */
    private Map.Entry<K, Stamped<V>> entryOf(byte[] redisKey, byte[] bytes) {
      if (bytes == null) {
        return null;
      }
      try {
        byte[] keyBytes = keys.rawKeyBytes(redisKey);
        if (keyBytes == null) {
          keyBytes = RedisEntry.parse(bytes).key();
          if (!Arrays.equals(keys.entryKey(keyBytes), redisKey)) {
            throw new CodecException("the entry names another key");
          }
        }
        return new AbstractMap.SimpleImmutableEntry<>(keyCodec.decode(keyBytes), parse(keyBytes, bytes));
      } catch (RuntimeException e) { // CodecException, or whatever a user codec throws
        deleteIfUnchanged(redisKey, bytes);
        return null;
      }
    }
  }
}
