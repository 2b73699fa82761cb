package dev.cachelab.bench.sim;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.Stores;
import java.util.Locale;

/**
 * What the simulator can replay a trace through, by its command-line name. Caffeine and Ehcache run raw, not through
 * cachelab's stores: the simulator compares eviction policies, and a store adds nothing to its library's policy.
 *
 * <ul>
 *   <li>{@code lru} … {@code wtinylfu}: cachelab's built-in engine ({@code Stores.inMemory()}) with that
 *       {@link EvictionPolicy}, through the public {@link Cache} API: the very classes an application runs, not a
 *       second implementation;
 *   <li>{@code caffeine}: raw Caffeine ({@code maximumSize(n)}, {@code executor(Runnable::run)}), exactly how the
 *       traces README measured its Caffeine anchors, so the two can be compared;
 *   <li>{@code ehcache}: raw Ehcache 3.12's heap tier ({@code heap(n)} entries, sampled LRU), on a logical clock of
 *       one tick per access, as the traces README measured its Ehcache numbers ({@link EhcacheReplay});
 *   <li>{@code opt}: Bélády's optimum with bypass ({@link Belady}), the bound no policy can beat.
 * </ul>
 *
 * <p>Every replay follows the traces README's rule: {@code getIfPresent}; a hit counts; on a miss, {@code put}.
 */
enum SimPolicy {
  LRU(EvictionPolicy.lru()),
  FIFO(EvictionPolicy.fifo()),
  CLOCK(EvictionPolicy.clock()),
  SIEVE(EvictionPolicy.sieve()),
  S3FIFO(EvictionPolicy.s3Fifo()),
  LFU(EvictionPolicy.lfu()),
  WTINYLFU(EvictionPolicy.wTinyLfu()),
  CAFFEINE(null) {
    @Override
    long hits(Workload workload, int[] nextUses, long size) {
      com.github.benmanes.caffeine.cache.Cache<Long, Long> cache = Caffeine.newBuilder()
          .maximumSize(size)
          .executor(Runnable::run)
          .build();
      long hits = 0;
      for (long key : workload.keys()) {
        Long boxed = key;
        if (cache.getIfPresent(boxed) != null) {
          hits++;
        } else {
          cache.put(boxed, boxed);
        }
      }
      return hits;
    }
  },
  EHCACHE(null) {
    @Override
    long hits(Workload workload, int[] nextUses, long size) {
      return EhcacheReplay.hits(workload.keys(), size);
    }
  },
  OPT(null) {
    @Override
    long hits(Workload workload, int[] nextUses, long size) {
      return Belady.hits(workload.keys(), nextUses, size);
    }
  };

  /** The engine's policy, or {@code null} for the entries that are not built-in policies. */
  private final EvictionPolicy policy;

  SimPolicy(EvictionPolicy policy) {
    this.policy = policy;
  }

  /** The name used on the command line and in the CSV. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@link #hits} needs {@link Belady#nextUses} of the workload. */
  boolean needsNextUses() {
    return this == OPT;
  }

  /**
   * Replays {@code workload} through a fresh cache of {@code size} entries and returns the number of hits.
   *
   * @param workload the accesses
   * @param nextUses {@link Belady#nextUses} of the workload if {@link #needsNextUses()}, else ignored
   * @param size the cache's capacity in entries
   * @return how many accesses hit
   */
  long hits(Workload workload, int[] nextUses, long size) {
    Cache<Long, Long> cache = CacheBuilder.newBuilder()
        .store(Stores.inMemory())
        .maximumSize(size)
        .evictionPolicy(policy)
        .executor(Runnable::run)
        .build();
    long hits = 0;
    for (long key : workload.keys()) {
      Long boxed = key;
      if (cache.getIfPresent(boxed) != null) {
        hits++;
      } else {
        cache.put(boxed, boxed);
      }
    }
    cache.close();
    return hits;
  }

  /**
   * Looks up an entry by its command-line name.
   *
   * @throws SimulatorException naming the known policies if there is none
   */
  static SimPolicy byId(String id) {
    for (SimPolicy policy : values()) {
      if (policy.id().equals(id)) {
        return policy;
      }
    }
    StringBuilder known = new StringBuilder();
    for (SimPolicy policy : values()) {
      known.append(known.length() == 0 ? "" : ",").append(policy.id());
    }
    throw SimulatorException.usage("unknown policy '" + id + "'; known policies: " + known);
  }
}
