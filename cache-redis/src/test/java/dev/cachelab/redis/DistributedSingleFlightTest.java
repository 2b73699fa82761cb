package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * Single flight across processes: caches with separate clients (and a child JVM) over one Redis load a key once;
 * a lock whose holder was killed is taken over once it expires. Tests wait for the other side to act — a loader
 * that started, a thread that is polling, a line from the child — never for a lock's lifetime by sleeping.
 */
class DistributedSingleFlightTest {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final String namespace = "flight-" + NAMESPACES.incrementAndGet();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private Cache<String, String> instance(Duration lockLifetime) {
    RedisClient client = RedisClient.create(SharedServers.standalone().hostAndPort());
    Cache<String, String> cache = CacheBuilder.newBuilder().name("flight")
        .store(RedisStores.redis(client).namespace(namespace).keyCodec(Codec.string()).valueCodec(Codec.string())
            .distributedSingleFlight(lockLifetime))
        .recordStats().build();
    closing.add(0, client);
    closing.add(0, cache);
    return cache;
  }

  private String lockKey() {
    return namespace + ":flight#lock:k";
  }

  /** Waits until {@code thread} is parked or sleeping (polling for the other's value), a real wait on a thread. */
  private static void awaitWaiting(AtomicReference<Thread> thread) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, "the second caller never started waiting");
      Thread.sleep(5);
    }
  }

  @Test
  void aStampedeFromTwoInstances_runsTheLoaderOnce() throws Exception {
    Cache<String, String> a = instance(Duration.ofSeconds(10));
    Cache<String, String> b = instance(Duration.ofSeconds(10));
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);

    Future<String> first = threads.submit(() -> a.get("k", key -> {
      loads.incrementAndGet();
      loading.countDown();
      await(finish);
      return "loaded once";
    }));
    assertTrue(loading.await(20, TimeUnit.SECONDS));
    AtomicReference<Thread> waiter = new AtomicReference<>();
    Future<String> second = threads.submit(() -> {
      waiter.set(Thread.currentThread());
      return b.get("k", key -> {
        loads.incrementAndGet();
        return "loaded twice";
      });
    });
    awaitWaiting(waiter);
    finish.countDown();

    assertEquals("loaded once", first.get(20, TimeUnit.SECONDS));
    assertEquals("loaded once", second.get(20, TimeUnit.SECONDS));
    assertEquals(1, loads.get());
    try (Jedis admin = SharedServers.standalone().admin()) {
      assertFalse(admin.exists(lockKey()), "the holder released its lock");
    }
  }

  @Test
  void aStampedeWithAChildJvm_runsTheLoaderOnce_inTheChild() throws Exception {
    Cache<String, String> parent = instance(Duration.ofSeconds(10));
    try (ChildJvm child = ChildJvm.start(SingleFlightChild.class,
        Integer.toString(SharedServers.standalone().port()), namespace, "10000")) {
      child.await("loading"::equals, WAIT);
      AtomicInteger loads = new AtomicInteger();
      AtomicReference<Thread> waiter = new AtomicReference<>();
      Future<String> mine = threads.submit(() -> {
        waiter.set(Thread.currentThread());
        return parent.get("k", key -> {
          loads.incrementAndGet();
          return "from-parent";
        });
      });
      awaitWaiting(waiter);
      child.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
      child.stdin().flush();

      assertEquals("done from-child:go", child.await(line -> line.startsWith("done"), WAIT));
      assertEquals("from-child:go", mine.get(20, TimeUnit.SECONDS));
      assertEquals(0, loads.get(), "the parent used the child's value");
    }
  }

  @Test
  void aLockWhoseHolderWasKilled_isTakenOverAfterItsLifetime() throws Exception {
    Duration lifetime = Duration.ofMillis(1500);
    Cache<String, String> survivor = instance(lifetime);
    try (ChildJvm child = ChildJvm.start(SingleFlightChild.class,
        Integer.toString(SharedServers.standalone().port()), namespace, Long.toString(lifetime.toMillis()))) {
      child.await("loading"::equals, WAIT);
      child.kill(); // kill -9, mid-load, holding the lock
    }
    long ttl;
    try (Jedis admin = SharedServers.standalone().admin()) {
      ttl = admin.pttl(lockKey());
    }
    assertTrue(ttl > 0, "the dead holder's lock is still there: " + ttl);

    AtomicInteger loads = new AtomicInteger();
    long start = System.nanoTime();
    String value = CompletableFuture.supplyAsync(() -> survivor.get("k", key -> {
      loads.incrementAndGet();
      return "taken over";
    }), threads).get(20, TimeUnit.SECONDS);
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;

    assertEquals("taken over", value);
    assertEquals(1, loads.get());
    assertTrue(waitedMillis >= ttl - 50, "it waited for the lock to expire (" + ttl + " ms), not " + waitedMillis);
    assertTrue(waitedMillis < lifetime.toMillis() + 1000, "it took over soon after expiry: " + waitedMillis + " ms");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(20, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
