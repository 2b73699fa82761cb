package dev.cachelab.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

/** The Spring {@code Cache} contract on a cachelab cache, without an application context. */
class CachelabSpringCacheTest {

  @Test
  void withoutNullValues_aNullLoadIsReturnedAndNotCached_andANullPutIsRefused() throws Exception {
    Cache cache = new CachelabCacheManager().allowNullValues(false).getCache("c");
    AtomicInteger calls = new AtomicInteger();
    assertNull(cache.get("k", () -> {
      calls.incrementAndGet();
      return null;
    }));
    assertNull(cache.get("k", () -> {
      calls.incrementAndGet();
      return null;
    }));
    assertEquals(2, calls.get());
    assertNull(cache.get("k"));
    assertThrows(IllegalArgumentException.class, () -> cache.put("k", null));
  }

  @Test
  void withNullValues_aNullIsCachedAndWrapped() {
    Cache cache = new CachelabCacheManager().getCache("c");
    cache.put("k", null);
    Cache.ValueWrapper wrapper = cache.get("k");
    assertTrue(wrapper != null && wrapper.get() == null, "present, holding null");
    assertNull(cache.get("absent"));
  }

  @Test
  void putIfAbsent_evictIfPresent_invalidate() {
    Cache cache = new CachelabCacheManager().getCache("c");
    assertNull(cache.putIfAbsent("k", "v1"));
    assertEquals("v1", cache.putIfAbsent("k", "v2").get());
    assertEquals("v1", cache.get("k", String.class));
    assertTrue(cache.evictIfPresent("k"));
    assertFalse(cache.evictIfPresent("k"));
    cache.put("a", "1");
    assertTrue(cache.invalidate());
    assertFalse(cache.invalidate());
  }

  @Test
  void aLoaderFailure_isAValueRetrievalException_withTheCause() {
    Cache cache = new CachelabCacheManager().getCache("c");
    Exception cause = new java.io.IOException("disk gone");
    Cache.ValueRetrievalException thrown =
        assertThrows(Cache.ValueRetrievalException.class, () -> cache.get("k", () -> {
          throw cause;
        }));
    assertSame(cause, thrown.getCause());
  }

  @Test
  void retrieve_missesWithNull_sharesARunningLoad_andServesNullValuesWrapped() throws Exception {
    Cache cache = new CachelabCacheManager().getCache("c");
    assertNull(cache.retrieve("k"), "a miss that is known at once");
    CompletableFuture<String> pending = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> first = cache.retrieve("k", () -> {
      calls.incrementAndGet();
      return pending;
    });
    CompletableFuture<String> second = cache.retrieve("k", () -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("other");
    });
    pending.complete("v");
    assertEquals("v", first.get(10, TimeUnit.SECONDS));
    assertEquals("v", second.get(10, TimeUnit.SECONDS));
    assertEquals(1, calls.get(), "the second caller joined the running load");
    assertEquals("v", ((Cache.ValueWrapper) cache.retrieve("k").get(10, TimeUnit.SECONDS)).get());

    assertNull(cache.retrieve("n", () -> CompletableFuture.completedFuture(null)).get(10, TimeUnit.SECONDS));
    Object wrapped = cache.retrieve("n").get(10, TimeUnit.SECONDS);
    assertTrue(wrapped instanceof Cache.ValueWrapper w && w.get() == null, "a cached null, wrapped: " + wrapped);
  }

  @Test
  void fixedNames_answersOnlyConfiguredCaches() {
    CachelabCacheManager manager = new CachelabCacheManager().cache("a", b -> b.maximumSize(5)).fixedNames();
    assertTrue(manager.getCache("a") != null);
    assertNull(manager.getCache("b"));
    assertEquals(List.of("a"), List.copyOf(manager.getCacheNames()));
    assertThrows(IllegalStateException.class, () -> manager.cache("a", b -> {}));
    manager.close();
  }
}
