package dev.cachelab.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cachelab.contract.FakeTicker;
import dev.cachelab.contract.Threads;
import dev.cachelab.store.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real Spring application context with {@code @EnableCaching}, a {@link CachelabCacheManager} and a
 * {@code @Cacheable} service: what README's Spring snippet shows, run.
 */
class CacheableOverCachelabTest {

  static final FakeTicker TICKER = new FakeTicker();

  // --- the README snippet: begin ---
  @Configuration
  @EnableCaching
  static class AppConfig {
    @Bean
    CachelabCacheManager cacheManager() {
      return new CachelabCacheManager()
          .defaults(cache -> cache.maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).ticker(TICKER))
          .cache("squares", cache -> cache.store(Stores.caffeine()).maximumSize(1_000).recordStats());
    }

    @Bean
    Squares squares() {
      return new Squares();
    }
  }

  static class Squares {
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public int calls() {  // public methods, so that Spring's caching proxy hands them to this bean
      return calls.get();
    }

    public void closeGate() {
      gate = new CountDownLatch(1);
    }

    public void openGate() {
      gate.countDown();
    }

    @Cacheable(cacheNames = "squares", sync = true)  // single flight: one call per key however many threads ask
    public Integer square(int n) throws InterruptedException {
      calls.incrementAndGet();
      gate.await(10, TimeUnit.SECONDS);
      return n * n;
    }

    @CacheEvict(cacheNames = "squares")
    public void forget(int n) {}

    @Cacheable(cacheNames = "lookups")  // no sync: a null result is cached too (Spring's NullValue)
    public String lookup(String name) {
      calls.incrementAndGet();
      return name.startsWith("?") ? null : name.toUpperCase();
    }

    @Cacheable(cacheNames = "futures")  // a CompletableFuture result: Spring's async caching, Cache.retrieve
    public CompletableFuture<Integer> cube(int n) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> n * n * n);
    }

    @Cacheable(cacheNames = "squares", sync = true)
    public Integer failing(int n) {
      calls.incrementAndGet();
      throw new IllegalStateException("no square for " + n);
    }
  }
  // --- the README snippet: end ---

  AnnotationConfigApplicationContext context;
  Squares squares;
  CachelabCacheManager manager;

  @BeforeEach
  void start() {
    context = new AnnotationConfigApplicationContext(AppConfig.class);
    squares = context.getBean(Squares.class);
    manager = context.getBean(CachelabCacheManager.class);
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void cacheableSync_runsTheMethodOnce_underConcurrentCalls() throws Exception {
    squares.closeGate();
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      CompletableFuture<Integer> result = new CompletableFuture<>();
      results.add(result);
      Thread thread = new Thread(() -> {
        try {
          result.complete(squares.square(7));
        } catch (Throwable e) {
          result.completeExceptionally(e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    // every thread is inside the cache: one runs the method (held at the gate), seven wait for its value
    Threads.awaitCondition(() -> squares.calls() == 1 && Threads.allOthersParked(threads),
        Duration.ofSeconds(10), "one call of square(7) and seven threads waiting for it");
    squares.openGate();
    for (CompletableFuture<Integer> result : results) {
      assertEquals(49, result.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, squares.calls(), "square(7) ran once for eight concurrent callers");
  }

  @Test
  void cacheEvict_evicts() throws Exception {
    assertEquals(9, squares.square(3));
    assertEquals(9, squares.square(3));
    assertEquals(1, squares.calls());
    squares.forget(3);
    assertEquals(9, squares.square(3));
    assertEquals(2, squares.calls(), "the evicted value was computed again");
  }

  @Test
  void namedCache_usesItsOwnSettings_andOthersTheDefaults() throws Exception {
    squares.square(4);
    squares.square(4);
    CachelabSpringCache cache = (CachelabSpringCache) manager.getCache("squares");
    assertEquals(1, cache.getNativeCache().stats().hitCount(), "squares records stats");
    assertEquals(1, cache.getNativeCache().stats().missCount());

    squares.lookup("a");
    TICKER.advance(Duration.ofMinutes(9));
    squares.lookup("a");
    assertEquals(2, squares.calls(), "lookups within the default ten minutes are cached");
    TICKER.advance(Duration.ofMinutes(2));
    squares.lookup("a");
    assertEquals(3, squares.calls(), "after the default expireAfterWrite the method runs again");
    CachelabSpringCache lookups = (CachelabSpringCache) manager.getCache("lookups");
    assertEquals(0, lookups.getNativeCache().stats().missCount(), "the defaults do not record stats");
  }

  @Test
  void nullResults_areCachedAsSpringExpects() {
    assertNull(squares.lookup("?missing"));
    assertNull(squares.lookup("?missing"));
    assertEquals(1, squares.calls(), "a null result is cached (allowNullValues)");
    assertNull(manager.getCache("lookups").get("?missing").get(), "wrapped: present, with a null value");
  }

  @Test
  void completableFutureResults_goThroughRetrieve_andAreCached() throws Exception {
    assertEquals(27, squares.cube(3).get(10, TimeUnit.SECONDS));
    assertEquals(27, squares.cube(3).get(10, TimeUnit.SECONDS));
    assertEquals(1, squares.calls(), "the second call was answered from the cache");
    assertEquals(27, manager.getCache("futures").retrieve(3).get(10, TimeUnit.SECONDS) instanceof
        org.springframework.cache.Cache.ValueWrapper wrapper ? wrapper.get() : null);
  }

  @Test
  void aFailingMethod_throwsItsOwnException_andNothingIsCached() {
    IllegalStateException first = assertThrows(IllegalStateException.class, () -> squares.failing(5));
    assertEquals("no square for 5", first.getMessage());
    assertThrows(IllegalStateException.class, () -> squares.failing(5));
    assertEquals(2, squares.calls(), "a failure is not cached");
  }

  @Test
  void closingTheContext_closesTheCaches() {
    squares.lookup("b");
    CachelabSpringCache cache = (CachelabSpringCache) manager.getCache("lookups");
    context.close();
    assertThrows(IllegalStateException.class, () -> cache.getNativeCache().getIfPresent("b"));
    assertSame(cache.getNativeCache(), cache.getNativeCache());
  }
}
