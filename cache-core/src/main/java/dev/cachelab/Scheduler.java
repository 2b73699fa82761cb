package dev.cachelab;

import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. A cache with a scheduler removes expired entries promptly, at their expiry, instead of
 * lazily when they are next touched; set one with {@link CacheBuilder#scheduler(Scheduler)}.
 *
 * <p>The scheduler only wakes the cache up: the removal itself runs on the cache's executor. Tests pass a fake
 * scheduler that runs its tasks when the test's fake ticker reaches them. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

  /**
   * Schedules {@code task} to run once after {@code delay}.
   *
   * @param task the task
   * @param delay the delay, zero or more
   * @param unit the unit of {@code delay}
   * @return a handle that can cancel the task
   */
  Future<?> schedule(Runnable task, long delay, TimeUnit unit);

  /**
   * Returns a scheduler backed by one shared daemon thread, created on first use and never shut down.
   *
   * @return the system scheduler
   */
  static Scheduler systemScheduler() {
    return SystemScheduler.INSTANCE;
  }

  /**
   * Returns a scheduler that delegates to {@code executor}. The cache never shuts it down: it stays the caller's.
   *
   * @param executor the executor to schedule on
   * @return a scheduler over it
   * @throws NullPointerException if {@code executor} is null
   */
  static Scheduler forScheduledExecutorService(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return executor::schedule;
  }
}

/** The lazily created, shared daemon scheduler behind {@link Scheduler#systemScheduler()}. */
final class SystemScheduler {

  static final Scheduler INSTANCE = Scheduler.forScheduledExecutorService(create());

  private SystemScheduler() {}

  private static ScheduledExecutorService create() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "cachelab-scheduler");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
