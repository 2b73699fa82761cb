package dev.cachelab.memo;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The invocation handler of {@link Memoizer#proxy}: answers each non-void interface method from a {@link MemoTable}
 * keyed by the method and its arguments, and calls the target on a miss.
 *
 * <p>What is not memoized: {@code equals}, {@code hashCode} and {@code toString} go to the target each time
 * ({@code equals} is also true for the proxy itself, as {@code Collections.unmodifiableList} does it, so a proxy
 * equals itself even when the target's {@code equals} does not know the proxy); void methods run on the target each
 * time, since they are called for their effect. Default methods are memoized like the others and run on the target
 * (its override, or the default inherited by it); calls they make to other methods of the interface therefore reach
 * the target directly, not through the cache.
 *
 * <p>The target's exceptions reach the caller as themselves. A checked exception cannot leave the cache's loader (a
 * {@code Function}), so it crosses the cache inside a {@link TargetException}, which is unwrapped here again.
 *
 * <p>Thread-safe if the target is.
 */
final class MemoizingHandler implements InvocationHandler {

  private final Object target;
  private final MemoTable<ArgumentKey, Object> table;

  MemoizingHandler(Object target, MemoTable<ArgumentKey, Object> table) {
    this.target = target;
    this.table = table;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    if (method.getReturnType() == void.class) {
      try {
        return callTarget(method, args);
      } catch (TargetException e) {
        throw e.getCause();
      }
    }
    try {
      return table.call(ArgumentKey.ofCall(method, args), () -> callTarget(method, args));
    } catch (TargetException e) {
      throw e.getCause();
    }
  }

  /** The three {@code Object} methods a proxy passes to its handler. */
  private Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0] || target.equals(args[0]);
      case "hashCode" -> target.hashCode();
      case "toString" -> target.toString();
      default -> throw new IllegalStateException("a proxy passed an unexpected Object method to its handler: "
          + method);
    };
  }

  private Object callTarget(Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new TargetException(cause);
    } catch (IllegalAccessException e) {
      // Memoizer.proxy checked the interface's visibility and its module's exports; this is what is left.
      throw new IllegalStateException("the memoizing proxy cannot call " + method + " on its target: "
          + e.getMessage(), e);
    }
  }

  /** Carries a target's checked exception through the cache, which accepts only unchecked failures from a loader. */
  private static final class TargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TargetException(Throwable cause) {
      super(cause.toString(), cause, false, false);
    }
  }
}
