package dev.cachelab.contract;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** An executor that queues tasks until the test runs them, or never (to model work that has not started yet). */
public final class ManualExecutor implements Executor {

  private final Queue<Runnable> tasks = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  /** Returns the number of tasks waiting. */
  public synchronized int pending() {
    return tasks.size();
  }

  /** Runs the waiting tasks, and those they submit, until none is left; returns how many ran. */
  public int runAll() {
    int ran = 0;
    Runnable task;
    while ((task = poll()) != null) {
      task.run();
      ran++;
    }
    return ran;
  }

  /** Drops the waiting tasks without running them. */
  public synchronized void discardAll() {
    tasks.clear();
  }

  private synchronized Runnable poll() {
    return tasks.poll();
  }
}
