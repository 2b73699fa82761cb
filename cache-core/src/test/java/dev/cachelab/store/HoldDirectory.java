package dev.cachelab.store;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import java.nio.file.Path;

/**
 * A child JVM for {@link DirectoryStoreTest}: opens a cache on the directory given, says "open", keeps it open until
 * its standard input closes, then closes it and says "closed".
 */
public final class HoldDirectory {

  private HoldDirectory() {}

  public static void main(String[] args) throws Exception {
    try (Cache<String, String> cache = CacheBuilder.newBuilder().store(Stores.directory(Path.of(args[0]))).build()) {
      cache.put("held by", "process " + ProcessHandle.current().pid());
      System.out.println("open " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() != -1) {
        // wait for the parent to close our standard input
      }
    }
    System.out.println("closed");
    System.out.flush();
  }
}
