package dev.cachelab.redis;

import dev.cachelab.codec.Codec;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreFactory;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Creates {@linkplain RedisStores Redis stores}: each entry of a cache in one Redis key,
 * {@code <namespace>:<cache name>:<encoded key>}. Get one from {@link RedisStores} and refine it with the methods
 * below, each of which returns a new factory (set each at most once).
 *
 * <p><b>Failure is a miss.</b> Every call is bounded by the client's timeouts ({@link #timeout(Duration)} for a
 * client made from a URI). When Redis fails — no answer in time, a broken connection, a Cluster without a master
 * for a slot — the call throws {@link dev.cachelab.store.StoreException}, and the cache counts it
 * ({@code storeErrorCount}), logs it at a bounded rate, and carries on as if the entry were absent: the caller gets
 * the loader's value. A {@link CircuitBreaker} (shared by every cache of this factory) opens after repeated failures
 * and then skips Redis without a round trip, probing it again after a pause. {@link #failClosed()} makes these
 * failures reach the caller as {@link RedisUnavailableException} instead. An entry that does not decode, or an
 * error reply such as {@code OOM}, is a counted miss in both modes.
 *
 * <p><b>Bounds.</b> Redis bounds memory for the whole server ({@code maxmemory} and a {@code maxmemory-policy} such
 * as {@code allkeys-lru}); a per-cache {@code maximumSize} or {@code maximumWeight} is refused by the cache builder.
 * {@link #maximumValueBytes(int)} keeps single large values out.
 *
 * <p><b>Time.</b> The store is shared: caches in different processes read each other's entries and agree on their
 * expiry and refresh, because entries carry wall-clock times (the cache's default ticker for a shared store). The
 * processes' clocks must agree within the precision you need: a clock that is {@code s} ahead sees entries expire
 * {@code s} early.
 *
 * <p><b>Codecs.</b> Keys default to {@link Codec#canonical(Class...)} and need a canonical codec; values default to
 * the same codec (strings, numbers, lists, sets, maps) — never Java serialization, which needs an explicit
 * allow-list ({@link Codec#javaSerialization(Class, Class...)}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RedisStoreFactory implements StoreFactory {

  static final String DEFAULT_NAMESPACE = "cachelab";
  static final int DEFAULT_MAXIMUM_VALUE_BYTES = 1 << 20;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  static final int DEFAULT_BREAKER_FAILURES = 5;
  static final Duration DEFAULT_BREAKER_OPEN = Duration.ofSeconds(1);
  private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

  private final UnifiedJedis client;
  private final URI uri;
  private final boolean cluster;
  private final Duration timeout;
  private final String clientName;
  private final String namespace;
  private final Codec<?> keyCodec;
  private final Codec<?> valueCodec;
  private final int maximumValueBytes;
  private final boolean failClosed;
  private final Duration lockLifetime;
  private final CircuitBreaker breaker;
  private final boolean breakerSet;

  private RedisStoreFactory(UnifiedJedis client, URI uri, boolean cluster, Duration timeout, String clientName,
      String namespace, Codec<?> keyCodec, Codec<?> valueCodec, int maximumValueBytes, boolean failClosed,
      Duration lockLifetime, CircuitBreaker breaker, boolean breakerSet) {
    this.client = client;
    this.uri = uri;
    this.cluster = cluster;
    this.timeout = timeout;
    this.clientName = clientName;
    this.namespace = namespace;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.maximumValueBytes = maximumValueBytes;
    this.failClosed = failClosed;
    this.lockLifetime = lockLifetime;
    this.breaker = breaker;
    this.breakerSet = breakerSet;
  }

  static RedisStoreFactory forClient(UnifiedJedis client) {
    return new RedisStoreFactory(client, null, client instanceof RedisClusterClient, null, null, null, null, null,
        -1, false, null, new CircuitBreaker(DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_OPEN), false);
  }

  static RedisStoreFactory forUri(URI uri) {
    return new RedisStoreFactory(null, uri, false, null, null, null, null, null, -1, false, null,
        new CircuitBreaker(DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_OPEN), false);
  }

  private RedisStoreFactory with(boolean cluster, Duration timeout, String clientName, String namespace,
      Codec<?> keyCodec, Codec<?> valueCodec, int maximumValueBytes, boolean failClosed, Duration lockLifetime,
      CircuitBreaker breaker, boolean breakerSet) {
    return new RedisStoreFactory(client, uri, cluster, timeout, clientName, namespace, keyCodec, valueCodec,
        maximumValueBytes, failClosed, lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose keys start with {@code namespace} (default {@code cachelab}), so that
   * several applications can share one Redis without meeting.
   *
   * @param namespace a non-blank name; characters outside {@code [A-Za-z0-9._-]} are percent-encoded in keys
   * @return a new factory
   * @throws NullPointerException if {@code namespace} is null
   * @throws IllegalArgumentException if it is blank
   * @throws IllegalStateException if a namespace was already set
   */
  public RedisStoreFactory namespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isBlank()) {
      throw new IllegalArgumentException("namespace must not be blank: '" + namespace + "'");
    }
    requireUnset(this.namespace == null, "namespace", this.namespace);
    return with(cluster, timeout, clientName, namespace, keyCodec, valueCodec, maximumValueBytes, failClosed,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose stores encode keys with {@code codec}; {@link Codec#string()} gives
   * readable Redis keys for string keys.
   *
   * @param codec a canonical codec for the cache's keys
   * @return a new factory
   * @throws NullPointerException if {@code codec} is null
   * @throws IllegalArgumentException if {@code codec} is not canonical
   * @throws IllegalStateException if a key codec was already set
   */
  public RedisStoreFactory keyCodec(Codec<?> codec) {
    Objects.requireNonNull(codec, "keyCodec");
    if (!codec.isCanonical()) {
      throw new IllegalArgumentException("keyCodec must be canonical (equal keys, equal bytes), and " + codec
          + " is not; use Codec.canonical(...), Codec.string() or Codec.bytes() for keys");
    }
    requireUnset(keyCodec == null, "keyCodec", keyCodec);
    return with(cluster, timeout, clientName, namespace, codec, valueCodec, maximumValueBytes, failClosed,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose stores encode values with {@code codec}.
   *
   * @param codec a codec for the cache's values
   * @return a new factory
   * @throws NullPointerException if {@code codec} is null
   * @throws IllegalStateException if a value codec was already set
   */
  public RedisStoreFactory valueCodec(Codec<?> codec) {
    Objects.requireNonNull(codec, "valueCodec");
    requireUnset(valueCodec == null, "valueCodec", valueCodec);
    return with(cluster, timeout, clientName, namespace, keyCodec, codec, maximumValueBytes, failClosed,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose stores refuse values whose encoding is larger than {@code bytes}
   * (default 1 MiB): such a value is not stored, the entry it would replace is removed, and the cache counts a
   * store error (the first one is also logged).
   *
   * @param bytes the largest encoded value to store
   * @return a new factory
   * @throws IllegalArgumentException if {@code bytes} is not positive
   * @throws IllegalStateException if it was already set
   */
  public RedisStoreFactory maximumValueBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maximumValueBytes must be positive: " + bytes);
    }
    requireUnset(maximumValueBytes == -1, "maximumValueBytes", maximumValueBytes);
    return with(cluster, timeout, clientName, namespace, keyCodec, valueCodec, bytes, failClosed, lockLifetime,
        breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose Redis failures reach the caller as {@link RedisUnavailableException},
   * for applications that would rather fail than send every request to their database while Redis is down.
   *
   * @return a new factory
   * @throws IllegalStateException if it was already set
   */
  public RedisStoreFactory failClosed() {
    requireUnset(!failClosed, "failClosed", true);
    return with(cluster, timeout, clientName, namespace, keyCodec, valueCodec, maximumValueBytes, true,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose caches load each key once across processes: a load (or refresh) first
   * takes a per-key lock in Redis that lives {@code lockLifetime} and is extended while the load runs; the other
   * processes wait for its value, at most one lock lifetime, then load by themselves. If Redis cannot be asked, the
   * load runs locally.
   *
   * @param lockLifetime how long a lock outlives a process that died holding it; longer than a typical load
   * @return a new factory
   * @throws NullPointerException if {@code lockLifetime} is null
   * @throws IllegalArgumentException if it is shorter than 10 ms
   * @throws IllegalStateException if it was already set
   */
  public RedisStoreFactory distributedSingleFlight(Duration lockLifetime) {
    Objects.requireNonNull(lockLifetime, "lockLifetime");
    if (lockLifetime.toMillis() < 10) {
      throw new IllegalArgumentException("lockLifetime must be at least 10 ms: " + lockLifetime);
    }
    requireUnset(this.lockLifetime == null, "distributedSingleFlight", this.lockLifetime);
    return with(cluster, timeout, clientName, namespace, keyCodec, valueCodec, maximumValueBytes, failClosed,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one with a new circuit breaker: it opens after {@code failures} failed calls in a
   * row and probes Redis again after {@code openFor} (defaults: 5 and 1 s).
   *
   * @param failures failures in a row that open the breaker
   * @param openFor how long calls skip Redis before one probes it
   * @return a new factory
   * @throws NullPointerException if {@code openFor} is null
   * @throws IllegalArgumentException if {@code failures} is less than 1 or {@code openFor} is not positive
   * @throws IllegalStateException if it was already set
   */
  public RedisStoreFactory circuitBreaker(int failures, Duration openFor) {
    requireUnset(!breakerSet, "circuitBreaker", breaker);
    return with(cluster, timeout, clientName, namespace, keyCodec, valueCodec, maximumValueBytes, failClosed,
        lockLifetime, new CircuitBreaker(failures, openFor), true);
  }

  /**
   * Returns the circuit breaker that the stores of this factory share, to watch its state.
   *
   * @return the breaker
   */
  public CircuitBreaker circuitBreaker() {
    return breaker;
  }

  /**
   * Returns a factory like this one whose clients (made from the URI) treat it as one node of a Redis Cluster and
   * discover the others.
   *
   * @return a new factory
   * @throws IllegalStateException if the factory was given a client, or it was already set
   */
  public RedisStoreFactory cluster() {
    requireUri("cluster()");
    requireUnset(!cluster, "cluster", true);
    return with(true, timeout, clientName, namespace, keyCodec, valueCodec, maximumValueBytes, failClosed,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose clients (made from the URI) wait at most {@code timeout} to connect, for
   * a reply, and for a pooled connection (default 1 s).
   *
   * @param timeout the bound on each wait
   * @return a new factory
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if it is shorter than 1 ms or longer than 24 days
   * @throws IllegalStateException if the factory was given a client, or it was already set
   */
  public RedisStoreFactory timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    requireUri("timeout(" + timeout + ")");
    if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeout must be between 1 ms and 24 days: " + timeout);
    }
    requireUnset(this.timeout == null, "timeout", this.timeout);
    return with(cluster, timeout, clientName, namespace, keyCodec, valueCodec, maximumValueBytes, failClosed,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns a factory like this one whose clients (made from the URI) name their connections {@code name}
   * ({@code CLIENT SETNAME}), as {@code CLIENT LIST} shows them.
   *
   * @param name the client name, without spaces
   * @return a new factory
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if it is blank or contains whitespace
   * @throws IllegalStateException if the factory was given a client, or it was already set
   */
  public RedisStoreFactory clientName(String name) {
    Objects.requireNonNull(name, "clientName");
    requireUri("clientName(" + name + ")");
    if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("clientName must be non-blank without whitespace: '" + name + "'");
    }
    requireUnset(clientName == null, "clientName", clientName);
    return with(cluster, timeout, name, namespace, keyCodec, valueCodec, maximumValueBytes, failClosed,
        lockLifetime, breaker, breakerSet);
  }

  /**
   * Returns what a Redis store can do: it is {@link Capability#SHARED shared} (other processes see its entries) and
   * {@link Capability#REMOTE remote} (each call is a round trip). It bounds neither size nor weight: Redis bounds
   * memory server-wide with {@code maxmemory} and its {@code maxmemory-policy}.
   */
  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SHARED, Capability.REMOTE);
  }

  /** Redis bounds memory for the whole server: the builder's refusal of a per-cache bound says how. */
  @Override
  public String boundAdvice() {
    return "Redis bounds memory for the whole server: set maxmemory and a maxmemory-policy such as allkeys-lru "
        + "(or volatile-lru, which evicts only keys with a TTL) on the server, and drop the cache's bound";
  }

  /**
   * Creates the store of one cache; a factory made from a URI creates its client here (the store closes it).
   *
   * @throws IllegalStateException if a bound was asked for (the builder refuses it first), or a Cluster client
   *     cannot reach any node to learn the slots
   */
  @Override
  public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
    if (config.bounded()) {
      throw new IllegalStateException(this + " cannot bound a cache (maximumSize " + config.maximumSize()
          + ", maximumWeight " + config.maximumWeight() + "): Redis bounds memory for the whole server. Set "
          + "maxmemory and a maxmemory-policy such as allkeys-lru on the server, and drop the bound");
    }
    String label = toString() + " for cache '" + config.cacheName() + "'";
    RedisKeys keys = new RedisKeys(namespace == null ? DEFAULT_NAMESPACE : namespace, config.cacheName());
    UnifiedJedis storeClient = client != null ? client : newClient();
    return new RedisStore<>(storeClient, client == null, keys,
        keyCodec == null ? Codec.canonical() : keyCodec,
        valueCodec == null ? Codec.canonical() : valueCodec,
        maximumValueBytes == -1 ? DEFAULT_MAXIMUM_VALUE_BYTES : maximumValueBytes,
        new RedisGuard(breaker, failClosed, label), lockLifetime, label);
  }

  private UnifiedJedis newClient() {
    int millis = (int) (timeout == null ? DEFAULT_TIMEOUT : timeout).toMillis();
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis)
        .socketTimeoutMillis(millis)
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri))
        .clientName(clientName);
    if (JedisURIHelper.hasDbIndex(uri)) {
      config.database(JedisURIHelper.getDBIndex(uri));
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxWait(Duration.ofMillis(millis));
    pool.setBlockWhenExhausted(true);
    HostAndPort node = new HostAndPort(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
    if (!cluster) {
      return RedisClient.builder().hostAndPort(node).clientConfig(config.build()).poolConfig(pool).build();
    }
    try {
      return RedisClusterClient.builder().nodes(Set.of(node)).clientConfig(config.build()).poolConfig(pool)
          .maxAttempts(2).maxTotalRetriesDuration(Duration.ofMillis(2L * millis)).build();
    } catch (RuntimeException e) {
      throw new IllegalStateException(this + ": cannot reach the Redis Cluster at " + node + " to learn its slots ("
          + e.getMessage() + ")", e);
    }
  }

  /** The URI this factory was made from, or {@code null} when it was given a client: the near cache's credentials. */
  URI uri() {
    return uri;
  }

  private void requireUri(String setting) {
    if (uri == null) {
      throw new IllegalStateException(setting + " configures a client made from a URI, and this factory was given "
          + "a client; configure that client instead");
    }
  }

  private static void requireUnset(boolean unset, String setting, Object current) {
    if (!unset) {
      throw new IllegalStateException(setting + " was already set to " + current);
    }
  }

  /** A URI without its user information (user and password), to quote in messages. */
  static String redact(String uri) {
    return USER_INFO.matcher(uri).replaceFirst("//***@");
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("RedisStores.redis(");
    if (client != null) {
      s.append(client instanceof RedisClusterClient ? "<RedisClusterClient>" : "<" + client.getClass().getSimpleName()
          + ">");
    } else {
      s.append('"').append(redact(uri.toString())).append('"');
    }
    s.append(')');
    if (uri != null && cluster) {
      s.append(".cluster()");
    }
    if (namespace != null) {
      s.append(".namespace(\"").append(namespace).append("\")");
    }
    if (keyCodec != null) {
      s.append(".keyCodec(").append(keyCodec).append(')');
    }
    if (valueCodec != null) {
      s.append(".valueCodec(").append(valueCodec).append(')');
    }
    if (maximumValueBytes != -1) {
      s.append(".maximumValueBytes(").append(maximumValueBytes).append(')');
    }
    if (timeout != null) {
      s.append(".timeout(").append(timeout).append(')');
    }
    if (clientName != null) {
      s.append(".clientName(\"").append(clientName).append("\")");
    }
    if (failClosed) {
      s.append(".failClosed()");
    }
    if (lockLifetime != null) {
      s.append(".distributedSingleFlight(").append(lockLifetime).append(')');
    }
    if (breakerSet) {
      s.append(".circuitBreaker(...)");
    }
    return s.toString();
  }
}
