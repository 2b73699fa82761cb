package dev.cachelab.redis;

import dev.cachelab.Ticker;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Creates near-cache stores: a bounded in-process L1 in front of the Redis store of a {@link RedisStoreFactory},
 * invalidated by Redis itself (server-assisted client tracking, {@code CLIENT TRACKING ON BCAST PREFIX}, Redis 6 or
 * later, one server or a Cluster). Get one from {@link RedisStores#nearCache(RedisStoreFactory)}; each refinement
 * returns a new factory and may be set once.
 *
 * <pre>{@code
 * Cache<String, Profile> profiles = CacheBuilder.newBuilder()
 *     .name("profiles")
 *     .store(RedisStores.nearCache(RedisStores.redis("redis://cache.internal:6379"))
 *         .maximumSize(50_000)
 *         .timeToLive(Duration.ofSeconds(10)))
 *     .expireAfterWrite(Duration.ofMinutes(10))
 *     .build();
 * }</pre>
 *
 * <p><b>The promise.</b> Once Redis has told this process of a write (typically well under a millisecond after it),
 * L1 never serves the value the write replaced; if that news is lost, L1 serves nothing it read before the loss once
 * the loss is noticed (a broken connection at once, a silent one within two {@linkplain #healthCheck(Duration)
 * health-check intervals}), and no L1 copy ever lives longer than {@linkplain #timeToLive(Duration) its time to
 * live}.
 *
 * <p><b>When Redis is unreachable</b> the Redis store's rules apply (fail-open by default: a counted miss), and L1
 * stops serving, since it can no longer hear of writes. {@link #serveWhileDisconnected()} lets L1 go on serving
 * what it holds, each copy at most its time to live, for applications that prefer slightly stale data to a
 * stampede on their database.
 *
 * <p><b>Connections.</b> Each cache opens one RESP3 connection per Redis master for its invalidations, besides the
 * Redis store's own client. They use the credentials and TLS of the Redis URI, or {@link #credentials(String,
 * String)} when the Redis store was given a client.
 *
 * <p>Immutable and thread-safe (its {@link #stats()} reads the live counters of the stores it created).
 */
public final class NearCacheStoreFactory implements StoreFactory {

  static final long DEFAULT_MAXIMUM_SIZE = 10_000;
  static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(10);
  static final Duration DEFAULT_HEALTH_CHECK = Duration.ofSeconds(1);

  private final RedisStoreFactory redis;
  private final long maximumSize;
  private final Duration timeToLive;
  private final Ticker ticker;
  private final Duration healthCheck;
  private final boolean serveWhileDisconnected;
  private final String user;
  private final String password;
  private final List<NearCacheStats.Counters> counters = new CopyOnWriteArrayList<>();
  private final List<NearCacheStore<?, ?>> live = new CopyOnWriteArrayList<>();

  private NearCacheStoreFactory(RedisStoreFactory redis, long maximumSize, Duration timeToLive, Ticker ticker,
      Duration healthCheck, boolean serveWhileDisconnected, String user, String password) {
    this.redis = redis;
    this.maximumSize = maximumSize;
    this.timeToLive = timeToLive;
    this.ticker = ticker;
    this.healthCheck = healthCheck;
    this.serveWhileDisconnected = serveWhileDisconnected;
    this.user = user;
    this.password = password;
  }

  static NearCacheStoreFactory over(RedisStoreFactory redis) {
    return new NearCacheStoreFactory(redis, -1, null, null, null, false, null, null);
  }

  /**
   * Returns a factory like this one whose L1 holds at most {@code size} entries per cache (default
   * {@value #DEFAULT_MAXIMUM_SIZE}); Caffeine picks what to evict. L1 evictions are not removals from the cache.
   *
   * @param size the bound
   * @return a new factory
   * @throws IllegalArgumentException if {@code size} is not positive
   * @throws IllegalStateException if it was already set
   */
  public NearCacheStoreFactory maximumSize(long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("maximumSize must be positive: " + size);
    }
    requireUnset(maximumSize == -1, "maximumSize", maximumSize);
    return new NearCacheStoreFactory(redis, size, timeToLive, ticker, healthCheck, serveWhileDisconnected, user,
        password);
  }

  /**
   * Returns a factory like this one whose L1 copies live at most {@code ttl} after they were read from Redis
   * (default 10 s): the bound on staleness should an invalidation ever be lost unnoticed.
   *
   * @param ttl the L1 time to live
   * @return a new factory
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if it is not positive
   * @throws IllegalStateException if it was already set
   */
  public NearCacheStoreFactory timeToLive(Duration ttl) {
    Objects.requireNonNull(ttl, "timeToLive");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("timeToLive must be positive: " + ttl);
    }
    requireUnset(timeToLive == null, "timeToLive", timeToLive);
    return new NearCacheStoreFactory(redis, maximumSize, ttl, ticker, healthCheck, serveWhileDisconnected, user,
        password);
  }

  /**
   * Returns a factory like this one whose L1 reads {@code ticker} for its time to live (default
   * {@link Ticker#system()}); tests pass a fake one.
   *
   * @param ticker the L1 clock
   * @return a new factory
   * @throws NullPointerException if {@code ticker} is null
   * @throws IllegalStateException if it was already set
   */
  public NearCacheStoreFactory ticker(Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    requireUnset(this.ticker == null, "ticker", this.ticker);
    return new NearCacheStoreFactory(redis, maximumSize, timeToLive, ticker, healthCheck, serveWhileDisconnected,
        user, password);
  }

  /**
   * Returns a factory like this one that sends {@code PING} on each invalidation connection every {@code interval}
   * (default 1 s) and stops trusting L1 when one has been silent for two intervals.
   *
   * @param interval the health-check interval
   * @return a new factory
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if it is shorter than 10 ms
   * @throws IllegalStateException if it was already set
   */
  public NearCacheStoreFactory healthCheck(Duration interval) {
    Objects.requireNonNull(interval, "healthCheck");
    if (interval.toMillis() < 10) {
      throw new IllegalArgumentException("healthCheck must be at least 10 ms: " + interval);
    }
    requireUnset(healthCheck == null, "healthCheck", healthCheck);
    return new NearCacheStoreFactory(redis, maximumSize, timeToLive, ticker, interval, serveWhileDisconnected,
        user, password);
  }

  /**
   * Returns a factory like this one whose L1 goes on serving what it holds while the invalidation stream is lost
   * (Redis unreachable), each copy until its time to live ends; off by default, when L1 serves nothing until Redis
   * tracks this process again.
   *
   * @return a new factory
   * @throws IllegalStateException if it was already set
   */
  public NearCacheStoreFactory serveWhileDisconnected() {
    requireUnset(!serveWhileDisconnected, "serveWhileDisconnected", true);
    return new NearCacheStoreFactory(redis, maximumSize, timeToLive, ticker, healthCheck, true, user, password);
  }

  /**
   * Returns a factory like this one whose invalidation connections authenticate as {@code user} (for a Redis store
   * given a client; a URI's credentials are used otherwise).
   *
   * @param user the ACL user, or {@code null} for {@code default}
   * @param password the password
   * @return a new factory
   * @throws NullPointerException if {@code password} is null
   * @throws IllegalStateException if credentials were already set
   */
  public NearCacheStoreFactory credentials(String user, String password) {
    Objects.requireNonNull(password, "password");
    requireUnset(this.password == null, "credentials", "(a user and password)");
    return new NearCacheStoreFactory(redis, maximumSize, timeToLive, ticker, healthCheck, serveWhileDisconnected,
        user, password);
  }

  /**
   * Returns the L1 counters of every cache this factory created, summed.
   *
   * @return a snapshot
   */
  public NearCacheStats stats() {
    NearCacheStats sum = new NearCacheStats(0, 0, 0, 0, 0, 0, 0, 0);
    for (NearCacheStats.Counters each : counters) {
      sum = sum.plus(each.snapshot());
    }
    return sum;
  }

  /** The same capabilities as the Redis store: shared and remote, no per-cache bound (L1's is its own). */
  @Override
  public Set<Capability> capabilities() {
    return redis.capabilities();
  }

  @Override
  public String boundAdvice() {
    return redis.boundAdvice() + "; the near cache's L1 has its own bound, NearCacheStoreFactory.maximumSize(n)";
  }

  /**
   * Creates the Redis store of one cache and the L1 in front of it, and starts tracking: it waits up to one
   * health-check interval for the invalidation connections, so a cache built while Redis is up starts with a
   * trusted L1, and one built while Redis is down starts anyway (L1 unused until tracking succeeds).
   *
   * @throws IllegalArgumentException if the Redis store's client is neither a {@code RedisClient} nor a
   *     {@code RedisClusterClient}
   */
  @Override
  public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
    RedisStore<K, V> store = (RedisStore<K, V>) redis.create(config);
    try {
      NearCacheStats.Counters mine = new NearCacheStats.Counters();
      NearCacheStore<K, V> near = new NearCacheStore<>(store, maximumSize == -1 ? DEFAULT_MAXIMUM_SIZE : maximumSize,
          timeToLive == null ? DEFAULT_TIME_TO_LIVE : timeToLive, ticker == null ? Ticker.system() : ticker,
          serveWhileDisconnected, settings(store.client()), mine, "near cache over " + store);
      near.onClose = () -> live.remove(near);
      counters.add(mine);
      live.add(near);
      return near;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private InvalidationStream.Settings settings(UnifiedJedis client) {
    List<InvalidationStream.Endpoint> seeds = new ArrayList<>();
    boolean cluster;
    if (client instanceof RedisClusterClient clusterClient) {
      cluster = true;
      for (String node : clusterClient.getClusterNodes().keySet()) {
        HostAndPort at = HostAndPort.from(node);
        seeds.add(new InvalidationStream.Endpoint(at.getHost(), at.getPort()));
      }
    } else if (client instanceof RedisClient standalone) {
      cluster = false;
      try (Connection connection = standalone.getPool().getResource()) {
        HostAndPort at = connection.getHostAndPort();
        seeds.add(new InvalidationStream.Endpoint(at.getHost(), at.getPort()));
      }
    } else {
      throw new IllegalArgumentException("the near cache tracks a RedisClient or a RedisClusterClient, not a "
          + client.getClass().getName());
    }
    URI uri = redis.uri();
    String tracksUser = user;
    String tracksPassword = password;
    boolean ssl = false;
    if (uri != null) {
      ssl = JedisURIHelper.isRedisSSLScheme(uri);
      if (tracksPassword == null) {
        tracksUser = JedisURIHelper.getUser(uri);
        tracksPassword = JedisURIHelper.getPassword(uri);
      }
    }
    return new InvalidationStream.Settings(cluster, List.copyOf(seeds), tracksUser, tracksPassword, ssl,
        healthCheck == null ? DEFAULT_HEALTH_CHECK : healthCheck, "cachelab-near-cache");
  }

  /** The stores created and not yet closed, for tests. */
  List<NearCacheStore<?, ?>> live() {
    return live;
  }

  private static void requireUnset(boolean unset, String setting, Object current) {
    if (!unset) {
      throw new IllegalStateException(setting + " was already set to " + current);
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("RedisStores.nearCache(").append(redis).append(')');
    if (maximumSize != -1) {
      s.append(".maximumSize(").append(maximumSize).append(')');
    }
    if (timeToLive != null) {
      s.append(".timeToLive(").append(timeToLive).append(')');
    }
    if (ticker != null) {
      s.append(".ticker(").append(ticker).append(')');
    }
    if (healthCheck != null) {
      s.append(".healthCheck(").append(healthCheck).append(')');
    }
    if (serveWhileDisconnected) {
      s.append(".serveWhileDisconnected()");
    }
    if (password != null) {
      s.append(".credentials(...)");
    }
    return s.toString();
  }
}
