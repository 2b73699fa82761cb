package dev.cachelab.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A {@code redis-server} from {@code PATH} on a free loopback port, without persistence, for one fork of a Redis
 * benchmark ({@link RedisBenchmark}, {@link NearCacheBenchmark}, {@link NearCacheInvalidationBenchmark}): started in
 * setup, stopped and its directory deleted in teardown.
 */
final class LocalRedis implements AutoCloseable {
  private final Process process;
  private final Path directory;
  private final int port;

  private LocalRedis(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  static LocalRedis start() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path directory = Files.createTempDirectory(Path.of("/tmp"), "cachelab-bench-redis-");
    Process process = new ProcessBuilder(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", directory.toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
    LocalRedis redis = new LocalRedis(process, directory, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Jedis jedis = new Jedis(redis.hostAndPort())) {
        jedis.ping();
        return redis;
      } catch (RuntimeException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly(); // the directory stays, for its log
          throw new IllegalStateException("redis-server did not start on port " + port + " (see "
              + directory.resolve("redis.log") + ")", notYet);
        }
        Thread.sleep(20);
      }
    }
  }

  HostAndPort hostAndPort() {
    return new HostAndPort("127.0.0.1", port);
  }

  private static String executable() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException("the Redis benchmarks start their own redis-server and found none on PATH; "
        + "install one, e.g. 'apt-get install redis-server'");
  }

  @Override
  public void close() throws InterruptedException, IOException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }
}
