package dev.cachelab.memo;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.codec.CodecException;
import dev.cachelab.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Memoization into a directory, so results survive the JVM: Python's {@code joblib.Memory} for Java. The first run
 * of a program computes; the next run finds the results on disk and returns them at once.
 *
 * <pre>{@code
 * try (PersistentMemoizer memory = PersistentMemoizer.open(Path.of("cache"))) {
 *   MemoizedFunction<Integer, Report> report =
 *       memory.memoize("report", "2", this::buildReport, Codec.json(Report.class));
 *   report.apply(2024);          // computed and written on the first run, read from disk afterwards
 *   report.cacheInfo();          // this run's hits and misses, and how many results are on disk
 * }
 * }</pre>
 *
 * <p><b>Names and versions.</b> A function is identified by a name and a version that you give (joblib looks at the
 * function's source; Java has no reliable way to, so you say when the code changed). Change the version when a
 * change to the function changes its results: {@code memoize} then deletes the results of every other version of
 * that name, and computes afresh. Both are made of letters, digits, {@code .}, {@code _} and {@code -}.
 *
 * <p><b>Keys.</b> A call's key is the canonical encoding of the function's name, its version and the argument (by
 * default with {@link Codec#canonical(Class...)}: strings, numbers, lists, sets, maps, records and enums you list),
 * and its file is named by the SHA-256 of that — never by {@code hashCode()}, which may differ between runs. An
 * argument the codec cannot encode gets {@link IllegalArgumentException} naming its type; so does a result the result
 * codec cannot encode.
 *
 * <p><b>Layout.</b> {@code <directory>/<name>/<version>/} is a {@linkplain Stores#directory(Path) directory store}:
 * one file per result, written to a temporary file and renamed into place. A crash — the process killed at any
 * moment — loses at most the result being written; the next run keeps every complete result and computes the rest.
 *
 * <p><b>Processes.</b> One process at a time may memoize a given function and version: a second one fails in
 * {@code memoize} with {@link IllegalStateException} (the directory store's lock file). Different functions in one
 * directory may be used by different processes.
 *
 * <p><b>Counting.</b> {@link MemoizedFunction#cacheInfo()} counts as the in-memory memoizers do, for this run: hits
 * are calls answered from disk (or memory), misses are calls that ran the function; {@code currentSize} is the number
 * of results on disk for this function and version; {@code maxSize} is {@code -1} (unbounded).
 * {@link MemoizedFunction#cacheClear()} deletes that function's results and resets its counters;
 * {@link #clear()} deletes every function's.
 *
 * <p>Thread-safe. Calls with an equal argument share one computation (single flight), and a memoized function may
 * call itself.
 */
public final class PersistentMemoizer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PersistentMemoizer.class.getName());
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path directory;
  private final Map<String, Memoized> functions = new LinkedHashMap<>();
  private boolean closed;

  private PersistentMemoizer(Path directory) {
    this.directory = directory;
  }

  /** One function memoized here: its cache and the function handed out. */
  private record Memoized(String version, Cache<CallKey, ?> cache, MemoizedFunction<?, ?> function) {}

  /**
   * Opens {@code directory} for persistent memoization, creating it if needed.
   *
   * @param directory where results are kept, one subdirectory per function and version
   * @return a memoizer to {@link #close()} when done
   * @throws NullPointerException if {@code directory} is null
   * @throws IllegalArgumentException if the directory cannot be created
   */
  public static PersistentMemoizer open(Path directory) {
    Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalArgumentException("PersistentMemoizer.open(" + directory + "): cannot create the directory ("
          + e + "); give a directory this process can create and write", e);
    }
    return new PersistentMemoizer(directory);
  }

  /**
   * Returns {@code fn} memoized into this directory, its arguments encoded with {@link Codec#canonical(Class...)}
   * (strings, numbers, lists, sets and maps of them).
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param name the function's name, unique in this directory
   * @param version the function's version; a new one discards the results of the others
   * @param fn the function
   * @param resultCodec encodes results on disk; a codec of a supertype, such as {@code Codec.canonical(...)}, is
   *     fine, since what it decodes was written by this function and version
   * @return the memoized function
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} or {@code version} is not a plain name, or the function's
   *     directory cannot be created or written
   * @throws IllegalStateException if this memoizer already memoizes {@code name}, another process memoizes it in the
   *     same directory, or this memoizer is closed
   */
  public <T, R> MemoizedFunction<T, R> memoize(String name, String version, Function<? super T, ? extends R> fn,
      Codec<? super R> resultCodec) {
    return memoize(name, version, fn, Codec.canonical(), resultCodec);
  }

  /**
   * Returns {@code fn} memoized into this directory, its arguments encoded with {@code argumentCodec}.
   *
   * @param <T> the argument type
   * @param <R> the result type
   * @param name the function's name, unique in this directory
   * @param version the function's version; a new one discards the results of the others
   * @param fn the function
   * @param argumentCodec a canonical codec for the arguments, for instance {@code Codec.canonical(Query.class)}
   * @param resultCodec encodes results on disk
   * @return the memoized function
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} or {@code version} is not a plain name, {@code argumentCodec}
   *     is not canonical, or the function's directory cannot be created or written
   * @throws IllegalStateException if this memoizer already memoizes {@code name}, another process memoizes it in the
   *     same directory, or this memoizer is closed
   */
  public synchronized <T, R> MemoizedFunction<T, R> memoize(String name, String version,
      Function<? super T, ? extends R> fn, Codec<? super T> argumentCodec, Codec<? super R> resultCodec) {
    checkName("name", name);
    checkName("version", version);
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(argumentCodec, "argumentCodec");
    Objects.requireNonNull(resultCodec, "resultCodec");
    if (!argumentCodec.isCanonical()) {
      throw new IllegalArgumentException("argumentCodec must be canonical (equal arguments, equal bytes), and "
          + argumentCodec + " is not; use Codec.canonical(...) or Codec.string()");
    }
    checkOpen();
    if (functions.containsKey(name)) {
      throw new IllegalStateException("function '" + name + "' is already memoized by this PersistentMemoizer "
          + "(version " + functions.get(name).version() + "); use the MemoizedFunction it returned");
    }
    Path functionDirectory = directory.resolve(name);
    discardOtherVersions(functionDirectory, version);
    Cache<CallKey, R> cache = CacheBuilder.newBuilder()
        .name("PersistentMemoizer:" + name + "/" + version)
        .executor(Runnable::run)
        .store(Stores.directory(functionDirectory.resolve(version)).keyCodec(CallKey.CODEC).valueCodec(resultCodec))
        .build();
    byte[] prefix = Codec.canonical().encode(List.of(name, version));
    MemoTable<CallKey, R> table = new MemoTable<>(cache, MemoTable.UNBOUNDED);
    @SuppressWarnings("unchecked")
    Codec<T> arguments = (Codec<T>) argumentCodec;
    MemoizedFunction<T, R> function = new CachedFunction<T, CallKey, R>(
        table,
        argument -> CallKey.of(prefix, arguments.encode(argument)),
        (self, argument) -> checkEncodable(fn.apply(argument), resultCodec, name),
        "PersistentMemoizer.memoize(\"" + name + "\", \"" + version + "\", " + fn + ")");
    functions.put(name, new Memoized(version, cache, function));
    return function;
  }

  /** Encodes the result once before it is stored, so a result the codec refuses is an error, not a silent miss. */
  private static <R> R checkEncodable(R result, Codec<? super R> codec, String name) {
    if (result != null) {
      try {
        codec.encode(result);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("function '" + name + "' returned a " + result.getClass().getName()
            + " that " + codec + " cannot encode, so it cannot be kept on disk: " + e.getMessage(), e);
      }
    }
    return result;
  }

  /** Deletes the results of every version of a function but {@code version} (joblib does so when code changes). */
  private void discardOtherVersions(Path functionDirectory, String version) {
    for (Path other : subdirectories(functionDirectory)) {
      if (!other.getFileName().toString().equals(version)) {
        if (!deleteResults(other)) {
          LOG.log(System.Logger.Level.WARNING, "results of " + other + " were kept: another process is using them");
        }
      }
    }
  }

  /**
   * Deletes every result of every function in the directory, including functions not memoized in this run, and
   * resets the counters of the functions memoized here.
   *
   * @throws IllegalStateException if this memoizer is closed, or another process is using some function's results
   *     (the others are deleted all the same; the message names those left)
   */
  public synchronized void clear() {
    checkOpen();
    List<Path> inUse = new ArrayList<>();
    for (Path function : subdirectories(directory)) {
      Memoized here = functions.get(function.getFileName().toString());
      for (Path version : subdirectories(function)) {
        if (here != null && version.getFileName().toString().equals(here.version())) {
          here.function().cacheClear();
        } else if (!deleteResults(version)) {
          inUse.add(version);
        }
      }
    }
    if (!inUse.isEmpty()) {
      throw new IllegalStateException("results in " + inUse + " were not deleted: another process is using them");
    }
  }

  /** Deletes a version's results and its directory; {@code false} if another cache holds it. */
  private static boolean deleteResults(Path versionDirectory) {
    try (Cache<Object, Object> cache = CacheBuilder.newBuilder().store(Stores.directory(versionDirectory)).build()) {
      cache.invalidateAll();
    } catch (IllegalStateException inUse) {
      return false;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(versionDirectory)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(versionDirectory);
    } catch (IOException e) {
      // a file we do not know is left; the results themselves are gone
    }
    return true;
  }

  private static List<Path> subdirectories(Path parent) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return found;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, Files::isDirectory)) {
      children.forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + parent, e);
    }
    found.sort(null);
    return found;
  }

  /**
   * Returns the directory the results are kept in.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /** Closes every function's store; the functions memoized here then fail with {@link IllegalStateException}. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Memoized memoized : functions.values()) {
      memoized.cache().close();
    }
  }

  @Override
  public String toString() {
    return "PersistentMemoizer[" + directory + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed; open a new one to go on memoizing");
    }
  }

  private static void checkName(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must be 1 to 100 letters, digits, '.', '_' or '-', starting with "
          + "a letter or digit (it names a directory): \"" + value + "\"");
    }
  }

  /**
   * The key of one call: the canonical bytes of the function's name and version, then the argument's bytes. Equal by
   * content. Immutable.
   */
  static final class CallKey {
    /** Keys as their own bytes: canonical, and decoding needs nothing but the bytes. */
    static final Codec<CallKey> CODEC = new Codec<>() {
      @Override
      public byte[] encode(CallKey key) {
        return key.bytes.clone();
      }

      @Override
      public CallKey decode(byte[] bytes) {
        if (bytes.length == 0) {
          throw new CodecException("an empty call key");
        }
        return new CallKey(bytes.clone());
      }

      @Override
      public boolean isCanonical() {
        return true;
      }

      @Override
      public String toString() {
        return "call keys";
      }
    };

    private final byte[] bytes;
    private final int hash;

    private CallKey(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    static CallKey of(byte[] prefix, byte[] argument) {
      byte[] bytes = Arrays.copyOf(prefix, prefix.length + argument.length);
      System.arraycopy(argument, 0, bytes, prefix.length, argument.length);
      return new CallKey(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CallKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return "call#" + Integer.toHexString(hash);
    }
  }
}
