package dev.cachelab.policy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The public access traces in {@code src/test/resources/traces} (see the README there for origin, licence and
 * format), read from the classpath into arrays of keys.
 *
 * <p>Parsed traces are kept for the life of the JVM: several test classes replay the same trace at several sizes,
 * and parsing OLTP (900 k lines of zstd text) costs more than replaying it once.
 *
 * <p>Thread-safe. The arrays handed out are shared; callers must not modify them.
 */
final class Traces {

  /** A trace in the test resources, with the reader its format needs. */
  enum Trace {
    /** LIRS "glimpse": loops plus frequency; 6,015 accesses. */
    GLIMPSE("gli.trace.gz") {
      @Override
      long[] parse(InputStream in) throws IOException {
        return lirs(new GZIPInputStream(in));
      }
    },
    /** ARC "OLTP": a frequency-skewed database trace; 914,145 accesses. */
    OLTP("OLTP.lis.zst") {
      @Override
      long[] parse(InputStream in) throws IOException {
        return arc(new ZstdInputStream(in));
      }
    },
    /** Corda vault service: every key comes back at most once, a few dozen accesses later; 135,702 accesses. */
    CORDA("trace_vaultservice.gz") {
      @Override
      long[] parse(InputStream in) throws IOException {
        return longs(new GZIPInputStream(in));
      }
    },
    /** LIRS "loop": keys 0 … 1010, in order, 500 times; 505,500 accesses. */
    LOOP("loop.trace.gz") {
      @Override
      long[] parse(InputStream in) throws IOException {
        return lirs(new GZIPInputStream(in));
      }
    };

    private final String file;

    Trace(String file) {
      this.file = file;
    }

    abstract long[] parse(InputStream in) throws IOException;
  }

  private static final Map<Trace, long[]> PARSED = new ConcurrentHashMap<>();

  private Traces() {}

  /**
   * Returns the keys of {@code trace} in access order, parsing the file on first use.
   *
   * @throws UncheckedIOException if the resource is missing or malformed
   */
  static long[] keys(Trace trace) {
    return PARSED.computeIfAbsent(trace, Traces::read);
  }

  private static long[] read(Trace trace) {
    String path = "/traces/" + trace.file;
    try (InputStream resource = Traces.class.getResourceAsStream(path)) {
      if (resource == null) {
        throw new IOException("test resource not found on the classpath: " + path);
      }
      return trace.parse(new BufferedInputStream(resource, 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + path, e);
    }
  }

  /**
   * LIRS text: one decimal key per line. Lines holding only {@code *} are checkpoint markers for the LIRS
   * simulator, not accesses, and the files end with a blank line; both are skipped.
   */
  static long[] lirs(InputStream in) throws IOException {
    LongArray keys = new LongArray();
    try (BufferedReader reader = text(in)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.trim();
        if (!trimmed.isEmpty() && !trimmed.equals("*")) {
          keys.add(Long.parseLong(trimmed));
        }
      }
    }
    return keys.toArray();
  }

  /**
   * ARC text: {@code start count ignored requestNumber} per line, a run of {@code count} consecutive blocks, each
   * one access. Every run in OLTP has length 1, but expanding runs keeps this reader right for the other ARC traces
   * (P*, DS1, S*), as in Caffeine's {@code ArcTraceReader}.
   */
  static long[] arc(InputStream in) throws IOException {
    LongArray keys = new LongArray();
    try (BufferedReader reader = text(in)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        // A tokenizer, not a regex split per line: OLTP has 900 k lines.
        StringTokenizer fields = new StringTokenizer(trimmed);
        long start = Long.parseLong(fields.nextToken());
        int count = Integer.parseInt(fields.nextToken());
        for (int i = 0; i < count; i++) {
          keys.add(start + i);
        }
      }
    }
    return keys.toArray();
  }

  /**
   * Binary: 8-byte big-endian signed keys, no header. A tail shorter than 8 bytes means a truncated file, which
   * must fail loudly rather than silently drop an access and shift every expected count.
   */
  static long[] longs(InputStream in) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()); // big-endian, as DataInputStream.readLong reads
    if (bytes.remaining() % Long.BYTES != 0) {
      throw new IOException("truncated trace: " + bytes.remaining() + " bytes is not a whole number of 8-byte keys");
    }
    long[] keys = new long[bytes.remaining() / Long.BYTES];
    bytes.asLongBuffer().get(keys);
    return keys;
  }

  private static BufferedReader text(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
  }

  /** A growable {@code long[]}: boxing 900 k keys into a list would dominate the parse. */
  private static final class LongArray {
    private long[] values = new long[1024];
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
