package dev.cachelab.bench.sim;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** How a trace file is compressed, told by its file name's last extension: {@code .gz}, {@code .xz}, {@code .zst}. */
enum Compression {
  NONE(""),
  GZIP(".gz"),
  XZ(".xz"),
  ZSTD(".zst");

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  /** Returns the compression that {@code file}'s name announces; any other name means uncompressed. */
  static Compression of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (Compression compression : values()) {
      if (compression != NONE && name.endsWith(compression.extension)) {
        return compression;
      }
    }
    return NONE;
  }

  /** Returns the file name without this compression's extension: {@code gli.trace.gz} becomes {@code gli.trace}. */
  String strip(String fileName) {
    return fileName.substring(0, fileName.length() - extension.length());
  }

  /** Wraps {@code in} in the matching decompressor. */
  InputStream open(InputStream in) throws IOException {
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GZIPInputStream(in, 1 << 16);
      case XZ -> new XZInputStream(in);
      case ZSTD -> new ZstdInputStream(in);
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
