/*
 * Fail-open: a cache is an optimisation, so when Redis goes away the application should slow down, not fall over.
 * The Redis store treats a failed call as a counted miss: the caller gets the loader's value. A circuit breaker
 * stops paying for a dead server: after a few failures in a row it opens, and calls skip Redis without a round trip
 * (no timeouts to wait out) until, after a pause, one call probes it; when Redis answers, the breaker closes.
 *
 * The example stops a redis-server it started itself (kill -9, as a crash would), never any other, and starts it
 * again on the same port. The breaker measures real time (it guards a real server, so no hand-driven clock can stand
 * in for it): the example waits out its pause once, two seconds.
 */
package dev.cachelab.examples.failopen;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheStats;
import dev.cachelab.codec.Codec;
import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.Tour;
import dev.cachelab.redis.CircuitBreaker;
import dev.cachelab.redis.RedisStoreFactory;
import dev.cachelab.redis.RedisStores;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Redis stops mid-run; requests keep succeeding from the loader, the breaker opens, and Redis returns. */
public final class FailOpenExample {

  /** Failures in a row that open the breaker. */
  static final int FAILURES_TO_OPEN = 3;

  /** How long the open breaker skips Redis before a call probes it. */
  static final Duration OPEN_FOR = Duration.ofSeconds(2);

  /** Requests while Redis is down. */
  static final int REQUESTS_WHILE_DOWN = 4;

  /**
   * What the example saw.
   *
   * @param requests requests made
   * @param failedRequests requests that reached the caller as an exception (fail-open: none)
   * @param loads how many times the loader ran
   * @param breakerOpenings how many times the breaker opened
   * @param finalState the breaker's state at the end
   * @param stats the cache's statistics at the end
   */
  public record Outcome(int requests, int failedRequests, int loads, long breakerOpenings,
      CircuitBreaker.State finalState, CacheStats stats) {}

  private FailOpenExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("fail-open", args);
  }

  /**
   * The tour's entry: always starts a redis-server of its own (it must stop it), even when {@code REDIS_URL} is set.
   *
   * @param context where to print
   * @return the summary line
   * @throws Exception if it fails
   */
  public static String tour(Tour.Context context) throws Exception {
    if (System.getenv(ExampleRedis.URL_VARIABLE) != null) {
      context.out().println(ExampleRedis.URL_VARIABLE + " is set, but this example stops its Redis mid-run, so it "
          + "starts a server of its own and leaves that one alone.");
    }
    try (ExampleRedis redis = ExampleRedis.start(); LogLines logs = LogLines.to(context.out())) {
      context.out().println("Redis: " + redis.description() + ".");
      Outcome outcome = run(context.out(), redis);
      return String.format(Locale.ROOT, "Redis stopped mid-run: %d of %d requests answered (%d from the loader), "
              + "breaker opened %d time, %s again once Redis was back", outcome.requests() - outcome.failedRequests(),
          outcome.requests(), outcome.loads(), outcome.breakerOpenings(), outcome.finalState());
    }
  }

  /**
   * Runs the example on {@code redis}, which it stops and restarts.
   *
   * @param out where to print
   * @param redis a server this process started
   * @return what it saw
   * @throws InterruptedException if interrupted while waiting out the breaker's pause
   */
  public static Outcome run(PrintStream out, ExampleRedis redis) throws InterruptedException {
    RedisStoreFactory store = RedisStores.redis(redis.uri()).namespace("cachelab-tour").keyCodec(Codec.string())
        .valueCodec(Codec.string()).timeout(Duration.ofMillis(500)).circuitBreaker(FAILURES_TO_OPEN, OPEN_FOR);
    CircuitBreaker breaker = store.circuitBreaker();
    say(out, "A cache on Redis, fail-open (the default), with a circuit breaker that opens after %d failures in a",
        FAILURES_TO_OPEN);
    say(out, "row and probes Redis again %d s later:", OPEN_FOR.toSeconds());
    say(out, "  RedisStores.redis(uri).timeout(500 ms).circuitBreaker(%d, %d s)", FAILURES_TO_OPEN,
        OPEN_FOR.toSeconds());
    say(out, "Each request is cache.get(\"user:42\", db::loadUser).");

    try (Cache<String, String> cache = CacheBuilder.newBuilder().name("users").store(store).recordStats().build()) {
      cache.invalidateAll();
      Requests requests = new Requests(out, cache, breaker);

      say(out, "%n1. Redis is up");
      requests.make(3);

      say(out, "%n2. The redis-server is stopped (kill -9, as a crash would)");
      redis.stop();
      requests.make(REQUESTS_WHILE_DOWN);
      long openedAt = System.nanoTime();

      say(out, "%n3. The redis-server starts again on the same port (empty, as after a crash without persistence)");
      redis.restart();
      say(out, "   The breaker is still %s: it waits out its %d s pause before a call probes Redis.", breaker.state(),
          OPEN_FOR.toSeconds());
      long wait = openedAt + OPEN_FOR.toNanos() - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait + TimeUnit.MILLISECONDS.toNanos(50)); // the breaker's clock is real time
      }
      requests.make(2);

      CacheStats stats = cache.stats();
      say(out, "%nEvery one of %d requests got its user: %d from Redis, %d from the loader. %d store errors (Redis",
          requests.made, stats.hitCount(), requests.loads.get(), stats.storeErrorCount());
      say(out, "calls that failed or were skipped) were counted as misses, never thrown. The breaker opened %d time",
          breaker.openCount());
      say(out, "and is %s: Redis is used again.", breaker.state());
      cache.invalidateAll();
      return new Outcome(requests.made, requests.failed, requests.loads.get(), breaker.openCount(), breaker.state(),
          stats);
    }
  }

  /** Numbered requests, each printed with where its value came from and the breaker's state after it. */
  private static final class Requests {
    private final PrintStream out;
    private final Cache<String, String> cache;
    private final CircuitBreaker breaker;
    private final AtomicInteger loads = new AtomicInteger();
    private int made;
    private int failed;

    Requests(PrintStream out, Cache<String, String> cache, CircuitBreaker breaker) {
      this.out = out;
      this.cache = cache;
      this.breaker = breaker;
    }

    void make(int count) {
      for (int i = 0; i < count; i++) {
        made++;
        long errorsBefore = cache.stats().storeErrorCount();
        CircuitBreaker.State stateBefore = breaker.state();
        int loadsBefore = loads.get();
        String value;
        try {
          value = cache.get("user:42", key -> {
            loads.incrementAndGet();
            return "Ada Lovelace";
          });
        } catch (RuntimeException e) {
          failed++;
          say(out, "   request %d: FAILED: %s   breaker %s", made, e, breaker.state());
          continue;
        }
        boolean redisFailed = cache.stats().storeErrorCount() > errorsBefore;
        String source = loads.get() > loadsBefore ? "from the loader" : "from Redis";
        String redis = !redisFailed ? "" : stateBefore == CircuitBreaker.State.OPEN
            ? "Redis skipped: no round trip" : "Redis failed: a counted miss";
        say(out, "   request %d: %s %-15s  %-29s  breaker %s", made, value, source, redis, breaker.state());
      }
    }
  }

  /**
   * For the tour: what cachelab logs (through {@code System.Logger}, by default {@code java.util.logging}) printed
   * in line with the example's output as {@code   log: LEVEL message}, one line each without stack traces, instead
   * of on standard error. Undone by {@link #close()}.
   */
  private static final class LogLines extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.cachelab");
    private final PrintStream out;
    private final boolean usedParentHandlers;

    private LogLines(PrintStream out) {
      this.out = out;
      this.usedParentHandlers = logger.getUseParentHandlers();
    }

    static LogLines to(PrintStream out) {
      LogLines lines = new LogLines(out);
      lines.logger.addHandler(lines);
      lines.logger.setUseParentHandlers(false);
      return lines;
    }

    @Override
    public void publish(LogRecord record) {
      String message = record.getMessage();
      int newline = message == null ? -1 : message.indexOf('\n');
      out.println("   log: " + record.getLevel() + " " + (newline < 0 ? message : message.substring(0, newline)));
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setUseParentHandlers(usedParentHandlers);
    }
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
