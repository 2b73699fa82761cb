package dev.cachelab.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * {@link Copier#serializing()}: passes the JDK's immutable value types through and copies the rest by Java
 * serialization in memory, resolving classes with the cache manager's class loader (so a value defined by an
 * application's class loader comes back as that class). Stateless, so thread-safe.
 */
enum SerializingCopier implements Copier {
  INSTANCE;

  /** Types whose instances cannot change: a copy would be equal and indistinguishable, so none is made. */
  private static final Set<Class<?>> IMMUTABLE = Set.of(
      String.class, Boolean.class, Byte.class, Short.class, Character.class, Integer.class, Long.class,
      Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, URI.class, Class.class,
      Duration.class, Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class,
      ZonedDateTime.class);

  @Override
  @SuppressWarnings("unchecked")
  public <T> T copy(T object, ClassLoader classLoader) {
    Class<?> type = object.getClass();
    if (IMMUTABLE.contains(type) || type.isEnum() || object instanceof Enum<?>) {
      return object;
    }
    if (type.isArray() && type.getComponentType().isPrimitive()) {
      return (T) cloneArray(object);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("cannot copy a " + type.getName() + " for a store-by-value JCache cache: "
          + "it is not Serializable; make it Serializable, set another Copier with CachelabConfiguration.setCopier, "
          + "or configure the cache with setStoreByValue(false)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy a " + type.getName() + " by serialization", e);
    }
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()),
        classLoader)) {
      return (T) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy a " + type.getName() + " by serialization", e);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("cannot copy a " + type.getName() + ": the cache's class loader "
          + classLoader + " does not see " + e.getMessage(), e);
    }
  }

  private static Object cloneArray(Object array) {
    if (array instanceof byte[] a) {
      return a.clone();
    } else if (array instanceof int[] a) {
      return a.clone();
    } else if (array instanceof long[] a) {
      return a.clone();
    } else if (array instanceof char[] a) {
      return a.clone();
    } else if (array instanceof double[] a) {
      return a.clone();
    } else if (array instanceof float[] a) {
      return a.clone();
    } else if (array instanceof short[] a) {
      return a.clone();
    }
    return ((boolean[]) array).clone();
  }

  @Override
  public String toString() {
    return "Copier.serializing()";
  }

  /** Resolves classes with a given loader first, then with the platform's usual rules. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader classLoader;

    LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, classLoader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
      Class<?>[] types = new Class<?>[interfaces.length];
      for (int i = 0; i < interfaces.length; i++) {
        types[i] = Class.forName(interfaces[i], false, classLoader);
      }
      @SuppressWarnings("deprecation")
      Class<?> proxy = Proxy.getProxyClass(classLoader, types);
      return proxy;
    }
  }
}
