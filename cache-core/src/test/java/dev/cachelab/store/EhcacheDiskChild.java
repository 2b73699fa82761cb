package dev.cachelab.store;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import java.nio.file.Path;

/**
 * A child JVM for {@link EhcacheStoreTest}: writes three entries to a persistent Ehcache disk tier in the directory
 * given, says "written", and waits to be killed.
 */
public final class EhcacheDiskChild {

  private EhcacheDiskChild() {}

  public static void main(String[] args) throws Exception {
    Cache<String, String> cache = CacheBuilder.newBuilder()
        .store(EhcacheStoreTest.persistentDisk(Path.of(args[0])))
        .build();
    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    System.out.println("written " + cache.estimatedSize());
    System.out.flush();
    while (System.in.read() != -1) {
      // killed before the input ends
    }
    cache.close();
  }
}
