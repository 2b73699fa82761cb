package dev.cachelab.redis;

import dev.cachelab.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several threads doing get-or-load on a cache while a test breaks its Redis: every call's result is checked
 * against the loader's value for its key, every exception that reaches a caller is kept, and the slowest call is
 * timed.
 */
final class Workload implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong slowestNanos = new AtomicLong();
  /** Per thread, when its current call started (0 between calls), for the watchdog. */
  private final java.util.Map<Thread, AtomicLong> callStarts = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicReference<String> slowStack =
      new java.util.concurrent.atomic.AtomicReference<>();

  Workload(Cache<String, String> cache, int threadCount, int keys) {
    for (int i = 0; i < threadCount; i++) {
      Thread thread = new Thread(() -> {
        AtomicLong callStart = callStarts.computeIfAbsent(Thread.currentThread(), t -> new AtomicLong());
        while (running.get()) {
          String key = "k" + ThreadLocalRandom.current().nextInt(keys);
          long start = System.nanoTime();
          callStart.set(start);
          try {
            String value = cache.get(key, k -> "value-of-" + k);
            if (!("value-of-" + key).equals(value)) {
              wrong.add(key + " -> " + value);
            }
          } catch (Throwable t) {
            failures.add(t);
          }
          callStart.set(0);
          slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
          calls.incrementAndGet();
        }
      }, "workload-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    Thread watchdog = new Thread(this::watch, "workload-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Keeps the stack of the first call seen running longer than 600 ms, to say where a slow call waited. */
  private void watch() {
    while (running.get() && slowStack.get() == null) {
      long now = System.nanoTime();
      callStarts.forEach((thread, start) -> {
        long started = start.get();
        if (started != 0 && now - started > 600_000_000L && slowStack.get() == null) {
          StringBuilder stack = new StringBuilder(thread.getName() + " after " + (now - started) / 1_000_000 + " ms:");
          for (StackTraceElement frame : thread.getStackTrace()) {
            stack.append("\n  at ").append(frame);
          }
          slowStack.compareAndSet(null, stack.toString());
        }
      });
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Where the first call slower than 600 ms was waiting, or an empty string. */
  String slowStack() {
    String stack = slowStack.get();
    return stack == null ? "" : stack;
  }

  /** Lets the threads run for {@code millis} of real time (they are the load; the test waits on the server). */
  void runFor(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  List<Throwable> failures() {
    return List.copyOf(failures);
  }

  List<String> wrongResults() {
    return List.copyOf(wrong);
  }

  long calls() {
    return calls.get();
  }

  long slowestMillis() {
    return slowestNanos.get() / 1_000_000;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(10_000);
    }
  }
}
