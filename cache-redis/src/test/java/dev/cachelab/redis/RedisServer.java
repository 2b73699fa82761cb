package dev.cachelab.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} process for tests, on a free loopback port: the one on {@code PATH} (Debian's
 * {@code redis-server} package), else the binary inside {@code com.github.codemonstur:embedded-redis}. A server
 * that cannot be found or started fails the test with a message that says what to install — never a skip.
 *
 * <p>Its state (log, {@code nodes.conf} for Cluster nodes) lives in a directory under {@code /tmp}
 * ({@code cachelab-redis-<pid>-…}), outside {@code target/}, so a {@code mvn clean} while it runs cannot orphan it;
 * {@link #close()} stops the process and deletes the directory. Fault tests kill ({@code SIGKILL}), pause
 * ({@code SIGSTOP}), resume ({@code SIGCONT}) and restart it on the same port — only this process, which the test
 * started. Not thread-safe: one test drives it.
 */
final class RedisServer implements AutoCloseable {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final int port;
  private final Path directory;
  private final List<String> extraArgs;
  private Process process;

  private RedisServer(int port, Path directory, List<String> extraArgs) {
    this.port = port;
    this.directory = directory;
    this.extraArgs = extraArgs;
  }

  /** Starts a standalone server on a free port. */
  static RedisServer start(String... extraArgs) {
    return startOn(freePort(false), extraArgs);
  }

  /** Starts a server on {@code port} (whose bus port, for a Cluster node, must be free too). */
  static RedisServer startOn(int port, String... extraArgs) {
    Path directory;
    try {
      directory = Files.createTempDirectory(Path.of("/tmp"),
          "cachelab-redis-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for redis-server under /tmp", e);
    }
    RedisServer server = new RedisServer(port, directory, List.of(extraArgs));
    server.launch();
    return server;
  }

  int port() {
    return port;
  }

  HostAndPort hostAndPort() {
    return new HostAndPort("127.0.0.1", port);
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  Path directory() {
    return directory;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** A plain connection to this server, for a test's own commands (the caller closes it). */
  Jedis admin() {
    return new Jedis(hostAndPort());
  }

  /** Kills the server at once ({@code kill -9}) and waits until it is gone. */
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Freezes the server ({@code kill -STOP}): connections stay open, nothing answers. */
  void pause() {
    signal("STOP");
  }

  /** Lets a frozen server go on ({@code kill -CONT}). */
  void resume() {
    signal("CONT");
  }

  /** Starts the server again on the same port after {@link #kill()}, with an empty data set. */
  void restart() {
    kill();
    launch();
  }

  private void signal(String signal) {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(),
        "--logfile", directory.resolve("redis.log").toString(), "--daemonize", "no"));
    command.addAll(extraArgs);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(directory.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command.get(0) + ": " + e, e);
    }
    awaitReady();
  }

  /** Waits (bounded) until the server answers PING: a real wait, for a real process. */
  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited at start; its log:\n" + log());
      }
      try (Jedis jedis = new Jedis(hostAndPort(), redis.clients.jedis.DefaultJedisClientConfig.builder()
          .timeoutMillis(1000).build())) {
        jedis.ping();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          kill();
          throw new IllegalStateException("redis-server on port " + port + " did not answer in " + START_TIMEOUT
              + "; its log:\n" + log(), notYet);
        }
      }
      sleepBriefly();
    }
  }

  String log() {
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

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      signalQuietly("CONT"); // a paused server cannot exit
      kill();
    }
    deleteDirectory(directory);
  }

  private void signalQuietly(String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // the kill that follows is what matters
    }
  }

  static void deleteDirectory(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // left in /tmp; nothing else reads it
    }
  }

  static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  // ---- finding a binary and a port ----------------------------------------------------------------------------

  private static String executable;

  /** {@code redis-server} from PATH, else embedded-redis's binary; fails with what to install. */
  static synchronized String executable() {
    if (executable == null) {
      executable = onPath("redis-server").map(Path::toString).orElseGet(RedisServer::embedded);
    }
    return executable;
  }

  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable).findFirst();
  }

  private static String embedded() {
    try {
      File file = ExecutableProvider.newJarResourceProvider().get();
      file.setExecutable(true);
      return file.getAbsolutePath();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("The Redis tests need a redis-server: none is on PATH and embedded-redis has "
          + "no binary for this platform (" + e + "). Install one, e.g. 'apt-get install redis-server'.", e);
    }
  }

  /**
   * A free loopback port; for a Cluster node ({@code withBus}) its bus port, {@code port + 10000}, must be free too.
   */
  static int freePort(boolean withBus) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!withBus || (port + 10000 < 65536 && isFree(port + 10000))) {
        return port;
      }
    }
    throw new IllegalStateException("found no free loopback port (with a free bus port) in 100 tries");
  }

  /** Whether something accepts connections on the loopback {@code port} now. */
  static boolean isListening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
