package dev.cachelab.jcache;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.Collections;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A JCache {@link CacheManager}: the named caches of one URI and class loader. Thread-safe.
 */
final class JCacheManager implements CacheManager {

  private final CachelabCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final ConcurrentMap<String, JCacheCache<?, ?>> caches = new ConcurrentHashMap<>();
  private volatile boolean closed;

  JCacheManager(CachelabCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = properties;
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader.get();
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    CachelabConfiguration<K, V> copy = copyOf(configuration);
    JCacheCache<?, ?>[] created = new JCacheCache<?, ?>[1];
    caches.compute(cacheName, (name, existing) -> {
      if (existing != null && !existing.isClosed()) {
        throw new CacheException("a cache named '" + name + "' already exists in " + uri
            + "; get it with getCache, or destroy it first");
      }
      created[0] = new JCacheCache<>(name, this, copy);
      return created[0];
    });
    @SuppressWarnings("unchecked")
    JCacheCache<K, V> cache = (JCacheCache<K, V>) created[0];
    if (copy.isManagementEnabled()) {
      cache.setManagementEnabled(true);
    }
    if (copy.isStatisticsEnabled()) {
      cache.setStatisticsEnabled(true);
    }
    return cache;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> CachelabConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new CachelabConfiguration<>(complete);
    }
    MutableConfiguration<K, V> basic = new CachelabConfiguration<K, V>()
        .setTypes(configuration.getKeyType(), configuration.getValueType())
        .setStoreByValue(configuration.isStoreByValue());
    return (CachelabConfiguration<K, V>) basic;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    checkOpen();
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    JCacheCache<K, V> cache = find(cacheName);
    if (cache == null) {
      return null;
    }
    Class<?> configuredKey = cache.configuration().getKeyType();
    Class<?> configuredValue = cache.configuration().getValueType();
    if (configuredKey != keyType || configuredValue != valueType) {
      throw new ClassCastException("cache '" + cacheName + "' holds " + configuredKey.getName() + " -> "
          + configuredValue.getName() + ", not " + keyType.getName() + " -> " + valueType.getName());
    }
    return cache;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    checkOpen();
    return find(cacheName);
  }

  @SuppressWarnings("unchecked")
  private <K, V> JCacheCache<K, V> find(String cacheName) {
    Objects.requireNonNull(cacheName, "cacheName");
    JCacheCache<?, ?> cache = caches.get(cacheName);
    return cache == null || cache.isClosed() ? null : (JCacheCache<K, V>) cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    return Collections.unmodifiableSet(new java.util.TreeSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    JCacheCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      if (!cache.isClosed()) {
        cache.clear();
      }
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    checkOpen();
    JCacheCache<?, ?> cache = find(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    checkOpen();
    JCacheCache<?, ?> cache = find(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  /** Forgets a cache that closed itself. */
  void closed(JCacheCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.closed(this);
    for (JCacheCache<?, ?> cache : caches.values()) {
      cache.close();
    }
    caches.clear();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cachelab CacheManager cannot be unwrapped to " + clazz.getName());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the CacheManager for " + uri + " is closed; get a new one from the provider");
    }
  }

  @Override
  public String toString() {
    return "cachelab CacheManager " + uri + " " + caches.keySet();
  }
}
