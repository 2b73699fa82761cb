package dev.cachelab.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.AsyncCache;
import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheLoadException;
import dev.cachelab.Expiry;
import dev.cachelab.LoadingCache;
import dev.cachelab.RemovalCause;
import dev.cachelab.contract.CacheContractTest.Removal;
import dev.cachelab.store.StoreFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The time half of the contract: expiry, refresh, stale-if-error, negative caching, stampedes and the async API.
 * {@link CacheContractTest} runs it as a nested class for every store. Time is a {@link FakeTicker}; background work
 * runs on a {@link ManualExecutor} the test drives (or never runs); prompt expiry uses a {@link FakeScheduler}.
 */
public abstract class TimeContract {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration TTL = Duration.ofSeconds(60);

  /** The store under test. */
  protected abstract StoreFactory store();

  private final FakeTicker ticker = new FakeTicker();
  private final ManualExecutor executor = new ManualExecutor();
  private final List<Removal> removals = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> built = new ArrayList<>();

  /** Stats, the fake ticker, the manual executor, a recording listener, on the store under test. */
  private CacheBuilder<Object, Object> builder() {
    return CacheBuilder.newBuilder()
        .store(store())
        .recordStats()
        .ticker(ticker)
        .executor(executor)
        .removalListener((key, value, cause) -> removals.add(new Removal(key, value, cause)));
  }

  private <C extends AutoCloseable> C track(C cache) {
    built.add(cache);
    return cache;
  }

  @AfterEach
  void closeCaches() throws Exception {
    for (AutoCloseable cache : built) {
      cache.close();
    }
  }

  private void advance(Duration duration) {
    ticker.advance(duration);
  }

  private static final Duration NANO = Duration.ofNanos(1);

  // ---- expiry --------------------------------------------------------------------------------------------

  @Test
  void expireAfterWrite_entryPresentAtTtlMinusOneNanosecond_isGoneAtTtl() {
    Cache<String, String> cache = track(builder().expireAfterWrite(TTL).build());
    cache.put("k", "v");
    advance(TTL.minus(NANO));
    assertEquals("v", cache.getIfPresent("k"));
    advance(NANO);
    assertNull(cache.getIfPresent("k"));
    assertEquals("fresh", cache.get("k", key -> "fresh"), "an expired entry is loaded again");
  }

  @Test
  void expireAfterWrite_readsDoNotExtendIt() {
    Cache<String, String> cache = track(builder().expireAfterWrite(TTL).build());
    cache.put("k", "v");
    for (int i = 0; i < 5; i++) {
      advance(Duration.ofSeconds(10));
      assertEquals("v", cache.getIfPresent("k"));
    }
    advance(Duration.ofSeconds(10));
    assertNull(cache.getIfPresent("k"), "written 60 s ago: gone however often it was read");
  }

  @Test
  void expireAfterAccess_readsExtendIt_andAnIdleEntryGoes() {
    Cache<String, String> cache = track(builder().expireAfterAccess(TTL).build());
    cache.put("k", "v");
    for (int i = 0; i < 5; i++) {
      advance(TTL.minus(NANO));
      assertEquals("v", cache.getIfPresent("k"), "each read gives it another full minute");
    }
    advance(TTL);
    assertNull(cache.getIfPresent("k"));
  }

  /** A DNS answer carries its own time to live. */
  record DnsRecord(String address, Duration ttl) implements java.io.Serializable {}

  @Test
  void expireAfter_eachEntryLivesAsLongAsItsOwnDataSays() {
    Cache<String, DnsRecord> cache = track(builder()
        .expireAfter((String host, DnsRecord record) -> record.ttl())
        .build());
    cache.put("short.example", new DnsRecord("10.0.0.1", Duration.ofSeconds(30)));
    cache.put("long.example", new DnsRecord("10.0.0.2", Duration.ofSeconds(300)));
    advance(Duration.ofSeconds(30));
    assertNull(cache.getIfPresent("short.example"));
    assertNotNull(cache.getIfPresent("long.example"));
    cache.put("long.example", new DnsRecord("10.0.0.3", Duration.ofSeconds(10)));
    advance(Duration.ofSeconds(10));
    assertNull(cache.getIfPresent("long.example"), "an update takes the new record's ttl");
  }

  @Test
  void expireAfter_expireAfterReadCanExtendAnEntry() {
    Expiry<String, String> slidingTenSeconds = new Expiry<>() {
      @Override
      public Duration expireAfterCreate(String key, String value) {
        return Duration.ofSeconds(10);
      }

      @Override
      public Duration expireAfterRead(String key, String value, Duration remaining) {
        return Duration.ofSeconds(10);
      }
    };
    Cache<String, String> cache = track(builder().expireAfter(slidingTenSeconds).build());
    cache.put("k", "v");
    advance(Duration.ofSeconds(9));
    assertEquals("v", cache.getIfPresent("k"));
    advance(Duration.ofSeconds(9));
    assertEquals("v", cache.getIfPresent("k"), "the read at 9 s gave it 10 s more");
    advance(Duration.ofSeconds(10));
    assertNull(cache.getIfPresent("k"));
  }

  @Test
  void asMap_afterAnEntryExpires_sizeIsEmptyEntrySetAndEqualsAllAgree() {
    Cache<String, String> cache = track(builder().expireAfterWrite(TTL).build());
    cache.put("gone", "1");
    cache.put("kept", "2");
    advance(TTL.minus(NANO));
    cache.put("kept", "3");
    advance(NANO);
    Map<String, String> map = cache.asMap();
    assertEquals(1, map.size());
    assertFalse(map.isEmpty());
    assertEquals(1, map.entrySet().size());
    assertEquals(Map.of("kept", "3"), map);
    assertEquals(map, Map.of("kept", "3"));
    assertEquals(Map.of("kept", "3").hashCode(), map.hashCode());
    advance(TTL);
    assertEquals(0, map.size());
    assertTrue(map.isEmpty());
    assertEquals(Map.of(), map);
  }

  @Test
  void anExpiredEntry_isNeverReturned_evenBeforeItIsPhysicallyRemoved() {
    Cache<Integer, String> cache = track(builder().expireAfterWrite(TTL).build());
    cache.putAll(Map.of(1, "one", 2, "two"));
    advance(TTL);
    assertEquals(2, cache.estimatedSize(), "removal is lazy: both entries are still stored");
    assertNull(cache.asMap().get(1));
    assertTrue(cache.getAllPresent(List.of(1, 2)).isEmpty());
    assertFalse(cache.asMap().entrySet().iterator().hasNext(), "iteration skips expired entries");
    assertTrue(cache.asMap().isEmpty());
    assertNull(cache.asMap().putIfAbsent(2, "new two"), "an expired entry counts as absent");
  }

  @Test
  void removalIsLazy_theListenerHearsExpiredOnTheNextReadOrCleanUp() {
    Cache<Integer, String> cache = track(builder().expireAfterWrite(TTL).build());
    cache.putAll(Map.of(1, "one", 2, "two"));
    advance(TTL);
    executor.runAll();
    assertTrue(removals.isEmpty(), "nothing happens without activity");
    assertNull(cache.getIfPresent(1));
    executor.runAll();
    assertEquals(List.of(new Removal(1, "one", RemovalCause.EXPIRED)), removals);
    cache.cleanUp();
    executor.runAll();
    assertEquals(2, removals.size());
    assertEquals(new Removal(2, "two", RemovalCause.EXPIRED), removals.get(1));
    assertEquals(0, cache.estimatedSize());
    assertEquals(2, cache.stats().expirationCount());
  }

  @Test
  void withAScheduler_expiredEntriesAreRemovedPromptly_withNoOtherCacheActivity() {
    FakeScheduler scheduler = new FakeScheduler(ticker);
    Cache<String, String> cache = track(builder()
        .expireAfterWrite(TTL)
        .scheduler(scheduler)
        .build());
    cache.put("a", "1");
    advance(Duration.ofSeconds(30));
    cache.put("b", "2");
    advance(Duration.ofSeconds(29));
    scheduler.runDue();
    executor.runAll();
    assertTrue(removals.isEmpty(), "nothing is due yet");
    advance(Duration.ofSeconds(1));
    scheduler.runDue();
    executor.runAll();
    assertEquals(List.of(new Removal("a", "1", RemovalCause.EXPIRED)), removals, "a at exactly 60 s");
    advance(Duration.ofSeconds(30));
    scheduler.runDue();
    executor.runAll();
    assertEquals(new Removal("b", "2", RemovalCause.EXPIRED), removals.get(1), "b at exactly 90 s");
    assertEquals(0, cache.estimatedSize());
  }

  @Test
  void aPutOverAnExpiredEntry_reportsItExpired_notReplaced() {
    Cache<String, String> cache = track(builder().expireAfterWrite(TTL).build());
    cache.put("k", "old");
    advance(TTL);
    cache.put("k", "new");
    executor.runAll();
    assertEquals(List.of(new Removal("k", "old", RemovalCause.EXPIRED)), removals);
  }

  @Test
  void expiryJitter_spreadsLifetimesWithinTheFraction_repeatablyWithASeed() {
    List<Integer> first = expiryTimes(42);
    List<Integer> second = expiryTimes(42);
    assertEquals(first, second, "the same seed gives the same lifetimes");
    for (int seconds : first) {
      assertTrue(seconds >= 90 && seconds <= 110, "lifetime " + seconds + " s outside 100 s ± 10 %");
    }
    long distinct = first.stream().distinct().count();
    assertTrue(distinct >= 15, "keys loaded together should expire at many different times: " + distinct);
  }

  /** Writes 200 keys at once with a 100 s lifetime and ±10 % jitter; returns, per key, the second it expired. */
  private List<Integer> expiryTimes(long seed) {
    FakeTicker clock = new FakeTicker();
    Cache<Integer, String> cache = track(CacheBuilder.newBuilder()
        .store(store())
        .ticker(clock)
        .executor(Runnable::run)
        .expireAfterWrite(Duration.ofSeconds(100))
        .expiryJitter(0.1)
        .random(new Random(seed))
        .build());
    int keys = 200;
    for (int key = 0; key < keys; key++) {
      cache.put(key, "v");
    }
    Integer[] expiredAt = new Integer[keys];
    for (int second = 0; second <= 111; second++) {
      for (int key = 0; key < keys; key++) {
        if (expiredAt[key] == null && cache.asMap().get(key) == null) {
          expiredAt[key] = second;
        }
      }
      clock.advance(Duration.ofSeconds(1));
    }
    return List.of(expiredAt);
  }

  // ---- refresh -------------------------------------------------------------------------------------------

  @Test
  void refreshAfterWrite_50ConcurrentReaders_getTheCurrentValueAtOnce_andTriggerExactlyOneReload()
      throws Exception {
    Cache<String, String> cache = track(builder()
        .refreshAfterWrite(Duration.ofSeconds(10))
        .expireAfterWrite(TTL)
        .build());
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", key -> "v" + loads.incrementAndGet());
    advance(Duration.ofSeconds(10));
    List<Object> seen = new CopyOnWriteArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      readers.add(new Thread(() -> seen.add(cache.get("k", key -> "v" + loads.incrementAndGet()))));
    }
    readers.forEach(Thread::start);
    for (Thread reader : readers) {
      reader.join(TIMEOUT.toMillis());
    }
    assertEquals(50, seen.size());
    assertTrue(seen.stream().allMatch("v1"::equals), "every reader got the current value: " + Set.copyOf(seen));
    assertEquals(1, loads.get(), "no reader loaded synchronously");
    assertEquals(1, executor.pending(), "exactly one reload was submitted");
    executor.runAll();
    assertEquals("v2", cache.getIfPresent("k"));
    assertEquals(1, cache.stats().refreshSuccessCount());
    assertEquals(0, executor.pending(), "the reload restarted the clock: no refresh right after");
    advance(Duration.ofSeconds(9));
    cache.getIfPresent("k");
    assertEquals(0, executor.pending());
  }

  @Test
  void aFailedReload_keepsTheOldValueUntilItExpires_andLaterReadsRetry_threeTimesInARow() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<RuntimeException> failWith = new AtomicReference<>();
    LoadingCache<String, String> cache = track(builder()
        .refreshAfterWrite(Duration.ofSeconds(10))
        .expireAfterWrite(TTL)
        .build(key -> {
          calls.incrementAndGet();
          if (failWith.get() != null) {
            throw failWith.get();
          }
          return "v" + calls.get();
        }));
    assertEquals("v1", cache.get("k"));
    failWith.set(new IllegalStateException("backend down"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      advance(Duration.ofSeconds(10));
      assertEquals("v1", cache.get("k"), "attempt " + attempt + ": the old value is served");
      assertEquals(1, executor.pending());
      executor.runAll();
      assertEquals("v1", cache.getIfPresent("k"), "attempt " + attempt + ": a failed reload keeps it");
    }
    assertEquals(3, cache.stats().refreshFailureCount());
    advance(Duration.ofSeconds(30));
    assertThrows(CacheLoadException.class, () -> cache.get("k"), "expired: the failure now reaches the reader");
  }

  @Test
  void aReloadStillInFlightAtTheExpiryInstant_isNotJoined_andItsLateResultIsDiscarded() {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Thread> loaderThread = new AtomicReference<>();
    LoadingCache<String, String> cache = track(builder()
        .refreshAfterWrite(Duration.ofSeconds(50))
        .expireAfterWrite(TTL)
        .build(key -> {
          loaderThread.set(Thread.currentThread());
          return "v" + calls.incrementAndGet();
        }));
    assertEquals("v1", cache.get("k"));
    advance(Duration.ofSeconds(50));
    assertEquals("v1", cache.get("k"), "the refresh is submitted; the executor has not started it");
    assertEquals(1, executor.pending());
    advance(Duration.ofSeconds(10));
    assertEquals("v2", cache.get("k"), "at the expiry instant the reader loads by itself");
    assertSame(Thread.currentThread(), loaderThread.get());
    executor.runAll(); // the late reload runs now, and loads v3
    assertEquals(3, calls.get());
    assertEquals("v2", cache.getIfPresent("k"), "the late reload is older than the cached value: discarded");
  }

  @Test
  void aPutDuringAReload_winsOverTheReload() {
    LoadingCache<String, String> cache = track(builder()
        .refreshAfterWrite(Duration.ofSeconds(10))
        .build(key -> "from the loader"));
    cache.put("k", "first");
    advance(Duration.ofSeconds(10));
    assertEquals("first", cache.get("k"));
    assertEquals(1, executor.pending());
    cache.put("k", "from a put");
    executor.runAll();
    assertEquals("from a put", cache.getIfPresent("k"));
    assertEquals(0, cache.stats().refreshSuccessCount());
  }

  @Test
  void refresh_onDemand_reloadsInTheBackground_andReturnsTheNewValue() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LoadingCache<String, String> cache = track(builder().build(key -> "v" + calls.incrementAndGet()));
    assertEquals("v1", cache.get("k"));
    CompletableFuture<String> refreshed = cache.refresh("k");
    CompletableFuture<String> again = cache.refresh("k");
    assertFalse(refreshed.isDone());
    assertEquals("v1", cache.get("k"), "readers keep the current value meanwhile");
    executor.runAll();
    assertEquals("v2", refreshed.get(1, TimeUnit.SECONDS));
    assertEquals("v2", again.get(1, TimeUnit.SECONDS), "a second refresh joined the first");
    assertEquals("v2", cache.get("k"));
    assertEquals(2, calls.get());
  }

  // ---- early refresh (XFetch) ----------------------------------------------------------------------------

  /** A random source that always answers {@code value}, to check XFetch's formula at chosen points. */
  private static RandomGenerator constant(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void earlyRefresh_volunteersExactlyWhenXFetchsFormulaSaysSo() {
    // Load takes delta = 4 s, beta = 2, and the random draw gives -ln(r) = -ln(1 - 0.75) = ln 4. A read volunteers
    // when delta * beta * ln 4 = 11.09 s >= the time left, i.e. from 60 - 11.09 = 48.91 s after the write (the
    // write happens when the load ends).
    double threshold = 4.0 * 2.0 * Math.log(4.0);
    Cache<String, String> cache = track(builder()
        .expireAfterWrite(TTL)
        .earlyRefresh(2.0)
        .random(constant(0.75))
        .build());
    cache.get("k", key -> {
      advance(Duration.ofSeconds(4));
      return "v1";
    });
    long beforeNanos = (long) ((TTL.toSeconds() - threshold) * 1e9) - 1_000_000;
    advance(Duration.ofNanos(beforeNanos));
    cache.get("k", key -> "v2");
    assertEquals(0, executor.pending(), "1 ms before the threshold: no volunteer");
    advance(Duration.ofMillis(2));
    cache.get("k", key -> "v2");
    assertEquals(1, executor.pending(), "1 ms after the threshold: this read volunteers");
    executor.runAll();
    assertEquals("v2", cache.getIfPresent("k"));
  }

  @Test
  void earlyRefresh_keepsAHotKeyFromEverExpiringIntoASynchronousLoad_andBetaZeroIsPlainExpiry() {
    assertEquals(0, synchronousLoadsAfterWarmUp(1.0), "XFetch refreshed the hot key before every expiry");
    assertTrue(synchronousLoadsAfterWarmUp(0.0) >= 9, "with beta = 0 the key expires about every 60 s");
  }

  /** Reads a hot key every second for 10 simulated minutes; a load takes 5 s; returns synchronous loads after 60 s. */
  private int synchronousLoadsAfterWarmUp(double beta) {
    FakeTicker clock = new FakeTicker();
    ManualExecutor background = new ManualExecutor();
    Cache<String, String> cache = track(CacheBuilder.newBuilder()
        .store(store())
        .ticker(clock)
        .executor(background)
        .expireAfterWrite(TTL)
        .earlyRefresh(beta)
        .random(new Random(7))
        .build());
    AtomicInteger synchronousLoads = new AtomicInteger();
    boolean[] inBackground = new boolean[1];
    int refreshes = 0;
    for (int second = 0; second < 600; second++) {
      int now = second;
      cache.get("hot", key -> {
        clock.advance(Duration.ofSeconds(5));
        if (!inBackground[0] && now >= 60) {
          synchronousLoads.incrementAndGet();
        }
        return "value@" + now;
      });
      inBackground[0] = true; // background work runs, and finishes, between two reads
      refreshes += background.runAll();
      inBackground[0] = false;
      clock.advance(Duration.ofSeconds(1));
    }
    if (beta > 0) {
      assertTrue(refreshes >= 9, "the key was recomputed in the background: " + refreshes);
    }
    return synchronousLoads.get();
  }

  // ---- stale-if-error and negative caching ---------------------------------------------------------------

  @Test
  void staleIfError_servesTheLastValueWhenTheLoaderFails_forUpToTheGivenTime_retryingEachRead() {
    Cache<String, String> cache = track(builder()
        .expireAfterWrite(TTL)
        .staleIfError(Duration.ofSeconds(30))
        .build());
    cache.put("k", "last good");
    advance(TTL);
    AtomicInteger attempts = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      assertEquals("last good", cache.get("k", key -> {
        attempts.incrementAndGet();
        throw new IllegalStateException("backend down");
      }));
      advance(Duration.ofSeconds(9));
    }
    assertEquals(3, attempts.get(), "each read retried the loader");
    assertEquals(3, cache.stats().staleServedCount());
    assertNull(cache.getIfPresent("k"), "stale values are served only when a load fails");
    advance(Duration.ofSeconds(3)); // 30 s past expiry
    assertThrows(CacheLoadException.class, () -> cache.get("k", key -> {
      throw new IllegalStateException("still down");
    }));
    assertEquals("recovered", cache.get("k", key -> "recovered"));
  }

  @Test
  void negativeCaching_remembersAnAbsentAnswerForItsTtl() {
    Cache<String, String> cache = track(builder().negativeCaching(Duration.ofSeconds(5)).build());
    AtomicInteger lookups = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      assertNull(cache.get("nobody", key -> {
        lookups.incrementAndGet();
        return null;
      }));
    }
    assertEquals(1, lookups.get(), "the absence was remembered");
    assertFalse(cache.asMap().containsKey("nobody"), "a remembered absence is not an entry");
    advance(Duration.ofSeconds(5));
    assertEquals("found", cache.get("nobody", key -> "found"));
  }

  // ---- stampede ------------------------------------------------------------------------------------------

  @Test
  void stampede_1000ThreadsOnOneColdKeyBehindASlowLoader_runOneLoad_andAllGetItsValue() throws Exception {
    Cache<String, Object> cache = track(builder().build());
    Object value = CacheContractTest.Token.next();
    AtomicInteger loads = new AtomicInteger();
    List<Thread> entered = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Object> results = new CopyOnWriteArrayList<>();
    int threads = 1000;
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      all.add(new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        entered.add(Thread.currentThread());
        results.add(cache.get("cold", key -> {
          loads.incrementAndGet();
          // The slow loader: it finishes only once every other thread has piled up behind it.
          Threads.awaitCondition(() -> entered.size() == threads && Threads.allOthersParked(entered), TIMEOUT,
              "the stampede to gather");
          return value;
        }));
      }));
    }
    all.forEach(Thread::start);
    start.countDown();
    for (Thread thread : all) {
      thread.join(TIMEOUT.toMillis());
    }
    assertEquals(1, loads.get());
    assertEquals(threads, results.size());
    assertTrue(results.stream().allMatch(result -> result == value));
  }

  // ---- async ---------------------------------------------------------------------------------------------

  @Test
  void async_concurrentGetsShareOneLoad_eachCallerHasItsOwnFuture_andCancellingOneCancelsNothingElse()
      throws Exception {
    AsyncCache<String, String> cache = track(builder().buildAsync());
    CompletableFuture<String> backend = new CompletableFuture<>();
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<String> first = cache.get("k", key -> {
      loads.incrementAndGet();
      return backend;
    });
    CompletableFuture<String> second = cache.get("k", key -> {
      loads.incrementAndGet();
      return CompletableFuture.completedFuture("second loader");
    });
    assertEquals(1, loads.get());
    assertFalse(first == second, "each caller receives its own future");
    first.cancel(true);
    assertFalse(backend.isCancelled(), "cancelling a caller's future does not cancel the load");
    backend.complete("loaded");
    assertEquals("loaded", second.get(1, TimeUnit.SECONDS));
    assertEquals("loaded", cache.synchronous().getIfPresent("k"));
    assertEquals("loaded", cache.getIfPresent("k").get(1, TimeUnit.SECONDS));
  }

  @Test
  void async_aFailedFutureIsNotCached() throws Exception {
    AsyncCache<String, String> cache = track(builder().buildAsync());
    CompletableFuture<String> failed = cache.get("k",
        key -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
    assertTrue(failed.isCompletedExceptionally());
    assertNull(cache.getIfPresent("k"));
    assertEquals("ok", cache.get("k", key -> CompletableFuture.completedFuture("ok")).get(1, TimeUnit.SECONDS));
  }

  @Test
  void async_getAll_loadsOnlyTheMissingKeysInOneCall() throws Exception {
    AsyncCache<Integer, String> cache = track(builder().buildAsync());
    cache.put(1, "one");
    List<Set<? extends Integer>> calls = new ArrayList<>();
    Map<Integer, String> result = cache.getAll(List.of(1, 2, 3), missing -> {
      calls.add(Set.copyOf(missing));
      return CompletableFuture.completedFuture(Map.of(2, "two"));
    }).get(1, TimeUnit.SECONDS);
    assertEquals(List.of(Set.of(2, 3)), calls);
    assertEquals(Map.of(1, "one", 2, "two"), result);
  }

  @Test
  void async_getAll_whenTheBulkLoaderReturnsNull_failsWithCacheLoadExceptionNamingTheCache_asTheSyncOneDoes() {
    AsyncCache<Integer, String> cache = track(builder().name("bulky").buildAsync());
    CompletableFuture<Map<Integer, String>> result = cache.getAll(List.of(1, 2),
        missing -> CompletableFuture.completedFuture(null));
    Throwable failure = failureOf(result);
    assertTrue(failure instanceof CacheLoadException, "got " + failure);
    assertTrue(failure.getMessage().contains("'bulky'"), failure.getMessage());
    CacheLoadException sync = assertThrows(CacheLoadException.class,
        () -> cache.synchronous().getAll(List.of(1, 2), missing -> null));
    assertEquals(sync.getMessage(), failure.getMessage(), "one implementation, one message");
    assertEquals(2, cache.synchronous().stats().loadFailureCount(), "both failed loads are counted");
  }

  @Test
  void async_getAll_whenTheBulkLoaderThrowsOrFails_failsWithCacheLoadExceptionNamingTheCache_andCachesNothing() {
    AsyncCache<Integer, String> cache = track(builder().name("bulky").buildAsync());
    IllegalStateException boom = new IllegalStateException("boom");
    Throwable thrown = failureOf(cache.getAll(List.of(1), missing -> {
      throw boom;
    }));
    Throwable failed = failureOf(cache.getAll(List.of(1), missing -> CompletableFuture.failedFuture(boom)));
    for (Throwable failure : List.of(thrown, failed)) {
      assertTrue(failure instanceof CacheLoadException, "got " + failure);
      assertSame(boom, failure.getCause());
      assertTrue(failure.getMessage().contains("'bulky'"), failure.getMessage());
    }
    assertEquals(0, cache.synchronous().estimatedSize());
    assertEquals(2, cache.synchronous().stats().loadFailureCount());
  }

  @Test
  void async_getAll_aPartialResult_cachesWhatCame_countsOneLoad_andMeasuresItsTime() throws Exception {
    AsyncCache<Integer, String> cache = track(builder().buildAsync());
    cache.put(1, "one");
    CompletableFuture<Map<Integer, String>> backend = new CompletableFuture<>();
    CompletableFuture<Map<Integer, String>> result = cache.getAll(List.of(1, 2, 3), missing -> backend);
    advance(Duration.ofMillis(5));
    backend.complete(Map.of(2, "two", 99, "extra")); // 3 has no value; 99 was not asked for
    assertEquals(Map.of(1, "one", 2, "two"), result.get(1, TimeUnit.SECONDS));
    assertEquals("extra", cache.synchronous().getIfPresent(99), "what the loader gave beyond the request is cached");
    assertNull(cache.synchronous().getIfPresent(3));
    var stats = cache.synchronous().stats();
    assertEquals(2, stats.hitCount(), "the hit for 1 in getAll, then the hit for 99");
    assertEquals(2 + 1, stats.missCount(), "2 and 3 in getAll, then 3");
    assertEquals(1, stats.loadSuccessCount(), "one bulk load");
    assertEquals(Duration.ofMillis(5).toNanos(), stats.totalLoadTimeNanos());
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    try {
      future.get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the future did not fail: " + e, e);
    }
    throw new AssertionError("the future completed normally");
  }

  @Test
  void async_refreshAfterWrite_reloadsInTheBackgroundWithTheCallersLoader() throws Exception {
    AsyncCache<String, String> cache = track(builder().refreshAfterWrite(Duration.ofSeconds(10)).buildAsync());
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", key -> CompletableFuture.completedFuture("v" + loads.incrementAndGet())).get();
    advance(Duration.ofSeconds(10));
    assertEquals("v1", cache.get("k", key -> CompletableFuture.completedFuture("v" + loads.incrementAndGet()))
        .get(1, TimeUnit.SECONDS));
    executor.runAll();
    assertEquals("v2", cache.synchronous().getIfPresent("k"));
  }
}
