package dev.cachelab.jcache;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The cachelab JSR-107 {@link CachingProvider}. {@code Caching.getCachingProvider()} finds it through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}; with several providers on the classpath, ask for this
 * one by name:
 *
 * <pre>{@code
 * CachingProvider provider = Caching.getCachingProvider("dev.cachelab.jcache.CachelabCachingProvider");
 * CacheManager manager = provider.getCacheManager();
 * Cache<String, String> cache = manager.createCache("greetings", new MutableConfiguration<String, String>());
 * }</pre>
 *
 * <p>Each JCache cache is a cachelab cache; a {@link CachelabConfiguration} picks its store, bound and eviction
 * policy, a plain {@code MutableConfiguration} gets an unbounded in-memory one. Store-by-reference is supported
 * (an optional JCache feature).
 *
 * <p>Thread-safe. Needs {@code javax.cache:cache-api} on the classpath (an optional dependency of cache-core).
 */
public final class CachelabCachingProvider implements CachingProvider {

  private static final URI DEFAULT_URI = URI.create(CachelabCachingProvider.class.getName());

  /** Managers per class loader, then per URI. Weak class-loader keys so an undeployed application is freed. */
  private final Map<ClassLoader, Map<URI, JCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider; {@code Caching} does this through the service loader. */
  public CachelabCachingProvider() {}

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, JCacheManager> byUri = managers.computeIfAbsent(loader, l -> new java.util.HashMap<>());
      JCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new JCacheManager(this, managerUri, loader, managerProperties);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : CachelabCachingProvider.class.getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    for (JCacheManager manager : snapshot(null)) {
      manager.close();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    for (JCacheManager manager : snapshot(classLoader == null ? getDefaultClassLoader() : classLoader)) {
      manager.close();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    URI managerUri = uri == null ? getDefaultURI() : uri;
    JCacheManager manager;
    synchronized (managers) {
      Map<URI, JCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.get(managerUri);
    }
    if (manager != null) {
      manager.close();
    }
  }

  private java.util.List<JCacheManager> snapshot(ClassLoader only) {
    synchronized (managers) {
      java.util.List<JCacheManager> all = new java.util.ArrayList<>();
      managers.forEach((loader, byUri) -> {
        if (only == null || only == loader) {
          all.addAll(byUri.values());
        }
      });
      return all;
    }
  }

  /** Forgets a manager that closed itself, so the next request makes a new one. */
  void closed(JCacheManager manager) {
    synchronized (managers) {
      Map<URI, JCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null) {
        byUri.remove(manager.getURI(), manager);
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    Objects.requireNonNull(optionalFeature, "optionalFeature");
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  @Override
  public String toString() {
    return "CachelabCachingProvider";
  }
}
