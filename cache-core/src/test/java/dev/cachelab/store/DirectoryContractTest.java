package dev.cachelab.store;

import dev.cachelab.codec.Codec;
import dev.cachelab.contract.CacheContractTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contract on the directory store. Each cache gets a directory of its own (a directory belongs to one cache at a
 * time); values go through allow-listed Java serialization, so what the cache returns from the store is a copy.
 */
@ParameterizedClass(name = "bound {0}")
@EnumSource(CacheContractTest.Bound.class)
class DirectoryContractTest extends CacheContractTest {

  @Parameter
  Bound runBound;

  @Override
  protected Bound bound() {
    return runBound;
  }

  private static final AtomicInteger CACHES = new AtomicInteger();
  private static Path root;

  static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("directory-contract");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  @Override
  protected StoreFactory store() {
    return freshDirectories();
  }

  /**
   * Directory stores, each cache in a fresh directory of its own (a directory belongs to one cache at a time), values
   * through Java serialization allowing the contract's value types.
   */
  static StoreFactory freshDirectories() {
    Codec<Object> values = Codec.javaSerialization(Object.class, valueTypes().toArray(Class<?>[]::new));
    return new StoreFactory() {
      @Override
      public Set<Capability> capabilities() {
        return Stores.directory(root()).capabilities();
      }

      @Override
      public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
        Path directory = root().resolve("cache-" + CACHES.incrementAndGet());
        return Stores.directory(directory).valueCodec(values).create(config);
      }

      @Override
      public String toString() {
        return "Stores.directory(...)";
      }
    };
  }

  @Override
  protected boolean storesByReference() {
    return false;
  }
}
