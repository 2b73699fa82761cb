package dev.cachelab;

import java.time.Instant;

/**
 * A source of time, in nanoseconds, that a cache reads instead of the system clock.
 *
 * <p>Only differences between two readings mean anything to a cache that keeps its entries to itself, so
 * {@link #system()} — monotonic, immune to clock changes — is the default. A cache on a store that other processes
 * share, or that outlives this one ({@link dev.cachelab.store.StoreFactory.Capability#SHARED}: a directory, Redis),
 * reads {@link #wallClock()} instead, so that every process agrees on when an entry was written and when it expires.
 *
 * <p>Tests inject a fake ticker and advance it by hand, so no test waits for real time to pass. Implementations must
 * be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current time in nanoseconds, from an arbitrary origin.
   *
   * @return the current reading
   */
  long read();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}: monotonic, with an origin private to this process.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return Tickers.SYSTEM;
  }

  /**
   * Returns a ticker that reads the system's wall clock, in nanoseconds since the Unix epoch: the time of a shared
   * store. Processes agree on it to within the skew of their clocks (keep them synchronized, e.g. with NTP); a clock
   * stepped backwards makes entries live longer by the step, forwards shorter.
   *
   * @return the wall-clock ticker
   */
  static Ticker wallClock() {
    return Tickers.WALL_CLOCK;
  }
}

/** The two built-in tickers, as constants so that a cache can tell them apart. */
final class Tickers {
  static final Ticker SYSTEM = new Ticker() {
    @Override
    public long read() {
      return System.nanoTime();
    }

    @Override
    public String toString() {
      return "Ticker.system()";
    }
  };

  static final Ticker WALL_CLOCK = new Ticker() {
    @Override
    public long read() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public String toString() {
      return "Ticker.wallClock()";
    }
  };

  private Tickers() {}
}
