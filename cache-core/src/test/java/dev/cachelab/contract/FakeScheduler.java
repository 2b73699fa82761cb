package dev.cachelab.contract;

import dev.cachelab.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A scheduler driven by a {@link FakeTicker}: tasks run when the test calls {@link #runDue()}. Thread-safe. */
public final class FakeScheduler implements Scheduler {

  private record Task(long due, Runnable task, CompletableFuture<Void> handle) {}

  private final FakeTicker ticker;
  private final List<Task> tasks = new ArrayList<>();

  public FakeScheduler(FakeTicker ticker) {
    this.ticker = ticker;
  }

  @Override
  public synchronized Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
    CompletableFuture<Void> handle = new CompletableFuture<>();
    tasks.add(new Task(ticker.read() + unit.toNanos(delay), task, handle));
    return handle;
  }

  /** Runs every task whose time has come (and any they schedule that are due too); returns how many ran. */
  public int runDue() {
    int ran = 0;
    while (true) {
      Task next = null;
      synchronized (this) {
        long now = ticker.read();
        for (Task task : tasks) {
          if (task.due() <= now && (next == null || task.due() < next.due())) {
            next = task;
          }
        }
        if (next == null) {
          return ran;
        }
        tasks.remove(next);
      }
      if (!next.handle().isCancelled()) {
        next.task().run();
        ran++;
      }
    }
  }

  /** Returns the number of tasks waiting, cancelled or not. */
  public synchronized int pending() {
    return tasks.size();
  }
}
