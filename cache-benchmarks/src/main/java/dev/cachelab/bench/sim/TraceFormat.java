package dev.cachelab.bench.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringTokenizer;

/**
 * The layouts of a key-only access trace (see {@code cache-core/src/test/resources/traces/README.md}). Every format
 * yields one {@code long} key per access, in order; compression is separate ({@link Compression}).
 */
enum TraceFormat {
  /** One decimal key per line; blank lines are skipped. */
  KEYS {
    @Override
    long[] parse(InputStream in, String file) throws IOException {
      return text(in, file, (line, keys) -> keys.add(Long.parseLong(line)));
    }
  },
  /** LIRS text: one decimal key per line; lines holding only {@code *} are the LIRS simulator's markers, skipped. */
  LIRS {
    @Override
    long[] parse(InputStream in, String file) throws IOException {
      return text(in, file, (line, keys) -> {
        if (!line.equals("*")) {
          keys.add(Long.parseLong(line));
        }
      });
    }
  },
  /** ARC text: {@code start count ignored requestNumber}, a run of {@code count} consecutive keys from start. */
  ARC {
    @Override
    long[] parse(InputStream in, String file) throws IOException {
      return text(in, file, (line, keys) -> {
        StringTokenizer fields = new StringTokenizer(line);
        if (fields.countTokens() < 2) {
          throw new NumberFormatException("expected 'start count ...'");
        }
        long start = Long.parseLong(fields.nextToken());
        int count = Integer.parseInt(fields.nextToken());
        if (count < 0) {
          throw new NumberFormatException("negative count " + count);
        }
        for (int i = 0; i < count; i++) {
          keys.add(start + i);
        }
      });
    }
  },
  /** Corda: 8-byte big-endian signed keys, no header. */
  CORDA {
    @Override
    long[] parse(InputStream in, String file) throws IOException {
      ByteBuffer bytes = binary(in, file, Long.BYTES);
      long[] keys = new long[bytes.remaining() / Long.BYTES];
      bytes.asLongBuffer().get(keys);
      return keys;
    }
  },
  /** cache2k: 4-byte big-endian signed keys, no header, widened to {@code long} (negative keys stay negative). */
  CACHE2K {
    @Override
    long[] parse(InputStream in, String file) throws IOException {
      ByteBuffer bytes = binary(in, file, Integer.BYTES);
      long[] keys = new long[bytes.remaining() / Integer.BYTES];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = bytes.getInt();
      }
      return keys;
    }
  };

  /** The value of {@code --format} that asks for {@link #detect}. */
  static final String AUTO = "auto";

  /** Reads every key of an already decompressed trace; {@code file} names it in error messages. */
  abstract long[] parse(InputStream in, String file) throws IOException;

  /** The name used on the command line. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks up a format by its command-line name ({@code keys}, {@code lirs}, {@code arc}, {@code corda},
   * {@code cache2k}).
   *
   * @throws SimulatorException naming the known formats if there is no such format
   */
  static TraceFormat byId(String id) {
    for (TraceFormat format : values()) {
      if (format.id().equals(id)) {
        return format;
      }
    }
    throw SimulatorException.usage("unknown format '" + id + "'; known formats: " + AUTO + ", " + ids());
  }

  /**
   * Picks the format by file name, after dropping a compression extension: {@code *.lis} is ARC; a name starting
   * with {@code trace_} is Corda; {@code *.trace.xz} is cache2k (its traces ship xz-compressed); any other
   * {@code *.trace} is LIRS; {@code *.keys} and {@code *.txt} are one key per line.
   *
   * @throws SimulatorException asking for {@code --format} if the name fits no rule
   */
  static TraceFormat detect(Path file) {
    String fileName = file.getFileName().toString();
    Compression compression = Compression.of(file);
    String name = compression.strip(fileName).toLowerCase(Locale.ROOT);
    if (name.endsWith(".lis")) {
      return ARC;
    } else if (name.startsWith("trace_")) {
      return CORDA;
    } else if (name.endsWith(".trace")) {
      return (compression == Compression.XZ) ? CACHE2K : LIRS;
    } else if (name.endsWith(".keys") || name.endsWith(".txt")) {
      return KEYS;
    }
    throw SimulatorException.usage("cannot tell the format of " + fileName + " from its name; pass --format "
        + ids().replace(", ", "|"));
  }

  private static String ids() {
    StringBuilder ids = new StringBuilder();
    for (TraceFormat format : values()) {
      ids.append(ids.length() == 0 ? "" : ", ").append(format.id());
    }
    return ids.toString();
  }

  /** Parses one access (or a run of them) from a trimmed, non-blank line. */
  private interface LineParser {
    void parse(String line, LongArray keys);
  }

  private static long[] text(InputStream in, String file, LineParser parser) throws IOException {
    LongArray keys = new LongArray();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    long lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        parser.parse(trimmed, keys);
      } catch (NumberFormatException e) {
        throw SimulatorException.input(file + " line " + lineNumber + ": not a valid access: '" + abbreviate(trimmed)
            + "'");
      }
    }
    return keys.toArray();
  }

  /**
   * Reads a binary trace whole. A length that is not a whole number of keys means a truncated file: fail, naming the
   * byte where the incomplete key starts, rather than silently drop an access.
   */
  private static ByteBuffer binary(InputStream in, String file, int keyBytes) throws IOException {
    byte[] bytes = in.readAllBytes();
    int partial = bytes.length % keyBytes;
    if (partial != 0) {
      long start = bytes.length - partial;
      throw SimulatorException.input(file + " is truncated: it ends at byte " + bytes.length + " (after decompression)"
          + ", " + partial + " byte(s) into the " + keyBytes + "-byte key that starts at byte " + start);
    }
    return ByteBuffer.wrap(bytes); // big-endian, as DataInputStream reads
  }

  private static String abbreviate(String line) {
    return (line.length() <= 40) ? line : line.substring(0, 40) + "…";
  }

  /** A growable {@code long[]}: boxing millions of keys into a list would dominate the parse. */
  static final class LongArray {
    private long[] values = new long[1 << 12];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
