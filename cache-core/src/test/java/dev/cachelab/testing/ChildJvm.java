package dev.cachelab.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second JVM for tests that need a real other process (a lock held elsewhere, a crash): started from this test
 * run's own classpath with {@link ProcessBuilder}, it reports progress on its standard output, which the test reads
 * line by line — so a test waits for the child to say something, never for time to pass. Standard error goes to a
 * file that failure messages quote. Not thread-safe: one test drives it.
 */
public final class ChildJvm implements AutoCloseable {

  private static final String END = "\u0000end of output";

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process died; END says so
      }
      lines.add(END);
    }, "child-jvm-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code main} in a new JVM with this JVM's classpath.
   *
   * @param main a class with a {@code main} method
   * @param args its arguments
   * @return the running child
   * @throws IOException if the JVM cannot be started
   */
  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("child-jvm", ".stderr");
    Process process = new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .start();
    return new ChildJvm(process, stderr);
  }

  /**
   * Waits until the child prints a line that {@code wanted} accepts, and returns it.
   *
   * @param wanted the line to wait for
   * @param timeout how long to wait at most
   * @return the line
   * @throws AssertionError if the child ends or the time runs out first
   */
  public String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("the child JVM did not report in " + timeout + "; it said " + seen + describe());
      }
      if (line.equals(END)) {
        lines.add(END);
        throw new AssertionError("the child JVM ended (status " + waitFor() + ") before reporting; it said "
            + seen + describe());
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Every line read so far. */
  public List<String> seen() {
    return List.copyOf(seen);
  }

  /** The child's standard input. */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Kills the child at once, as a crash would ({@code SIGKILL}), and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * Waits for the child to exit by itself.
   *
   * @return its exit status
   */
  public int waitFor() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the child JVM did not exit" + describe());
    }
    return process.exitValue();
  }

  private String describe() {
    try {
      String errors = Files.readString(stderr);
      return errors.isBlank() ? "" : "; its standard error:\n" + errors;
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
    try {
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      // in target/, cleaned with the build
    }
  }
}
