package dev.cachelab.jcache;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans on the platform MBean server under the names JSR-107 prescribes:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}.
 */
final class Jmx {

  /** The two kinds of MXBean a JCache cache has. */
  enum Type {
    CacheConfiguration,
    CacheStatistics
  }

  private Jmx() {}

  static void register(JCacheCache<?, ?> cache, Type type, Object bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(cache, type);
    try {
      server.registerMBean(bean, name);
    } catch (InstanceAlreadyExistsException e) {
      // Registered already: enabling twice is allowed and changes nothing.
    } catch (JMException e) {
      throw new CacheException("cannot register " + name + " on the platform MBean server", e);
    }
  }

  static void unregister(JCacheCache<?, ?> cache, Type type) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(cache, type);
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // Not registered: disabling twice is allowed and changes nothing.
    } catch (JMException e) {
      throw new CacheException("cannot unregister " + name + " from the platform MBean server", e);
    }
  }

  private static ObjectName name(JCacheCache<?, ?> cache, Type type) {
    String manager = safe(cache.getCacheManager().getURI().toString());
    try {
      return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + manager + ",Cache="
          + safe(cache.getName()));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cache name " + cache.getName() + " does not make a JMX object name", e);
    }
  }

  /** Replaces the characters an object name's value may not hold unquoted, as the TCK's names do. */
  private static String safe(String value) {
    return value.replaceAll("[,:=\n]", ".");
  }
}
