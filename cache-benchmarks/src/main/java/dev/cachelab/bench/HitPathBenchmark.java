package dev.cachelab.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Threads;

/**
 * The hit-path workloads — reads, updates and {@code get(key, loader)} — at one and two threads sharing one cache,
 * written once for every benchmark class that measures a set of caches on them ({@link CacheBenchmark} for the heap
 * caches, {@link DirectoryBenchmark} for the disk store). A subclass names its contenders (its one {@code @Param})
 * and its population; JMH runs these methods under the subclass's name, such as {@code CacheBenchmark.read_t1}. The
 * cache, its population and the key stream are {@link PopulatedCache}'s.
 *
 * <p><b>Workloads.</b> {@code read}: 100 % {@code get}. {@code readWrite}: 75 % {@code get}, 25 % {@code put}, every
 * fourth position of the stream being a write. {@code write}: 100 % {@code put}. {@code getOrLoad}: 100 %
 * {@code get(key, loader)}, always a hit. Each at {@code _t1} (one thread) and {@code _t2} (two threads on one
 * cache); JMH's throughput score is the sum over the threads.
 */
public abstract class HitPathBenchmark extends PopulatedCache {

  @Benchmark
  @Threads(1)
  public Object read_t1(Cursor cursor) {
    return read(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object read_t2(Cursor cursor) {
    return read(cursor);
  }

  @Benchmark
  @Threads(1)
  public Object readWrite_t1(Cursor cursor) {
    return readWrite(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object readWrite_t2(Cursor cursor) {
    return readWrite(cursor);
  }

  @Benchmark
  @Threads(1)
  public Object write_t1(Cursor cursor) {
    return write(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object write_t2(Cursor cursor) {
    return write(cursor);
  }

  @Benchmark
  @Threads(1)
  public Object getOrLoad_t1(Cursor cursor) {
    return getOrLoad(cursor);
  }

  @Benchmark
  @Threads(2)
  public Object getOrLoad_t2(Cursor cursor) {
    return getOrLoad(cursor);
  }
}
