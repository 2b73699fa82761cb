package dev.cachelab.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.contract.FakeTicker;
import dev.cachelab.contract.Threads;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the TCK does not cover: the cachelab configuration (store, bound, policy, ticker), the copiers, the expiry
 * mapping onto the store, and the provider's registration.
 */
class CachelabJCacheTest {

  private final CachingProvider provider = Caching.getCachingProvider(CachelabCachingProvider.class.getName());
  private final CacheManager manager = provider.getCacheManager();
  private final FakeTicker ticker = new FakeTicker();

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void theProvider_isRegisteredWithTheServiceLoader() {
    List<String> providers = new ArrayList<>();
    ServiceLoader.load(CachingProvider.class).forEach(p -> providers.add(p.getClass().getName()));
    assertTrue(providers.contains(CachelabCachingProvider.class.getName()), providers.toString());
  }

  @Test
  void cachelabConfiguration_picksTheStoreTheBoundAndThePolicy() {
    Cache<Integer, String> cache = manager.createCache("bounded", new CachelabConfiguration<Integer, String>()
        .setStore(Stores.inMemory()).setMaximumSize(2).setEvictionPolicy(EvictionPolicy.fifo())
        .setTypes(Integer.class, String.class).setStatisticsEnabled(true));
    for (int i = 1; i <= 3; i++) {
      cache.put(i, "v" + i);
    }
    JCacheCache<Integer, String> jcache = cache.unwrap(JCacheCache.class);
    jcache.store().cleanUp();
    assertNull(cache.get(1), "FIFO evicted the first key in");
    assertEquals("v3", cache.get(3));
    // the store reports its evictions through the cache's executor, so the count arrives from another thread
    Threads.awaitCondition(() -> jcache.statistics().getCacheEvictions() == 1, Duration.ofSeconds(10),
        "an eviction by the bound counted in CacheEvictions");
    CachelabConfiguration<?, ?> configuration = cache.getConfiguration(CachelabConfiguration.class);
    assertEquals(2, configuration.getMaximumSize());
    assertSame(Stores.inMemory(), configuration.getStore());
  }

  @Test
  void onTheCaffeineStore_theSameOperationsHold() {
    Cache<String, Integer> cache = manager.createCache("caffeine", new CachelabConfiguration<String, Integer>()
        .setStore(Stores.caffeine()).setMaximumSize(100));
    cache.put("a", 1);
    Integer incremented = cache.invoke("a", (entry, args) -> {
      entry.setValue(entry.getValue() + 1);
      return entry.getValue();
    });
    assertEquals(2, incremented);
    assertTrue(cache.replace("a", 2, 3));
    assertEquals(3, cache.getAndRemove("a"));
    assertNull(cache.get("a"));
  }

  @Test
  void aPlainMutableConfiguration_getsTheDefaults() {
    Cache<String, String> cache = manager.createCache("plain", new MutableConfiguration<String, String>());
    CachelabConfiguration<?, ?> configuration = cache.getConfiguration(CachelabConfiguration.class);
    assertEquals(CachelabConfiguration.UNBOUNDED, configuration.getMaximumSize());
    assertSame(Copier.serializing(), configuration.getCopier());
    assertTrue(configuration.isStoreByValue(), "JCache's default");
  }

  @Test
  void storeByValue_copiesMutableValues_andPassesImmutableOnesThrough() {
    Cache<String, ArrayList<String>> lists = manager.createCache("lists", new MutableConfiguration<>());
    ArrayList<String> value = new ArrayList<>(List.of("a"));
    lists.put("k", value);
    value.add("changed after put");
    assertEquals(List.of("a"), lists.get("k"));
    lists.get("k").add("changed after get");
    assertEquals(List.of("a"), lists.get("k"));
    assertNotSame(lists.get("k"), lists.get("k"));

    Cache<String, String> strings = manager.createCache("strings", new MutableConfiguration<>());
    String text = new String("immutable");
    strings.put("k", text);
    assertSame(text, strings.get("k"), "a String cannot change, so the default copier does not copy it");
  }

  @Test
  void aNonSerializableValue_isRefused_withWhatToDo() {
    Cache<String, Object> cache = manager.createCache("objects", new MutableConfiguration<>());
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> cache.put("k", new Object()));
    assertTrue(thrown.getMessage().contains("not Serializable") && thrown.getMessage().contains("setCopier"),
        thrown.getMessage());

    Cache<String, Object> byIdentity = manager.createCache("identity",
        new CachelabConfiguration<String, Object>().setCopier(Copier.identity()));
    Object value = new Object();
    byIdentity.put("k", value);
    assertSame(value, byIdentity.get("k"), "the identity copier keeps references");
  }

  @Test
  void creationExpiry_runsOnTheConfiguredTicker_andReportsTheExpiryBeforeTheReadReturns() {
    List<CacheEntryEvent<?, ?>> expired = new CopyOnWriteArrayList<>();
    Cache<String, String> cache = manager.createCache("timed", new CachelabConfiguration<String, String>()
        .setTicker(ticker)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new SerializableExpiredListener(expired)), null, true, true)));
    cache.put("k", "v");
    ticker.advance(Duration.ofSeconds(59));
    assertEquals("v", cache.get("k"));
    ticker.advance(Duration.ofSeconds(1));
    assertNull(cache.get("k"));
    assertEquals(1, expired.size(), "a synchronous listener heard the expiry before get returned");
    assertEquals(EventType.EXPIRED, expired.get(0).getEventType());
    assertEquals("v", expired.get(0).getValue());
  }

  @Test
  void anEntryNobodyReads_isDroppedByTheStore_aGracePeriodAfterItsDeadline() {
    List<CacheEntryEvent<?, ?>> expired = new CopyOnWriteArrayList<>();
    Cache<String, String> cache = manager.createCache("backstop", new CachelabConfiguration<String, String>()
        .setTicker(ticker)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1)))
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new SerializableExpiredListener(expired)), null, true, true)));
    cache.put("k", "v");
    dev.cachelab.Cache<String, Expirable<String>> store = cache.unwrap(JCacheCache.class).store();
    ticker.advance(Duration.ofMinutes(1).plusNanos(JCacheCache.STORE_GRACE_NANOS - 1));
    assertTrue(store.getIfPresent("k") != null, "still in the store during the grace period");
    ticker.advance(Duration.ofNanos(1));
    assertNull(store.getIfPresent("k"), "the store's own expiry (cachelab's per-entry Expiry) dropped it");
    // the store reports its own expiries through the cache's executor, so the event comes from another thread
    Threads.awaitCondition(() -> expired.size() == 1, Duration.ofSeconds(10), "the expired event");
    assertEquals("k", expired.get(0).getKey());
  }

  /** A listener the TCK-style factory can hold (FactoryBuilder.factoryOf wants a Serializable instance). */
  static final class SerializableExpiredListener
      implements CacheEntryExpiredListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<CacheEntryEvent<?, ?>> sink;

    SerializableExpiredListener(List<CacheEntryEvent<?, ?>> sink) {
      this.sink = sink;
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(sink::add);
    }
  }

  @Test
  void getCache_withOtherTypes_isAClassCastException_namingBoth() {
    manager.createCache("typed", new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    ClassCastException thrown = assertThrows(ClassCastException.class,
        () -> manager.getCache("typed", String.class, String.class));
    assertTrue(thrown.getMessage().contains("java.lang.Integer"), thrown.getMessage());
    assertInstanceOf(JCacheCache.class, manager.getCache("typed", String.class, Integer.class));
  }
}
