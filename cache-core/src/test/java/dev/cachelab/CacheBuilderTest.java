package dev.cachelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.Stores;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CacheBuilderTest {

  private static void assertMessage(Class<? extends Throwable> type, String expected, Executable call) {
    Throwable thrown = assertThrows(type, call);
    assertEquals(expected, thrown.getMessage());
  }

  @Test
  void aNegativeBound_isRefusedAtTheSetter_namingTheValue() {
    assertMessage(IllegalArgumentException.class, "maximumSize must not be negative: -5",
        () -> CacheBuilder.newBuilder().maximumSize(-5));
    assertMessage(IllegalArgumentException.class, "maximumWeight must not be negative: -1",
        () -> CacheBuilder.newBuilder().maximumWeight(-1, (k, v) -> 1));
  }

  @Test
  void aSettingMadeTwice_isRefusedAtTheSetter_namingTheFirstValue() {
    assertMessage(IllegalStateException.class, "maximumSize was already set to 10",
        () -> CacheBuilder.newBuilder().maximumSize(10).maximumSize(20));
    assertMessage(IllegalStateException.class, "evictionPolicy was already set to lru()",
        () -> CacheBuilder.newBuilder().evictionPolicy(EvictionPolicy.lru()).evictionPolicy(EvictionPolicy.fifo()));
    assertMessage(IllegalStateException.class, "name was already set to users",
        () -> CacheBuilder.newBuilder().name("users").name("orders"));
    assertMessage(IllegalStateException.class, "store was already set to Stores.caffeine()",
        () -> CacheBuilder.newBuilder().store(Stores.caffeine()).store(Stores.inMemory()));
  }

  @Test
  void sizeAndWeightBounds_conflict() {
    assertMessage(IllegalStateException.class, "maximumSize was already set to 10",
        () -> CacheBuilder.newBuilder().maximumSize(10).maximumWeight(100, (k, v) -> 1));
    assertMessage(IllegalStateException.class, "maximumWeight was already set to 100",
        () -> CacheBuilder.newBuilder().maximumWeight(100, (k, v) -> 1).maximumSize(10));
  }

  @Test
  void nullsAndBlankNames_areRefusedNamingTheParameter() {
    assertMessage(NullPointerException.class, "store", () -> CacheBuilder.newBuilder().store(null));
    assertMessage(NullPointerException.class, "weigher", () -> CacheBuilder.newBuilder().maximumWeight(1, null));
    assertMessage(NullPointerException.class, "policy", () -> CacheBuilder.newBuilder().evictionPolicy(null));
    assertMessage(NullPointerException.class, "ticker", () -> CacheBuilder.newBuilder().ticker(null));
    assertMessage(NullPointerException.class, "executor", () -> CacheBuilder.newBuilder().executor(null));
    assertMessage(NullPointerException.class, "listener", () -> CacheBuilder.newBuilder().removalListener(null));
    assertMessage(NullPointerException.class, "loader", () -> CacheBuilder.newBuilder().build(null));
    assertMessage(IllegalArgumentException.class, "name must not be blank: ' '",
        () -> CacheBuilder.newBuilder().name(" "));
  }

  @Test
  void aPolicyOnTheCaffeineStore_failsInBuild_pointingToTheInMemoryStore() {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder()
        .store(Stores.caffeine())
        .maximumSize(100)
        .evictionPolicy(EvictionPolicy.lru());
    IllegalStateException thrown = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(thrown.getMessage().contains("Stores.caffeine()"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("store(Stores.inMemory())"), thrown.getMessage());
  }

  @Test
  void aPolicyWithoutABound_failsInBuild_sayingWhatToAdd() {
    assertMessage(IllegalStateException.class,
        "evictionPolicy(sieve()) needs a bound to act on; set maximumSize or maximumWeight too",
        () -> CacheBuilder.newBuilder().evictionPolicy(EvictionPolicy.sieve()).build());
  }

  @Test
  void build_takesASnapshot_laterSettingsDoNotChangeABuiltCache() {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().executor(Runnable::run);
    Cache<String, String> unbounded = builder.build();
    builder.maximumSize(1);
    for (int i = 0; i < 10; i++) {
      unbounded.put("k" + i, "v");
    }
    assertEquals(10, unbounded.estimatedSize());
  }

  @Test
  void recordStats_isOffByDefault_andCountsWhenOn() {
    Cache<String, String> quiet = CacheBuilder.newBuilder().build();
    quiet.getIfPresent("a");
    assertEquals(CacheStats.empty(), quiet.stats());
    Cache<String, String> counting = CacheBuilder.newBuilder().recordStats().build();
    counting.getIfPresent("a");
    assertEquals(1, counting.stats().missCount());
  }

  @Test
  void theTicker_timesLoads() {
    AtomicLong now = new AtomicLong();
    Cache<String, String> cache = CacheBuilder.newBuilder().recordStats().ticker(now::get).build();
    cache.get("a", key -> {
      now.addAndGet(Duration.ofSeconds(2).toNanos());
      return "A";
    });
    assertEquals(Duration.ofSeconds(2).toNanos(), cache.stats().totalLoadTimeNanos());
    assertEquals(Duration.ofSeconds(2).toNanos(), cache.stats().averageLoadPenalty(), 0.0);
  }

  @Test
  void toString_showsWhatWasSet() {
    assertEquals("CacheBuilder{name=users, maximumSize=100, evictionPolicy=sieve(), recordStats}",
        CacheBuilder.newBuilder().name("users").maximumSize(100).evictionPolicy(EvictionPolicy.sieve())
            .recordStats().toString());
  }

  @Test
  void timeSettings_refuseBadValuesAtTheSetter_namingThem() {
    assertMessage(IllegalArgumentException.class, "expireAfterWrite must not be negative: PT-1S",
        () -> CacheBuilder.newBuilder().expireAfterWrite(Duration.ofSeconds(-1)));
    assertMessage(IllegalArgumentException.class, "refreshAfterWrite must be more than zero: PT0S",
        () -> CacheBuilder.newBuilder().refreshAfterWrite(Duration.ZERO));
    assertMessage(IllegalArgumentException.class, "expiryJitter must be at least 0 and less than 1: 1.5",
        () -> CacheBuilder.newBuilder().expiryJitter(1.5));
    assertMessage(IllegalArgumentException.class, "earlyRefresh beta must be zero or more and finite: NaN",
        () -> CacheBuilder.newBuilder().earlyRefresh(Double.NaN));
    assertMessage(NullPointerException.class, "staleIfError", () -> CacheBuilder.newBuilder().staleIfError(null));
    assertMessage(IllegalStateException.class, "expireAfterWrite was already set to PT10S",
        () -> CacheBuilder.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).expireAfterWrite(Duration.ofSeconds(5)));
    assertMessage(IllegalStateException.class, "expireAfterWrite was already set to PT10S",
        () -> CacheBuilder.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).expireAfter((k, v) -> Duration.ZERO));
  }

  @Test
  void timeSettingsThatNeedAnExpiry_failInBuild_sayingWhatToAdd() {
    assertMessage(IllegalStateException.class, "staleIfError(PT1M) needs entries that expire; set expireAfterWrite, "
        + "expireAfterAccess or expireAfter too",
        () -> CacheBuilder.newBuilder().staleIfError(Duration.ofMinutes(1)).build());
    assertMessage(IllegalStateException.class, "refreshAfterWrite(PT10M) must be shorter than expireAfterWrite(PT5M), "
        + "or entries expire before they are ever refreshed",
        () -> CacheBuilder.newBuilder().refreshAfterWrite(Duration.ofMinutes(10))
            .expireAfterWrite(Duration.ofMinutes(5)).build());
  }

  /**
   * Regression: the default random source was the building thread's {@code ThreadLocalRandom}, which reads the seed of
   * whichever thread calls it; on threads that never used {@code ThreadLocalRandom} themselves, every one starts from
   * the same seed, so jittered lifetimes written by ten fresh threads came out identical.
   */
  @Test
  void theDefaultRandomSource_isRandomOnEveryThread_soJitterSpreadsWritesFromFreshThreads() throws Exception {
    dev.cachelab.contract.FakeTicker ticker = new dev.cachelab.contract.FakeTicker();
    Cache<Integer, String> cache = CacheBuilder.newBuilder()
        .ticker(ticker)
        .expireAfterWrite(Duration.ofSeconds(100))
        .expiryJitter(0.5)
        .build();
    for (int i = 0; i < 10; i++) {
      int key = i;
      Thread writer = new Thread(() -> cache.put(key, "v"));
      writer.start();
      writer.join();
    }
    java.util.Set<Long> expiredAt = new java.util.HashSet<>();
    java.util.Set<Integer> alive = new java.util.HashSet<>(java.util.List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    for (long step = 1; step <= 2_000 && !alive.isEmpty(); step++) { // up to 200 s in 100 ms steps
      ticker.advance(Duration.ofMillis(100));
      for (java.util.Iterator<Integer> keys = alive.iterator(); keys.hasNext(); ) {
        if (cache.getIfPresent(keys.next()) == null) {
          keys.remove();
          expiredAt.add(step);
        }
      }
    }
    assertTrue(alive.isEmpty(), "every lifetime is within 100 s ± 50 %");
    assertTrue(expiredAt.size() > 1, "ten jittered lifetimes all ended in the same 100 ms: " + expiredAt);
  }

  /** Regression: the default was {@code ThreadLocalRandom.current()} of the building thread, then used on every thread. */
  @Test
  void theDefaultRandomSource_isNotTheBuildingThreadsThreadLocalRandom() {
    Object random = CacheBuilder.newBuilder().spec().random();
    assertTrue(!(random instanceof java.util.concurrent.ThreadLocalRandom),
        "a ThreadLocalRandom instance may be used only by the thread that got it: " + random);
  }
}
