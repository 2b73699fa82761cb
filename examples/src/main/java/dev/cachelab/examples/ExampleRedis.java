/*
 * The Redis that the Redis examples talk to: the one REDIS_URL names, else a redis-server this process starts on a
 * free loopback port and stops when done. Examples are not about launching servers, so this file keeps it out of
 * their way; the cache-redis tests have their own, richer harness (kill -9, pause, Cluster).
 */
package dev.cachelab.examples;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis server for an example: {@code REDIS_URL} if set ({@link #fromEnvironment()}), else a {@code redis-server}
 * started on a free loopback port — the one on {@code PATH}, else the binary inside
 * {@code com.github.codemonstur:embedded-redis}. A server it started is stopped by {@link #close()}, and by a
 * shutdown hook if the tour is interrupted or fails first, so nothing is left running. Only a server it started can
 * be {@linkplain #stop() stopped} and {@linkplain #restart() restarted} (on the same port); never anything else.
 *
 * <p>Not thread-safe: one example drives it.
 */
public final class ExampleRedis implements AutoCloseable {

  /** The environment variable that names a Redis to use instead of starting one. */
  public static final String URL_VARIABLE = "REDIS_URL";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  /** Every server process this JVM started and has not stopped yet: what the shutdown hook stops. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
        "stop example redis-servers"));
  }

  private final String uri;
  private final int port;
  private final Path executable;
  private final Path directory;
  private Process process;

  private ExampleRedis(String uri, int port, Path executable, Path directory) {
    this.uri = uri;
    this.port = port;
    this.executable = executable;
    this.directory = directory;
  }

  /**
   * The Redis that {@code REDIS_URL} names, if set; else a server started here ({@link #start()}).
   *
   * @return a Redis to use; close it when done
   * @throws IllegalStateException if no server can be found or started (the message says what to install)
   */
  public static ExampleRedis fromEnvironment() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      return start();
    }
    return new ExampleRedis(url.strip(), -1, null, null);
  }

  /**
   * Starts a {@code redis-server} of this process's own on a free loopback port: nothing saved to disk, state in a
   * temporary directory deleted by {@link #close()}.
   *
   * @return the running server; close it to stop it
   * @throws IllegalStateException if no {@code redis-server} can be found or started (the message says what to
   *     install)
   */
  public static ExampleRedis start() {
    Path executable = executable();
    int port = freePort();
    Path directory;
    try {
      directory = Files.createTempDirectory("cachelab-example-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for redis-server", e);
    }
    ExampleRedis redis = new ExampleRedis("redis://127.0.0.1:" + port, port, executable, directory);
    redis.launch();
    return redis;
  }

  /** The URI to give {@code RedisStores.redis(...)}. */
  public String uri() {
    return uri;
  }

  /** Whether this process started the server (so it may stop it), rather than {@code REDIS_URL} naming it. */
  public boolean owned() {
    return executable != null;
  }

  /**
   * Says which Redis this is, for the output: the binary and port of a server started here, or {@code REDIS_URL}
   * without its password.
   *
   * @return one line
   */
  public String description() {
    if (!owned()) {
      return URL_VARIABLE + " (" + redacted(uri) + ")";
    }
    return "a redis-server started for this example on 127.0.0.1:" + port + " (" + executable
        + "), stopped at the end";
  }

  /** A plain Redis client for the example's own commands, as any other application would use (close it). */
  public Jedis plainClient() {
    URI parsed = URI.create(uri);
    return new Jedis(parsed);
  }

  /**
   * Stops the server this process started, at once ({@code kill -9}, as a crash would), and waits until it is gone.
   *
   * @throws IllegalStateException if the server was not started here ({@code REDIS_URL})
   */
  public void stop() {
    requireOwned("stop");
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RUNNING.remove(process);
  }

  /**
   * Starts the server again on the same port, with an empty data set, and waits until it answers.
   *
   * @throws IllegalStateException if the server was not started here, or does not come back
   */
  public void restart() {
    requireOwned("restart");
    stop();
    launch();
  }

  /** Stops a server started here and deletes its directory; leaves a {@code REDIS_URL} server alone. */
  @Override
  public void close() {
    if (!owned()) {
      return;
    }
    stop();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // a few log lines left in the temporary directory; nothing reads them
    }
  }

  private void requireOwned(String what) {
    if (!owned()) {
      throw new IllegalStateException("cannot " + what + " the Redis that " + URL_VARIABLE + " names ("
          + redacted(uri) + "): only a server this example started; unset " + URL_VARIABLE + " to let it start one");
    }
  }

  private void launch() {
    List<String> command = List.of(executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", directory.toString(),
        "--logfile", directory.resolve("redis.log").toString(), "--daemonize", "no");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(directory.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + executable + ": " + e
          + "; install a redis-server (e.g. 'apt-get install redis-server') or set " + URL_VARIABLE, e);
    }
    RUNNING.add(process);
    awaitReady();
  }

  /** Waits (bounded) until the new server answers PING: a real wait for a real process. */
  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        RUNNING.remove(process);
        throw new IllegalStateException(executable + " exited at start on port " + port + "; its log:\n" + log());
      }
      try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port),
          DefaultJedisClientConfig.builder().timeoutMillis(1000).build())) {
        jedis.ping();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() - deadline > 0) {
          stop();
          throw new IllegalStateException(executable + " did not answer on port " + port + " within "
              + START_TIMEOUT + "; its log:\n" + log(), notYet);
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop();
        throw new IllegalStateException("interrupted while waiting for redis-server to start", e);
      }
    }
  }

  private String log() {
    StringBuilder all = new StringBuilder();
    for (String name : List.of("stdout.log", "redis.log")) {
      try {
        Path file = directory.resolve(name);
        if (Files.exists(file)) {
          all.append(Files.readString(file, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        all.append("(cannot read ").append(name).append(": ").append(e).append(")\n");
      }
    }
    return all.toString();
  }

  /** {@code redis-server} from {@code PATH}, else embedded-redis's binary for this platform. */
  private static Path executable() {
    Optional<Path> onPath = Optional.ofNullable(System.getenv("PATH")).stream()
        .flatMap(path -> Stream.of(path.split(File.pathSeparator)))
        .map(dir -> Path.of(dir, "redis-server"))
        .filter(Files::isExecutable)
        .findFirst();
    if (onPath.isPresent()) {
      return onPath.get();
    }
    try {
      File file = ExecutableProvider.newJarResourceProvider().get();
      file.setExecutable(true);
      return file.toPath();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("The Redis examples need a redis-server: none is on PATH and embedded-redis "
          + "has no binary for this platform (" + e + "). Install one (e.g. 'apt-get install redis-server' or "
          + "'brew install redis'), or set " + URL_VARIABLE + "=redis://host:port to use a running one.", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("found no free loopback port for redis-server", e);
    }
  }

  /** A Redis URI without its user information (user and password), to print. */
  private static String redacted(String uri) {
    try {
      URI parsed = URI.create(uri);
      return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort())
          + (parsed.getRawPath() == null ? "" : parsed.getRawPath());
    } catch (IllegalArgumentException e) {
      return "(not a URI)";
    }
  }
}
