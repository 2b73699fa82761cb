package dev.cachelab.bench;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Param;

/**
 * Throughput of the hit path of cachelab over the directory store ({@code Stores.directory(dir)}), on the workloads
 * of {@link HitPathBenchmark}. A disk store: every read opens a file and every write writes and renames one, so it is
 * orders of magnitude slower than the heap caches of {@link CacheBenchmark} — which is what this shows.
 *
 * <p><b>Why a class of its own.</b> Writing {@link CacheBenchmark}'s 65,536 entries as files takes about 7 s, and
 * deleting them about 2 s, in every one of the eight runs: a minute and more of the smoke mode's five, for nothing the
 * numbers need. So the directory store gets a population of {@value #POPULATION} keys (bound
 * {@value #MAXIMUM_SIZE}), set up in well under a second. The report puts its results in the same groups as the heap
 * caches' and divides them by raw Caffeine's from {@link CacheBenchmark} in the same run; a disk store's cost per
 * operation is a file system call or three whatever the population, so the ratio still reads as an order of
 * magnitude, not to the percent.
 *
 * <p>Keys and values are {@code Integer}s, through {@code Codec.canonical()} (the codec a user gives plain values);
 * the directory is a fresh temporary one, deleted in teardown.
 */
public class DirectoryBenchmark extends HitPathBenchmark {

  /** Distinct keys; all of them are in the store. */
  public static final int POPULATION = 1 << 12;
  /** The store's bound ({@code maximumSize}). */
  public static final int MAXIMUM_SIZE = 2 * POPULATION;

  /** The one contender, an enum so that the report reads it like every other benchmark's. */
  public enum Contender {
    /** cachelab over {@code Stores.directory(dir)}, bounded by {@code maximumSize}, in a fresh temporary directory. */
    CACHELAB_DIRECTORY;

    BenchCache create(int maximumSize) {
      Path directory;
      try {
        directory = Files.createTempDirectory("cachelab-bench-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary directory for the directory store", e);
      }
      return new DirectoryCache(CacheBuilder.newBuilder()
          .store(Stores.directory(directory).keyCodec(Codec.canonical()).valueCodec(Codec.canonical()))
          .maximumSize(maximumSize)
          .build(), directory);
    }
  }

  @Param
  Contender store;

  @Override
  int population() {
    return POPULATION;
  }

  @Override
  BenchCache create(int maximumSize) {
    return store.create(maximumSize);
  }

  @Override
  String contender() {
    return store.name();
  }

  /** cachelab over the directory store: closing the cache also deletes its directory. */
  private static final class DirectoryCache extends CachelabCache {
    private final Path directory;

    DirectoryCache(Cache<Object, Object> cache, Path directory) {
      super(cache);
      this.directory = directory;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        deleteRecursively(directory);
      }
    }

    private static void deleteRecursively(Path directory) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the directory store's temporary directory " + directory, e);
      }
    }
  }
}
