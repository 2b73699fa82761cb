package dev.cachelab.internal;

/**
 * A load that waits, directly or through other threads' loads, for itself: a loader that asks the cache for its own
 * key, or two loaders on two threads that each ask for the other's key. Thrown instead of deadlocking. Callers see
 * an {@link IllegalStateException}; the facade lets this one through its loader-failure wrapping.
 */
final class LoadCycleException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  LoadCycleException(String message) {
    super(message);
  }
}
