package dev.cachelab.jcache;

import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@code EntryProcessor} sees in {@code invoke}. It records what the processor did, as one
 * {@link Action}, which the cache then applies in one step: several {@code setValue} calls are one write, a
 * {@code setValue} followed by {@code remove} on an absent key is nothing at all.
 *
 * <p>Confined to the thread running the processor.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** What the processor did to the entry. */
  enum Action {
    /** Nothing (or a create undone by a remove). */
    NONE,
    /** Read the existing value. */
    READ,
    /** Read a missing value that the cache's loader then loaded. */
    LOADED,
    /** Set a value where there was none. */
    CREATED,
    /** Set a new value over an existing one. */
    UPDATED,
    /** Removed the existing value. */
    DELETED
  }

  private final K key;
  private final boolean existed;
  private V value;
  private CacheLoader<K, V> loader;
  private Action action = Action.NONE;

  ProcessorEntry(K key, V value, CacheLoader<K, V> loader) {
    this.key = key;
    this.value = value;
    this.existed = value != null;
    this.loader = loader;
  }

  Action action() {
    return action;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (action != Action.NONE) {
      return value;
    }
    if (value != null) {
      action = Action.READ;
    } else if (loader != null) {
      value = loader.load(key);
      loader = null;
      if (value != null) {
        action = Action.LOADED;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return action == Action.NONE ? existed : value != null;
  }

  @Override
  public void remove() {
    // a value created in this call and then removed leaves the key as it was
    action = action == Action.CREATED ? Action.NONE : Action.DELETED;
    value = null;
  }

  @Override
  public void setValue(V value) {
    Objects.requireNonNull(value, "value");
    if (action != Action.CREATED) {
      action = existed ? Action.UPDATED : Action.CREATED;
    }
    this.value = value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a processor's entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value + " (" + action + ")";
  }
}
