package dev.cachelab.store;

import dev.cachelab.codec.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Ehcache store factories for the contract: the suite's values through allow-listed Java serialization. */
final class EhcacheTiers {

  private static final AtomicInteger CACHES = new AtomicInteger();
  private static Path root;

  private EhcacheTiers() {}

  static Codec<Object> values(List<Class<?>> valueTypes) {
    return Codec.javaSerialization(Object.class, valueTypes.toArray(Class<?>[]::new));
  }

  /** A factory whose every cache gets a fresh directory (Ehcache's persistence directory is one cache's). */
  static StoreFactory withFreshDirectory(String name, Function<Path, StoreFactory> factory) {
    StoreFactory sample = factory.apply(root());
    return new StoreFactory() {
      @Override
      public Set<Capability> capabilities() {
        return sample.capabilities();
      }

      @Override
      public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
        return factory.apply(root().resolve(name + "-" + CACHES.incrementAndGet())).create(config);
      }

      @Override
      public String toString() {
        return sample.toString();
      }
    };
  }

  private static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("ehcache-contract");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }
}
