package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.CacheLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link Memoizer#once}: at most one successful computation, shared by every thread. */
class OnceTest {

  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void get_onSixteenThreadsAtOnce_computesOnce() {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Supplier<Object> once = Memoizer.once(() -> {
      runs.incrementAndGet();
      Threads.await(release);
      return new Object();
    });
    AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(16);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int slot = i;
      threads.add(new Thread(() -> {
        Threads.await(start);
        results.set(slot, once.get());
      }, "caller-" + i));
    }
    threads.forEach(Thread::start);

    start.countDown();
    waitUntilRunning();
    Threads.awaitAllWaiting(threads);
    release.countDown();
    Threads.joinAll(threads);

    assertEquals(1, runs.get());
    assertNotNull(results.get(0));
    for (int i = 1; i < 16; i++) {
      assertSame(results.get(0), results.get(i), "caller " + i + " got another instance");
    }
  }

  @Test
  void get_afterSuccess_returnsTheSameValueWithoutComputing() {
    Supplier<List<String>> once = Memoizer.once(() -> {
      runs.incrementAndGet();
      return new ArrayList<>(List.of("a"));
    });

    List<String> first = once.get();

    assertSame(first, once.get());
    assertEquals(1, runs.get());
  }

  @Test
  void failure_isNotCached_soTheNextCallTriesAgain() {
    IllegalStateException failure = new IllegalStateException("config server down");
    Supplier<String> once = Memoizer.once(() -> {
      if (runs.incrementAndGet() == 1) {
        throw failure;
      }
      return "config";
    });

    assertSame(failure, assertThrows(IllegalStateException.class, once::get));
    assertEquals("config", once.get());
    assertEquals("config", once.get());
    assertEquals(2, runs.get());
  }

  @Test
  void nullResult_isCachedLikeAnyValue() {
    Supplier<String> once = Memoizer.once(() -> {
      runs.incrementAndGet();
      return null;
    });

    assertNull(once.get());
    assertNull(once.get());
    assertEquals(1, runs.get());
  }

  @Test
  void supplierAskingForItsOwnValue_failsInsteadOfComputingTwice() {
    AtomicReference<Supplier<String>> self = new AtomicReference<>();
    self.set(Memoizer.once(() -> {
      runs.incrementAndGet();
      return "x" + self.get().get();
    }));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> self.get().get());
    assertTrue(e.getMessage().contains("asked for its own value"), e.getMessage());
    assertEquals(1, runs.get());
  }

  @Test
  void waitingThread_whenInterrupted_failsAndKeepsItsInterruptFlag() {
    CountDownLatch release = new CountDownLatch(1);
    Supplier<String> once = Memoizer.once(() -> {
      runs.incrementAndGet();
      Threads.await(release);
      return "value";
    });
    AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread computer = new Thread(once::get, "computer");
    Thread waiter = new Thread(() -> {
      try {
        once.get();
      } catch (Throwable t) {
        waiterFailure.set(t);
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    }, "waiter");
    computer.start();
    waitUntilRunning();
    waiter.start();
    Threads.awaitAllWaiting(List.of(computer, waiter));

    waiter.interrupt();
    Threads.joinAll(List.of(waiter));
    release.countDown();
    Threads.joinAll(List.of(computer));

    assertInstanceOf(CacheLoadException.class, waiterFailure.get());
    assertInstanceOf(InterruptedException.class, waiterFailure.get().getCause());
    assertTrue(flagKept.get(), "the interrupt flag stays set");
    assertEquals("value", once.get(), "the computation went on for the others");
    assertEquals(1, runs.get());
  }

  private void waitUntilRunning() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (runs.get() < 1) {
      assertTrue(System.nanoTime() < deadline, "the supplier did not start");
      Thread.yield();
    }
  }
}
