/*
 * A DNS cache: the example the talk started with. Every DNS answer carries its own time to live, so the cache asks
 * the record how long to keep it (expireAfter). A name that does not exist is remembered for a while too (negative
 * caching), and when the resolver is down the last good answer is served a little past its expiry (staleIfError).
 *
 * Time here is a hand-driven clock (a Ticker): the example "waits" minutes in microseconds, exactly as the tests of
 * cachelab itself do.
 */
package dev.cachelab.examples.dns;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.CacheStats;
import dev.cachelab.Ticker;
import dev.cachelab.examples.Tour;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Resolves names through a cache whose entries live as long as each DNS record says. */
public final class DnsExample {

  /** A DNS answer: an address and how long it may be cached. */
  public record DnsRecord(String address, Duration ttl) {}

  /** A pretend upstream resolver that counts its queries and can be switched off. */
  public static final class Resolver {
    private final Map<String, DnsRecord> zone = new HashMap<>();
    private int queries;
    private boolean down;

    Resolver() {
      zone.put("cachelab.dev", new DnsRecord("203.0.113.10", Duration.ofMinutes(5)));
      zone.put("cdn.cachelab.dev", new DnsRecord("203.0.113.77", Duration.ofSeconds(30)));
    }

    /** Returns the record for {@code name}, or {@code null} if the name does not exist (NXDOMAIN). */
    DnsRecord resolve(String name) {
      queries++;
      if (down) {
        throw new IllegalStateException("resolver timed out");
      }
      return zone.get(name);
    }

    int queries() {
      return queries;
    }
  }

  private DnsExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("dns", args);
  }

  /**
   * The tour's entry.
   *
   * @param context where to print
   * @return the summary line
   */
  public static String tour(Tour.Context context) {
    CacheStats stats = run(context.out());
    return String.format("%d lookups, %d from the cache, %d served stale while the resolver was down",
        stats.requestCount(), stats.hitCount() + stats.staleServedCount(), stats.staleServedCount());
  }

  /** Runs the example, printing to {@code out}; returns the cache's statistics at the end. */
  public static CacheStats run(PrintStream out) {
    AtomicLong nanos = new AtomicLong();
    Ticker clock = nanos::get;
    Resolver resolver = new Resolver();
    try (Cache<String, DnsRecord> dns = CacheBuilder.newBuilder()
        .name("dns")
        .ticker(clock)
        .expireAfter((String name, DnsRecord record) -> record.ttl())
        .negativeCaching(Duration.ofSeconds(60))
        .staleIfError(Duration.ofMinutes(2))
        .recordStats()
        .build()) {

      out.println("Each record says how long it may be cached: cachelab.dev 5 min, cdn.cachelab.dev 30 s.");
      Lookup lookup = (time, name) -> {
        nanos.set(time.toNanos());
        int queriesBefore = resolver.queries();
        long staleBefore = dns.stats().staleServedCount();
        String answer;
        String source;
        try {
          DnsRecord record = dns.get(name, resolver::resolve);
          answer = record == null ? "NXDOMAIN" : record.address();
          source = dns.stats().staleServedCount() > staleBefore ? "stale copy: the resolver failed"
              : resolver.queries() > queriesBefore ? "from the resolver" : "from the cache";
        } catch (RuntimeException e) {
          answer = "error";
          source = e.getCause().getMessage() + ", and the grace period is over";
        }
        out.printf("  t=%-6s %-18s -> %-13s %s%n", format(time), name, answer, source);
      };

      out.println("1. Lookups: the first asks the resolver, the next ones are answered from the cache");
      lookup.at(Duration.ZERO, "cachelab.dev");
      lookup.at(Duration.ofSeconds(10), "cachelab.dev");
      lookup.at(Duration.ofSeconds(10), "cdn.cachelab.dev");
      out.println("2. Each record expires on its own schedule");
      lookup.at(Duration.ofSeconds(40), "cdn.cachelab.dev");
      lookup.at(Duration.ofSeconds(40), "cachelab.dev");
      out.println("3. A name that does not exist is remembered for 60 s (negative caching)");
      lookup.at(Duration.ofSeconds(50), "typo.cachelab.dev");
      lookup.at(Duration.ofSeconds(55), "typo.cachelab.dev");
      out.println("4. The resolver goes down: the last good answer is served up to 2 min past its expiry");
      resolver.down = true;
      lookup.at(Duration.ofMinutes(5).plusSeconds(30), "cachelab.dev");
      lookup.at(Duration.ofMinutes(8), "cachelab.dev");

      CacheStats stats = dns.stats();
      out.printf("In all: %d lookups, %d answered from the cache, %d resolver queries (stale answers: %d).%n",
          stats.requestCount(), stats.hitCount() + stats.staleServedCount(), resolver.queries(),
          stats.staleServedCount());
      return stats;
    }
  }

  @FunctionalInterface
  private interface Lookup {
    void at(Duration time, String name);
  }

  private static String format(Duration time) {
    long seconds = time.toSeconds();
    return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60 == 0 ? "" : (seconds % 60) + "s");
  }
}
