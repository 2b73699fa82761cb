package dev.cachelab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheLoadException;
import dev.cachelab.CacheStats;
import dev.cachelab.LoadingCache;
import dev.cachelab.contract.FakeTicker;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The meters of a cache bound to a {@link SimpleMeterRegistry}, checked figure by figure against {@code stats()}. */
class CachelabCacheMetricsTest {

  private final FakeTicker ticker = new FakeTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double counter(String name, String... tags) {
    return registry.get(name).tag("cache", "words").tags(tags).functionCounter().count();
  }

  @Test
  void everyMeter_reportsWhatStatsSays() {
    AtomicBoolean failing = new AtomicBoolean();
    LoadingCache<String, String> cache = CacheBuilder.newBuilder()
        .maximumSize(3)
        .expireAfterWrite(Duration.ofMinutes(10))
        .refreshAfterWrite(Duration.ofMinutes(5))
        .staleIfError(Duration.ofMinutes(30))
        .ticker(ticker)
        .executor(Runnable::run)
        .recordStats()
        .build(key -> {
          ticker.advance(Duration.ofMillis(7)); // each load takes 7 ms on the cache's clock
          if (failing.get() || key.equals("boom")) {
            throw new IllegalStateException("cannot load " + key);
          }
          return key.toUpperCase();
        });
    CachelabCacheMetrics.monitor(registry, cache, "words", "team", "search");

    cache.get("a");                 // miss, load
    cache.get("a");                 // hit
    cache.getIfPresent("zzz");      // miss
    assertThrows(CacheLoadException.class, () -> cache.get("boom")); // miss, failed load
    cache.get("b");
    cache.get("c");
    cache.get("d");                 // a fourth entry: one eviction
    cache.cleanUp();
    ticker.advance(Duration.ofMinutes(6));
    cache.get("d");                 // hit, past refreshAfterWrite: a reload on the same-thread executor
    failing.set(true);
    ticker.advance(Duration.ofMinutes(11));
    cache.get("d");                 // expired and the loader fails: the stale value is served
    failing.set(false);
    ticker.advance(Duration.ofMinutes(40));
    cache.cleanUp();

    CacheStats stats = cache.stats();
    assertTrue(stats.hitCount() > 0 && stats.missCount() > 0 && stats.loadSuccessCount() > 0
        && stats.loadFailureCount() > 0 && stats.evictionCount() > 0 && stats.refreshSuccessCount() > 0
        && stats.staleServedCount() > 0 && stats.expirationCount() > 0, "the scenario exercised the counters: " + stats);

    assertEquals(stats.hitCount(), counter("cache.gets", "result", "hit"));
    assertEquals(stats.missCount(), counter("cache.gets", "result", "miss"));
    assertEquals(stats.loadSuccessCount(), counter("cache.puts"));
    assertEquals(stats.evictionCount(), counter("cache.evictions"));
    assertEquals(cache.estimatedSize(), registry.get("cache.size").tag("cache", "words").gauge().value());
    assertEquals(stats.loadSuccessCount(), counter("cache.load", "result", "success"));
    assertEquals(stats.loadFailureCount(), counter("cache.load", "result", "failure"));
    FunctionTimer loads = registry.get("cache.load.duration").tag("cache", "words").functionTimer();
    assertEquals(stats.loadCount(), (long) loads.count());
    assertEquals(stats.totalLoadTimeNanos(), loads.totalTime(TimeUnit.NANOSECONDS), 1.0);
    assertTrue(loads.totalTime(TimeUnit.MILLISECONDS) >= 7 * stats.loadCount(), "7 ms a load");
    assertEquals(stats.expirationCount(), counter("cache.expirations"));
    assertEquals(stats.refreshSuccessCount(), counter("cache.refreshes", "result", "success"));
    assertEquals(stats.refreshFailureCount(), counter("cache.refreshes", "result", "failure"));
    assertEquals(stats.staleServedCount(), counter("cache.stale.served"));
    assertEquals(stats.storeErrorCount(), counter("cache.store.errors"));
    assertEquals("search", registry.get("cache.gets").tag("cache", "words").meters().iterator().next().getId().getTag("team"));
  }

  @Test
  void aClosedCache_reportsSizeZero_andKeepsItsCounts() {
    LoadingCache<String, String> cache = CacheBuilder.newBuilder().recordStats().build(String::toUpperCase);
    CachelabCacheMetrics.monitor(registry, cache, "words");
    cache.get("a");
    cache.close();
    assertEquals(0.0, registry.get("cache.size").tag("cache", "words").gauge().value());
    assertEquals(1.0, counter("cache.gets", "result", "miss"));
  }
}
