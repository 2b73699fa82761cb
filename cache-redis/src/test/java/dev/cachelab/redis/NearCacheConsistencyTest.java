package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cachelab.contract.FakeTicker;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The near cache's promise under a stream of updates: instance A writes a key 10,000 times; after each write B
 * reads until it sees it. B never returns a value older than the write before A's last completed one, never the old
 * value once its invalidation has arrived, and sees each write within far less than L1's time to live. The delay from
 * A's completed write to B's first read of it is measured and printed.
 */
class NearCacheConsistencyTest {

  private static final int UPDATES = 10_000;

  @Test
  void overTenThousandUpdatesThroughA_bNeverServesAReplacedValueOnceInvalidated() {
    FakeTicker ticker = new FakeTicker();
    try (NearInstance a = NearInstance.on(SharedServers.standalone().hostAndPort(), "consistency", ticker)
            .awaitTrusted();
        NearInstance b = NearInstance.on(SharedServers.standalone().hostAndPort(), "consistency", ticker)
            .awaitTrusted()) {
      a.cache.put("k", "0");
      NearInstance.await(() -> b.stats().invalidationCount() == 1, "B to hear of the first write");
      long[] delays = new long[UPDATES];
      for (int i = 1; i <= UPDATES; i++) {
        assertEquals(Integer.toString(i - 1), b.cache.getIfPresent("k"), "B holds the previous value in L1");
        long heard = i + 1; // B has heard of i writes; this one is the (i + 1)th
        a.cache.put("k", Integer.toString(i));
        long written = System.nanoTime();
        while (true) {
          boolean invalidated = b.stats().invalidationCount() >= heard; // read before B reads
          int seen = Integer.parseInt(b.cache.getIfPresent("k"));
          if (seen == i) {
            delays[i - 1] = System.nanoTime() - written;
            while (b.stats().invalidationCount() < heard) {
              Thread.onSpinWait(); // B may have read the new value from Redis before its invalidation came
            }
            break;
          }
          if (seen != i - 1) {
            fail("update " + i + ": B returned " + seen + ", older than the write before A's last");
          }
          if (invalidated) {
            fail("update " + i + ": B returned the replaced value " + seen + " after its invalidation arrived");
          }
        }
      }
      Arrays.sort(delays);
      long p50 = delays[UPDATES / 2];
      long p99 = delays[UPDATES * 99 / 100];
      long max = delays[UPDATES - 1];
      System.out.printf("near cache, invalidation delay (A's completed SET -> B reads the new value), %,d updates on "
          + "loopback: p50 %d us, p99 %d us, max %d us%n", UPDATES, p50 / 1000, p99 / 1000, max / 1000);
      assertTrue(max < NearCacheStoreFactory.DEFAULT_TIME_TO_LIVE.toNanos(),
          "every update seen well within L1's time to live; the slowest took " + Duration.ofNanos(max));
      assertEquals(UPDATES + 1, b.stats().invalidationCount(), "B heard of every write, once");
    }
  }
}
