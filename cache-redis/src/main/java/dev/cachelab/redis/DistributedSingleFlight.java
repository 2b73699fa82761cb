package dev.cachelab.redis;

import dev.cachelab.store.LoadLease;
import dev.cachelab.store.Stamped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.params.SetParams;

/**
 * Single flight across processes: before a cache loads (or refreshes) a key, it takes a lock in Redis for that key
 * alone, so one process loads and the others wait for its value.
 *
 * <p><b>The lock</b> is {@code SET <lock key> <token> NX PX <lifetime>} (see {@link RedisKeys#lockKey}): one lock
 * per key, never one per cache, so a leaked lock blocks one key for one lifetime, not every caller. The token is 128
 * random bits; release and extension are Lua scripts that act only if the lock still holds this token, so a process
 * never frees a lock that expired and was taken by another. While the load runs, the lock is extended every third of
 * its lifetime; a process that dies stops extending, and its lock expires after at most one lifetime.
 *
 * <p><b>Waiting.</b> A process that finds the lock taken polls (5 ms, doubling to 50 ms): it returns the new entry
 * as soon as one appears (a write other than the one present when it began), takes the lock if it was released
 * without a value (the load failed or found nothing) or expired, and after one lock lifetime in all gives up and
 * loads by itself. If Redis cannot be asked, the {@link dev.cachelab.store.StoreException} tells the cache to load
 * locally. A load that begins just as another process's finishes can still run twice: the lock narrows a stampede to
 * that window, it does not make loads exactly-once.
 *
 * <p>Thread-safe. One daemon thread per store extends the locks, created on first use.
 */
final class DistributedSingleFlight<K, V> {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long FIRST_PAUSE_MILLIS = 5;
  private static final long LONGEST_PAUSE_MILLIS = 50;

  private final RedisStore<K, V> store;
  private final long lifetimeMillis;
  private ScheduledExecutorService extender;
  private boolean closed;

  DistributedSingleFlight(RedisStore<K, V> store, Duration lockLifetime) {
    this.store = store;
    this.lifetimeMillis = lockLifetime.toMillis();
  }

  LoadLease<V> begin(K key) {
    byte[] lockKey = store.keys().lockKey(store.keyBytes(key));
    byte[] token = newToken();
    SetParams acquire = SetParams.setParams().nx().px(lifetimeMillis);
    Stamped<V> before = store.get(key);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lifetimeMillis);
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      String acquired = store.guard().call("lock", () -> store.client().set(lockKey, token, acquire));
      if ("OK".equals(acquired)) {
        return new Held<>(this, lockKey, token);
      }
      if (System.nanoTime() - deadline >= 0) {
        return LoadLease.none(); // waited one lock lifetime: load here rather than wait on
      }
      try {
        Thread.sleep(pause); // waiting on another process, which no ticker can stand in for
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return LoadLease.none();
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
      Stamped<V> now = store.get(key);
      if (now != null && (before == null || !now.sameWrite(before))) {
        return produced(now);
      }
    }
  }

  private static <V> LoadLease<V> produced(Stamped<V> entry) {
    return new LoadLease<>() {
      @Override
      public Stamped<V> entry() {
        return entry;
      }

      @Override
      public void close() {}
    };
  }

  private static byte[] newToken() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
  }

  private synchronized ScheduledFuture<?> scheduleExtension(Runnable extend) {
    if (closed) {
      return null;
    }
    if (extender == null) {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "cachelab-redis-lock-extender");
        thread.setDaemon(true);
        return thread;
      });
      executor.setRemoveOnCancelPolicy(true);
      extender = executor;
    }
    long period = Math.max(1, lifetimeMillis / 3);
    return extender.scheduleWithFixedDelay(extend, period, period, TimeUnit.MILLISECONDS);
  }

  synchronized void close() {
    closed = true;
    if (extender != null) {
      extender.shutdownNow();
    }
  }

  /** A lock this process holds while it loads. */
  private static final class Held<K, V> implements LoadLease<V> {
    private final DistributedSingleFlight<K, V> owner;
    private final byte[] lockKey;
    private final byte[] token;
    private final ScheduledFuture<?> extension;
    private final AtomicBoolean released = new AtomicBoolean();

    Held(DistributedSingleFlight<K, V> owner, byte[] lockKey, byte[] token) {
      this.owner = owner;
      this.lockKey = lockKey;
      this.token = token;
      byte[] lifetime = Long.toString(owner.lifetimeMillis).getBytes(StandardCharsets.US_ASCII);
      this.extension = owner.scheduleExtension(() -> {
        try {
          owner.store.guard().call("extend lock",
              () -> RedisScripts.EXTEND_LOCK.run(owner.store.client(), lockKey, token, lifetime));
        } catch (RuntimeException e) {
          // Redis unreachable: the lock may expire and another process load too, which is what fail-open means
        }
      });
    }

    @Override
    public Stamped<V> entry() {
      return null;
    }

    @Override
    public void close() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      if (extension != null) {
        extension.cancel(false);
      }
      try {
        owner.store.guard().call("release lock",
            () -> RedisScripts.RELEASE_LOCK.run(owner.store.client(), lockKey, token));
      } catch (RuntimeException e) {
        // it expires after its lifetime
      }
    }
  }
}
