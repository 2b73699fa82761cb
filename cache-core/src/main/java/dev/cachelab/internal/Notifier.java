package dev.cachelab.internal;

import dev.cachelab.RemovalCause;
import dev.cachelab.RemovalListener;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers a cache's removal notifications, never while the notifying thread holds one of the cache's locks.
 *
 * <p>Why: a write reports what it replaced or removed while it holds the key's lock stripe, and the store reports
 * evictions from inside that write. If the listener ran right there — with a same-thread executor it runs on the
 * writing thread — a listener that writes another key would take a second stripe while holding the first; two threads
 * doing that in opposite order deadlock. So every section that holds a cachelab lock is bracketed by
 * {@link #locked()} and {@link #unlocked()}, and a notification raised inside one waits in a per-thread queue until
 * the thread's outermost lock is released; then it goes to the executor (which may run it at once, on this thread,
 * with no lock held). Outside a locked section a notification goes to the executor directly.
 *
 * <p>Thread-safe: the queue is per thread.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Notifier<K, V> {

  private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

  /** What the current thread has held back: how deep in locked sections it is, and the notifications waiting. */
  private static final class Deferred {
    int depth;
    final ArrayDeque<Runnable> pending = new ArrayDeque<>();
  }

  private static final ThreadLocal<Deferred> DEFERRED = ThreadLocal.withInitial(Deferred::new);

  private final String cacheName;
  private final RemovalListener<? super K, ? super V> listener;
  private final Executor executor;

  Notifier(String cacheName, RemovalListener<? super K, ? super V> listener, Executor executor) {
    this.cacheName = cacheName;
    this.listener = listener;
    this.executor = executor;
  }

  /** Whether anyone listens; without a listener, removals need not even be collected. */
  boolean listening() {
    return listener != null;
  }

  /** The current thread entered a section that holds a cachelab lock. */
  static void locked() {
    DEFERRED.get().depth++;
  }

  /** The current thread left such a section; leaving the outermost one delivers what was held back. */
  static void unlocked() {
    Deferred deferred = DEFERRED.get();
    if (--deferred.depth == 0) {
      Runnable next;
      while ((next = deferred.pending.poll()) != null) {
        next.run();
      }
    }
  }

  /** Reports a removal to the listener, once the current thread holds no cachelab lock. */
  void removal(K key, V value, RemovalCause cause) {
    if (listener == null) {
      return;
    }
    Runnable delivery = () -> runInBackground(() -> {
      try {
        listener.onRemoval(key, value, cause);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "cache '" + cacheName + "': removal listener threw for key " + key, e);
      }
    });
    Deferred deferred = DEFERRED.get();
    if (deferred.depth > 0) {
      deferred.pending.add(delivery);
    } else {
      delivery.run();
    }
  }

  /** Runs {@code task} on the executor; if the executor refuses it, on this thread. */
  void runInBackground(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }
}
