/*
 * Where Java developers already are: Spring's @Cacheable. A service method is annotated, Spring's caching proxy asks
 * the CacheManager for the named cache, and cachelab's CachelabCacheManager hands it a cachelab cache — here one on
 * Redis, so that two application instances (two Spring contexts) share what either computed.
 *
 * @Cacheable(sync = true) is cachelab's single flight: concurrent callers of one key run the method once. To make
 * the herd certain, the method answers only once every thread has called it (through the proxy).
 */
package dev.cachelab.examples.spring;

import dev.cachelab.codec.Codec;
import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.Tour;
import dev.cachelab.redis.RedisStores;
import dev.cachelab.spring.CachelabCacheManager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring's {@code @Cacheable} over cachelab on Redis: one call for many callers, shared by two instances. */
public final class SpringCacheableExample {

  /** How many threads call the service at once in the tour. */
  static final int THREADS = 20;

  /**
   * What the example saw.
   *
   * @param threads threads that called instance A's service at once
   * @param callsOnA how many times A's method body ran for them
   * @param callsOnBBeforeEvict how many times B's method ran when B asked for the same quote
   * @param callsOnBAfterEvict how many times B's method ran after A's {@code @CacheEvict}
   */
  public record Outcome(int threads, int callsOnA, int callsOnBBeforeEvict, int callsOnBAfterEvict) {}

  /** An application's service: a slow price lookup, cached by Spring through cachelab. */
  public static class QuoteService {
    private final String instance;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch everyoneCalled = new CountDownLatch(0);

    /** Creates the service of one instance. */
    public QuoteService(String instance) {
      this.instance = instance;
    }

    /**
     * The price of {@code symbol}, computed at most once at a time per symbol (sync = true: cachelab's single
     * flight), and read from Redis by every instance afterwards.
     *
     * @param symbol a stock symbol
     * @return its quote
     */
    @Cacheable(cacheNames = "quotes", sync = true)
    public String quote(String symbol) {
      calls.incrementAndGet();
      try {
        everyoneCalled.await(30, TimeUnit.SECONDS); // the lookup is slower than the herd
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while quoting " + symbol, e);
      }
      return symbol + " 101.25 (computed by instance " + instance + ")";
    }

    /**
     * A new price was published: drop the cached quote, in Redis, for every instance.
     *
     * @param symbol the stock symbol
     */
    @CacheEvict(cacheNames = "quotes")
    public void publish(String symbol) {}

    /** How many times the method body ran. */
    public int calls() {
      return calls.get();
    }

    /** Makes the next lookups wait until {@code callers} threads have called. */
    void holdUntil(CountDownLatch callers) {
      everyoneCalled = callers;
    }
  }

  /** The application's configuration: caching on, cachelab's CacheManager on Redis, the service. */
  @Configuration
  @EnableCaching
  public static class AppConfig {

    /**
     * cachelab as Spring's cache manager: every cache on the Redis that the {@code redis.uri} bean names.
     *
     * @param redisUri where Redis is
     * @return the manager (Spring closes it with the context)
     */
    @Bean
    public CachelabCacheManager cacheManager(String redisUri) {
      return new CachelabCacheManager()
          .allowNullValues(false) // quotes are never null; the Redis store's codec encodes strings
          .defaults(cache -> cache.store(RedisStores.redis(redisUri).namespace("cachelab-tour")
              .keyCodec(Codec.string()).valueCodec(Codec.string())).recordStats());
    }
  }

  private SpringCacheableExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("spring", args);
  }

  /**
   * The tour's entry: uses {@code REDIS_URL}, else starts a redis-server and stops it at the end.
   *
   * @param context where to print
   * @return the summary line
   * @throws Exception if it fails
   */
  public static String tour(Tour.Context context) throws Exception {
    try (ExampleRedis redis = ExampleRedis.fromEnvironment()) {
      context.out().println("Redis: " + redis.description() + ".");
      Outcome outcome = run(context.out(), redis.uri(), THREADS);
      return String.format(Locale.ROOT, "@Cacheable(sync = true): %d callers, %d method call; instance B read A's "
          + "result (%d calls), and after @CacheEvict recomputed (%d)", outcome.threads(), outcome.callsOnA(),
          outcome.callsOnBBeforeEvict(), outcome.callsOnBAfterEvict());
    }
  }

  /**
   * Runs the example with two Spring contexts on the Redis at {@code uri}.
   *
   * @param out where to print
   * @param uri the Redis both contexts share
   * @param threads how many threads call instance A at once
   * @return what it saw
   * @throws InterruptedException if interrupted while the threads run
   */
  public static Outcome run(PrintStream out, String uri, int threads) throws InterruptedException {
    say(out, "A Spring service with @Cacheable(cacheNames = \"quotes\", sync = true) and @CacheEvict, in a context");
    say(out, "with @EnableCaching and cachelab's CacheManager, whose caches are on Redis:");
    say(out, "  new CachelabCacheManager().defaults(cache -> cache.store(RedisStores.redis(uri)))");
    try (AnnotationConfigApplicationContext a = instance(uri, "A");
         AnnotationConfigApplicationContext b = instance(uri, "B")) {
      QuoteService serviceA = a.getBean(QuoteService.class);
      QuoteService serviceB = b.getBean(QuoteService.class);
      serviceA.publish("ACME"); // a shared Redis may hold a previous run's quote

      say(out, "%n1. %d threads call instance A's quote(\"ACME\") at once", threads);
      String quote = herd(serviceA, threads);
      say(out, "   every thread got \"%s\"; the method ran %s.", quote, times(serviceA.calls()));
      int callsOnA = serviceA.calls();

      say(out, "%n2. Instance B, a second Spring context with its own Redis client, asks for the same quote");
      say(out, "   B: quote(\"ACME\") -> %s; B's method ran %s: Spring found it in Redis.", serviceB.quote("ACME"),
          times(serviceB.calls()));
      int callsOnBBefore = serviceB.calls();

      say(out, "%n3. A publishes a new price: @CacheEvict removes the quote from Redis, for every instance");
      serviceA.publish("ACME");
      say(out, "   B: quote(\"ACME\") -> %s; B's method ran %s.", serviceB.quote("ACME"), times(serviceB.calls()));
      int callsOnBAfter = serviceB.calls();
      serviceA.publish("ACME"); // leave nothing behind in a shared Redis
      return new Outcome(threads, callsOnA, callsOnBBefore, callsOnBAfter);
    }
  }

  /** One application instance: a Spring context with the configuration above and the Redis URI. */
  private static AnnotationConfigApplicationContext instance(String uri, String name) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean("redisUri", String.class, () -> uri);
    context.registerBean(QuoteService.class, () -> new QuoteService(name));
    context.register(AppConfig.class);
    context.refresh();
    return context;
  }

  /** {@code threads} threads call {@code service.quote("ACME")} together; returns what they got. */
  private static String herd(QuoteService service, int threads) throws InterruptedException {
    CountDownLatch called = new CountDownLatch(threads);
    service.holdUntil(called);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> quotes = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        quotes.add(pool.submit(() -> {
          start.await();
          called.countDown(); // this thread is about to call the service
          return service.quote("ACME");
        }));
      }
      start.countDown();
      String first = null;
      for (Future<String> quote : quotes) {
        String got;
        try {
          got = quote.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("a caller failed", e);
        }
        if (first != null && !first.equals(got)) {
          throw new IllegalStateException("callers got different quotes: " + first + " and " + got);
        }
        first = got;
      }
      return first;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String times(int count) {
    return count == 1 ? "once" : count + " times";
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
