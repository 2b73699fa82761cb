package dev.cachelab.bench.sim;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The accesses one simulation replays: one or more trace files decoded into a single {@code long[]}, in the order
 * given, as if they were one trace (the "mixed" workload is corda, loop five times, corda).
 *
 * <p>Immutable once built and safe to share between threads: the key array is read-only by convention (every
 * simulation run reads it, none writes it).
 *
 * @param name the trace files' names, comma-separated, for reports
 * @param keys every access, in order
 */
record Workload(String name, long[] keys) {

  /**
   * Decodes {@code files} in order.
   *
   * @param files the trace files, replayed in this order
   * @param format the format of every file, or {@code null} to detect each file's format from its name
   * @param progress where to report what was read
   * @throws SimulatorException if a file is missing, of unknown format, malformed or truncated
   */
  static Workload read(List<Path> files, TraceFormat format, PrintStream progress) {
    List<long[]> parts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    long total = 0;
    for (Path file : files) {
      long started = System.nanoTime();
      requireFile(file);
      TraceFormat fileFormat = (format != null) ? format : TraceFormat.detect(file);
      long[] keys = decode(file, fileFormat);
      parts.add(keys);
      names.add(file.getFileName().toString());
      total += keys.length;
      progress.printf(Locale.ROOT, "read %s (%s, %s): %,d accesses in %.1f s%n", file, fileFormat.id(),
          Compression.of(file), keys.length, (System.nanoTime() - started) / 1e9);
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw SimulatorException.input("the traces hold " + total + " accesses; at most " + (Integer.MAX_VALUE - 8)
          + " fit in one simulation");
    }
    long[] all = new long[(int) total];
    int offset = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, all, offset, part.length);
      offset += part.length;
    }
    return new Workload(String.join(",", names), all);
  }

  /** Reads one file whole, decompressing it by its extension. */
  static long[] decode(Path file, TraceFormat format) {
    requireFile(file);
    Compression compression = Compression.of(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
         InputStream in = compression.open(raw)) {
      return format.parse(in, file.toString());
    } catch (NoSuchFileException e) {
      throw SimulatorException.input("trace file not found: " + file, e);
    } catch (EOFException e) {
      throw SimulatorException.input(file + " is truncated: its " + compression + " stream ends early", e);
    } catch (IOException e) {
      throw SimulatorException.input("cannot read " + file + " as " + compression + ": " + e, e);
    }
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw SimulatorException.input("trace file not found: " + file);
    }
  }

  /**
   * Shortens a workload name for titles: a file repeated in a row is named once with a count, so the "mixed"
   * workload reads {@code trace_vaultservice.gz, loop.trace.gz ×5, trace_vaultservice.gz}.
   */
  static String shortName(String name) {
    List<String> parts = new ArrayList<>();
    String[] files = name.split(",");
    for (int i = 0; i < files.length; ) {
      int run = 1;
      while (i + run < files.length && files[i + run].equals(files[i])) {
        run++;
      }
      parts.add(run == 1 ? files[i] : files[i] + " ×" + run);
      i += run;
    }
    return String.join(", ", parts);
  }

  /** Returns the number of accesses. */
  int accesses() {
    return keys.length;
  }
}
