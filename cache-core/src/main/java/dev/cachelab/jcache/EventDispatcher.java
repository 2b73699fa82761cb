package dev.cachelab.jcache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * The entry listeners of one JCache cache. Operations collect their events in an {@link Events} buffer while they
 * hold the key's lock, and hand the buffer over once the lock is released: synchronous listeners then run on the
 * calling thread before the operation returns (their failures reach the caller as
 * {@link CacheEntryListenerException}), asynchronous ones run on the executor, each in order.
 *
 * <p>Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class EventDispatcher<K, V> {

  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private final Executor executor;

  EventDispatcher(Executor executor) {
    this.executor = executor;
  }

  List<Registration<K, V>> registrations() {
    return registrations;
  }

  /**
   * Registers a listener.
   *
   * @throws IllegalArgumentException if an equal configuration is already registered
   */
  void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        throw new IllegalArgumentException("this listener configuration is already registered: " + configuration);
      }
    }
    registrations.add(new Registration<>(configuration, executor));
  }

  /** Removes a listener; returns whether it was registered. */
  Registration<K, V> deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration().equals(configuration)) {
        registrations.remove(registration);
        return registration;
      }
    }
    return null;
  }

  boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /** Delivers what an operation collected; call it after releasing every lock. */
  void publish(Events<K, V> events) {
    if (events.isEmpty()) {
      return;
    }
    CacheEntryListenerException failure = null;
    for (EntryEvent<K, V> event : events.list) {
      for (Registration<K, V> registration : registrations) {
        try {
          if (!registration.accepts(event)) {
            continue;
          }
          if (registration.isSynchronous()) {
            registration.deliver(event);
          } else {
            registration.deliverLater(event);
          }
        } catch (CacheEntryListenerException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    events.list.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The events of one operation, collected under the key's lock and delivered after it. Confined to one thread.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  static final class Events<K, V> {
    private final Cache<K, V> source;
    private final boolean enabled;
    private final List<EntryEvent<K, V>> list = new ArrayList<>(2);

    Events(Cache<K, V> source, boolean enabled) {
      this.source = source;
      this.enabled = enabled;
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    void created(K key, V value) {
      if (enabled) {
        list.add(new EntryEvent<>(source, EventType.CREATED, key, value, null, false));
      }
    }

    void updated(K key, V oldValue, V value) {
      if (enabled) {
        list.add(new EntryEvent<>(source, EventType.UPDATED, key, value, oldValue, true));
      }
    }

    void removed(K key, V value) {
      if (enabled) {
        list.add(new EntryEvent<>(source, EventType.REMOVED, key, value, value, true));
      }
    }

    void expired(K key, V value) {
      if (enabled) {
        list.add(new EntryEvent<>(source, EventType.EXPIRED, key, value, value, true));
      }
    }
  }
}
