package dev.cachelab.jcache;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/**
 * One registered entry listener: its configuration, the listener and filter made from its factories, and, for an
 * asynchronous listener, a serial queue on the shared executor so that it hears each key's events in order.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Registration<K, V> {

  private static final System.Logger LOG = System.getLogger(Registration.class.getName());

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final Executor executor;
  private final Queue<Runnable> queue = new ArrayDeque<>();
  private boolean draining;

  Registration(CacheEntryListenerConfiguration<K, V> configuration, Executor executor) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.executor = executor;
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  CacheEntryListener<? super K, ? super V> listener() {
    return listener;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /** Returns whether this listener wants events of the event's type and its filter lets it through. */
  boolean accepts(EntryEvent<K, V> event) {
    boolean wanted = switch (event.getEventType()) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
    if (!wanted) {
      return false;
    }
    try {
      return filter == null || filter.evaluate(event);
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException("the filter of " + listener + " threw on " + event, e);
    }
  }

  /** Delivers an event that {@link #accepts} let through, on this thread. */
  @SuppressWarnings("unchecked")
  void deliver(EntryEvent<K, V> event) {
    EntryEvent<K, V> seen = configuration.isOldValueRequired() ? event : event.withoutOldValue();
    List<EntryEvent<K, V>> events = List.of(seen);
    try {
      switch (event.getEventType()) {
        case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated((Iterable) events);
        case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated((Iterable) events);
        case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved((Iterable) events);
        case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired((Iterable) events);
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException("listener " + listener + " threw on " + event, e);
    }
  }

  /** Queues an event for an asynchronous listener; events run one at a time, in the order they were queued. */
  void deliverLater(EntryEvent<K, V> event) {
    synchronized (queue) {
      queue.add(() -> deliver(event));
      if (draining) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        // An asynchronous listener has no caller to throw to: the failure is logged and the others still run.
        LOG.log(System.Logger.Level.WARNING, "asynchronous JCache listener failed", e);
      }
    }
  }
}
