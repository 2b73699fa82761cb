package dev.cachelab.bench.sim;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One run of the simulator's command line in this JVM, with what it printed. */
record Run(int status, String out, String err) {

  static Run of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Simulator.run(args, outStream, errStream);
    }
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  /** Returns the hits of the CSV row for {@code policy} at {@code size}. */
  long hits(String policy, long size) {
    String prefix = policy + "," + size + ",";
    for (String line : outLines()) {
      if (line.startsWith(prefix)) {
        return Long.parseLong(line.split(",")[3]);
      }
    }
    throw new AssertionError("no row " + prefix + " in:\n" + out + "\nstderr:\n" + err);
  }

  /** Returns the hit ratio of the CSV row for {@code policy} at {@code size}. */
  double hitRatio(String policy, long size) {
    String prefix = policy + "," + size + ",";
    for (String line : outLines()) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.split(",")[4]);
      }
    }
    throw new AssertionError("no row " + prefix + " in:\n" + out + "\nstderr:\n" + err);
  }
}
