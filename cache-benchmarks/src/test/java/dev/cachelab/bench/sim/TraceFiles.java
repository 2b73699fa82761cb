package dev.cachelab.bench.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's traces live in one folder, {@code cache-core/src/test/resources/traces}, with their README and
 * licences; the simulator's tests read them from there by path, as a user of the command line would. Surefire runs
 * in the module's directory; an IDE may run from the project root; both are tried.
 */
final class TraceFiles {

  static final String GLIMPSE = "gli.trace.gz";
  static final String OLTP = "OLTP.lis.zst";
  static final String LOOP = "loop.trace.gz";
  static final String CORDA = "trace_vaultservice.gz";
  static final String ORM_BUSY = "orm-busy.trace.xz";

  private TraceFiles() {}

  /** Returns the path of a trace in the project's traces folder. */
  static Path trace(String file) {
    for (String dir : List.of("../cache-core/src/test/resources/traces", "cache-core/src/test/resources/traces")) {
      Path path = Path.of(dir, file);
      if (Files.isRegularFile(path)) {
        return path;
      }
    }
    throw new IllegalStateException("cannot find the trace " + file + " under cache-core/src/test/resources/traces"
        + " from " + Path.of("").toAbsolutePath());
  }

  /** Returns {@code --trace}'s value for the README's "mixed" workload: corda, loop five times, corda. */
  static String mixed() {
    String corda = trace(CORDA).toString();
    String loop = trace(LOOP).toString();
    return String.join(",", corda, loop, loop, loop, loop, loop, corda);
  }
}
