package dev.cachelab.internal;

import dev.cachelab.CacheLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * One load in progress, shared by every caller that missed the same key (single flight): who runs it, its result,
 * and whether a write to its key has overtaken it.
 *
 * <p>A caller that finds a load running {@linkplain #await waits} for it. Waiting is where deadlocks would hide, so
 * before it parks, a caller follows the chain "this load's owner waits for that load, whose owner waits for …": if
 * the chain comes back to the caller, waiting would never end, and it fails with an {@link IllegalStateException}
 * instead. The shortest such chain is a loader asking for its own key; the next, two loaders on two threads asking
 * for each other's keys.
 *
 * <p>Thread-safe: {@link #superseded} is guarded by the key's stripe lock in the cache; the rest is final, volatile
 * or a future. A write of the key also takes a running load out of the cache's table of loads (it is "superseded"),
 * so callers that come after the write start a new load rather than join this one.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Load<K, V> {

  /** Which load each waiting thread waits for; the edges of the wait-for graph that {@link #await} walks. */
  private static final ConcurrentHashMap<Thread, Load<?, ?>> WAITING = new ConcurrentHashMap<>();

  final K key;
  /**
   * The loading thread, for cycle detection. An asynchronous load has one only while its loader builds the future
   * (on the caller's thread); once the future is returned no thread owns it, so a wait for it from inside the
   * computation of that same future (on whatever thread completes it) cannot be seen here and would not end.
   */
  volatile Thread owner;
  final CompletableFuture<V> result = new CompletableFuture<>();
  /** Set by a write of the same key while the load runs: its value is then handed out but not stored. */
  boolean superseded;
  /** Set before {@link #result} completes when the load failed and a stale value was served instead. */
  volatile boolean servedStale;

  Load(K key, Thread owner) {
    this.key = key;
    this.owner = owner;
  }

  /**
   * Waits for the load's result. Every waiter sees the same failure: an {@code Error} or a load cycle as it was,
   * anything else as the cause of a {@link CacheLoadException}.
   *
   * @param cacheName the cache's name, for messages
   * @return the loaded value
   * @throws LoadCycleException if waiting would deadlock
   * @throws CacheLoadException if the load failed, or this thread was interrupted (its flag stays set)
   */
  V await(String cacheName) {
    Thread self = Thread.currentThread();
    WAITING.put(self, this);
    try {
      checkForCycle(self, cacheName);
      abandonIfOwnerDied();
      return result.get();
    } catch (InterruptedException e) {
      self.interrupt();
      throw new CacheLoadException("interrupted while waiting for the load of key " + key + " in cache '"
          + cacheName + "'", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof LoadCycleException cycle) {
        throw cycle;
      }
      throw new CacheLoadException("load of key " + key + " failed in cache '" + cacheName + "'", cause);
    } finally {
      WAITING.remove(self);
    }
  }

  /**
   * Whether the thread running this load died without finishing it. An {@code Error} such as
   * {@code StackOverflowError} can unwind a thread past the very {@code finally} blocks that would have finished its
   * load (they overflow too), and nothing else would ever wake the load's waiters.
   */
  boolean abandoned() {
    Thread loadOwner = owner;
    return loadOwner != null && !loadOwner.isAlive() && !result.isDone();
  }

  /** Fails the load if its owner died without finishing it, so that its waiters wake up; see {@link #abandoned}. */
  void abandonIfOwnerDied() {
    if (abandoned()) {
      result.completeExceptionally(new IllegalStateException("the thread " + owner.getName() + " that was loading "
          + "key " + key + " died without finishing the load"));
    }
  }

  /**
   * Follows owner, the load it waits for, that load's owner, …; reaching {@code self} again means a deadlock.
   *
   * <p>The walk reads records that other threads change as it goes, so it only reports a cycle it can prove. A
   * finished load ends the walk: its waiters are about to wake up, even if they have not yet removed their "waiting
   * for" record, so no cycle runs through it. A chain that comes back to {@code self} is checked once more at the
   * end: if every load on it is still unfinished, every thread on it is still blocked (a thread leaves a wait only
   * when the load finishes, and a load finishes only when its owner runs on), so the cycle is real.
   */
  private void checkForCycle(Thread self, String cacheName) {
    List<Load<?, ?>> chain = new ArrayList<>();
    Load<?, ?> load = this;
    for (int hops = 0; load != null && hops < 1_000; hops++) {
      Thread loadOwner = load.owner;
      if (loadOwner == null || load.result.isDone()) {
        return;
      }
      chain.add(load);
      if (loadOwner == self) {
        for (Load<?, ?> link : chain) {
          if (link.result.isDone()) {
            return;
          }
        }
        String message = (load == this)
            ? "the loader of key " + key + " asked cache '" + cacheName + "' for the same key; "
                + "a loader may ask for other keys but not for its own"
            : "loads wait for each other in a cycle that includes key " + key + " in cache '" + cacheName
                + "'; loaders on different threads must not ask for each other's keys";
        throw new LoadCycleException(message);
      }
      load = WAITING.get(loadOwner);
    }
  }
}
