package dev.cachelab;

/**
 * A source of time, in nanoseconds, that a cache reads instead of the system clock.
 *
 * <p>Only differences between two readings mean anything. Tests inject a fake ticker and advance it by hand, so
 * no test waits for real time to pass. Implementations must be thread-safe.
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
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
