package dev.cachelab.jcache;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One created, updated, removed or expired event. For a removed or expired entry the value and the old value are
 * both the value that went away (as the JCache 1.1 clarification has it). Immutable, so thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class EntryEvent<K, V> extends CacheEntryEvent<K, V> {

  private static final long serialVersionUID = 1L;

  private final K key;
  private final transient V value;
  private final transient V oldValue;
  private final boolean oldValueAvailable;

  EntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  /** Returns this event as a listener registered without old values sees it. */
  EntryEvent<K, V> withoutOldValue() {
    if (!oldValueAvailable || getEventType() == EventType.REMOVED || getEventType() == EventType.EXPIRED) {
      return this;
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> source = (Cache<K, V>) getSource();
    return new EntryEvent<>(source, getEventType(), key, value, null, false);
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("an entry event cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return getEventType() + " " + key + "=" + value + (oldValueAvailable ? " (was " + oldValue + ")" : "");
  }
}
