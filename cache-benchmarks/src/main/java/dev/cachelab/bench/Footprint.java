package dev.cachelab.bench;

import dev.cachelab.CacheBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes per entry of each in-memory store and policy: run in a fresh JVM of its own per store (the report's
 * {@code Footprints} starts one after the other), it fills one cache and prints how much the heap grew.
 *
 * <p><b>Method, and why it is honest.</b> A heap delta, not an estimate from object layouts: whatever the store
 * allocates — table, entries, nodes, policy lists, frequency sketch, buffers — is counted, including what a layout
 * walk would miss or double-count (shared internals, lazily sized arrays).
 * <ol>
 *   <li>The keys are allocated first, {@code Integer}s, and kept reachable to the end; each value is its own key,
 *       as in the benchmarks. So neither keys nor values are part of the delta: it is the cache's own structure, what
 *       a user pays on top of the data they cache.
 *   <li>The heap is settled ({@link #settledHeap}) and read: the baseline. Only then is the cache created, so what
 *       a store allocates up front for its bound (a frequency sketch, a presized table) is in the delta, spread over
 *       the entries — as it is for a user.
 *   <li>Every key is put, then read once (so a policy's per-entry read state exists, as in a cache in use), then the
 *       cache's maintenance is run ({@code cleanUp}) and the heap settled again. Bytes per entry = (settled heap after
 *       − before) ÷ entries held.
 *   <li>"Settled": {@code System.gc()} until two readings of the used heap agree within 64 KiB (at most 10 rounds).
 *       The child runs with {@code -XX:+UseSerialGC} and {@code -Xms} = {@code -Xmx}: the serial collector's full GC
 *       compacts the whole heap, so "used" is exactly the live bytes (G1 would count whole regions for the large
 *       arrays of a hash table), and a fixed heap means no resizing between the readings. It also runs with
 *       {@code -XX:-UseTLAB}: with thread-local allocation buffers, the first allocation after a collection claims a
 *       whole buffer of eden (megabytes on a 1 GB heap), which "used" counts at once, and a reading moved by 5 MB
 *       (57 bytes an entry at 100,000) from one run to the next; without them "used" grows by what is allocated.
 *       Compressed pointers are on, as in any heap under 32 GB.
 * </ol>
 * Each bounded store gets {@code maximumSize} equal to the entry count: a full cache. The child checks how many
 * entries the cache holds and divides by that, so a store that evicted some at its bound is not flattered.
 *
 * <p>Output, one line on standard output: {@code footprint store=NAME entries=N held=H bytes=B} ({@link #format},
 * read back by {@link #parse}).
 */
public final class Footprint {

  /** The stores measured, under the names of {@link Contender} where they are one. */
  public enum Store {
    /** Raw {@code ConcurrentHashMap}, unbounded, presized for the entries: the floor. */
    CONCURRENT_HASH_MAP,
    /** Raw Caffeine, {@code maximumSize}: the baseline. */
    CAFFEINE,
    /** Raw Ehcache, heap tier of that many entries. */
    EHCACHE,
    /** cachelab, built-in engine, LRU. */
    CACHELAB_LRU,
    /** cachelab, built-in engine, FIFO. */
    CACHELAB_FIFO,
    /** cachelab, built-in engine, CLOCK. */
    CACHELAB_CLOCK,
    /** cachelab, built-in engine, SIEVE. */
    CACHELAB_SIEVE,
    /** cachelab, built-in engine, LFU. */
    CACHELAB_LFU,
    /** cachelab, built-in engine, S3-FIFO. */
    CACHELAB_S3FIFO,
    /** cachelab, built-in engine, W-TinyLFU. */
    CACHELAB_WTINYLFU,
    /**
     * cachelab, built-in engine, unbounded, with a same-thread executor: the cache {@code Memoizer.memoize(fn)} builds.
     */
    CACHELAB_UNBOUNDED,
    /** cachelab over {@code Stores.caffeine()}. */
    CACHELAB_CAFFEINE,
    /** cachelab over {@code Stores.ehcache()}, heap only. */
    CACHELAB_EHCACHE;

    BenchCache create(int entries) {
      if (this == CACHELAB_UNBOUNDED) {
        return new CachelabCache(CacheBuilder.newBuilder().executor(Runnable::run).build());
      }
      return Contender.valueOf(name()).create(entries);
    }
  }

  /**
   * One store's measurement.
   *
   * @param store the store's name
   * @param entries how many entries were put
   * @param held how many the cache held when measured
   * @param bytes how much the settled heap grew
   */
  public record Result(String store, long entries, long held, long bytes) {

    /**
     * Returns the heap the cache takes per entry it holds.
     *
     * @return bytes per entry, or NaN if it held none
     */
    public double bytesPerEntry() {
      return held == 0 ? Double.NaN : (double) bytes / held;
    }
  }

  private static final Pattern LINE =
      Pattern.compile("footprint store=([A-Z0-9_]+) entries=(\\d+) held=(\\d+) bytes=(-?\\d+)");
  private static final long SETTLED_WITHIN = 64 * 1024;
  private static final int MAX_GCS = 10;

  private Footprint() {}

  /**
   * Measures one store; run by the report in a JVM of its own.
   *
   * @param args the store's name and the number of entries
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: java -XX:+UseSerialGC -XX:-UseTLAB -Xms1g -Xmx1g -cp benchmarks.jar "
          + Footprint.class.getName() + " STORE ENTRIES");
      System.exit(2);
    }
    Store store = Store.valueOf(args[0]);
    int entries = Integer.parseInt(args[1]);
    System.out.println(format(measure(store, entries)));
  }

  /**
   * Fills one cache of {@code store} with {@code entries} entries and measures how much the heap grew.
   *
   * @param store the store
   * @param entries how many entries to put
   * @return the measurement
   */
  static Result measure(Store store, int entries) {
    Integer[] keys = new Integer[entries];
    for (int i = 0; i < entries; i++) {
      keys[i] = i;
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = settledHeap(memory);
    BenchCache cache = store.create(entries);
    for (Integer key : keys) {
      cache.put(key, key);
    }
    for (Integer key : keys) {
      cache.get(key);
    }
    long held = cache.size(); // runs the cache's pending maintenance (cleanUp) first
    long after = settledHeap(memory);
    // Both must survive every collection above: the keys so they stay out of the delta, the cache so it is in it.
    Reference.reachabilityFence(keys);
    Reference.reachabilityFence(cache);
    cache.close();
    return new Result(store.name(), entries, held, after - before);
  }

  /** Collects until two readings of the used heap agree within {@link #SETTLED_WITHIN} bytes. */
  private static long settledHeap(MemoryMXBean memory) {
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < MAX_GCS; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(used - previous) < SETTLED_WITHIN) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  /**
   * Writes a measurement as the child's output line.
   *
   * @param result the measurement
   * @return {@code footprint store=NAME entries=N held=H bytes=B}
   */
  public static String format(Result result) {
    return String.format(Locale.ROOT, "footprint store=%s entries=%d held=%d bytes=%d", result.store(),
        result.entries(), result.held(), result.bytes());
  }

  /**
   * Reads a child's output back: the last line of the {@link #format} form, any other output (a JVM warning, say)
   * ignored.
   *
   * @param output everything the child printed on standard output
   * @return the measurement
   * @throws IllegalArgumentException if no line has the form, naming what was printed
   */
  public static Result parse(String output) {
    Result found = null;
    for (String line : output.split("\\R")) {
      Matcher matcher = LINE.matcher(line.strip());
      if (matcher.matches()) {
        found = new Result(matcher.group(1), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3)),
            Long.parseLong(matcher.group(4)));
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("no 'footprint store=... entries=... held=... bytes=...' line in the"
          + " child's output: " + (output.isBlank() ? "(nothing)" : output.strip()));
    }
    return found;
  }
}
