package dev.cachelab.memo;

import dev.cachelab.codec.Codec;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;

/**
 * A child JVM for {@link PersistentMemoizerCrashTest}: memoizes {@link #block} into the directory given and calls it
 * for 0, 1, 2, ... {@code count - 1}, saying "start i" before each call and "done i computed" or "done i cached"
 * after it. The parent kills it while it works.
 */
public final class MemoCrashChild {

  static final String NAME = "blocks";
  static final String VERSION = "1";

  private MemoCrashChild() {}

  /** A deterministic block of {@code size} bytes for {@code i}, so that a damaged result would be noticed. */
  static byte[] block(int i, int size) {
    byte[] bytes = new byte[size];
    new Random(i).nextBytes(bytes);
    return bytes;
  }

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    boolean[] ran = new boolean[1];
    Function<Integer, byte[]> work = i -> {
      ran[0] = true;
      return block(i, size);
    };
    try (PersistentMemoizer memory = PersistentMemoizer.open(directory)) {
      MemoizedFunction<Integer, byte[]> blocks = memory.memoize(NAME, VERSION, work, Codec.bytes());
      for (int i = 0; i < count; i++) {
        System.out.println("start " + i);
        System.out.flush();
        ran[0] = false;
        blocks.apply(i);
        System.out.println("done " + i + (ran[0] ? " computed" : " cached"));
        System.out.flush();
      }
    }
    System.out.println("finished");
  }
}
