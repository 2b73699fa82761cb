package dev.cachelab.bench.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The trace simulator: replays access traces through eviction policies at several cache sizes and reports hit ratios.
 *
 * <pre>
 * java -cp cache-benchmarks/target/benchmarks.jar dev.cachelab.bench.sim.Simulator \
 *     --trace FILE[,FILE…] [--format auto|keys|lirs|arc|corda|cache2k] \
 *     --policies lru,fifo,clock,sieve,s3fifo,lfu,wtinylfu,caffeine,ehcache,opt --sizes 1000,5000 [--out DIR]
 * </pre>
 *
 * <p>Stdout is exactly the CSV header {@code policy,size,accesses,hits,hitRatio} and one row per policy and size, in
 * the order given ({@code hitRatio} = hits / accesses, six decimals); progress goes to stderr. Several trace files
 * are replayed in order through one cache. {@code --out DIR} also writes {@code results.md} (a table: a row per
 * policy, a column per size, hit ratio in %) and {@code hit-ratio.png} (one line per policy). A mistake in the
 * command line exits with status 2, an unreadable trace with status 1, each with one line on stderr.
 *
 * <p>Formats: {@code keys} (one integer per line), {@code lirs} (one key per line, {@code *} lines skipped),
 * {@code arc} ({@code start count …} runs), {@code corda} (8-byte big-endian keys), {@code cache2k} (4-byte
 * big-endian keys, widened). Any file may be compressed; {@code .gz}, {@code .xz} and {@code .zst} are
 * decompressed by extension. {@code --format auto} (the default) decides per file by name, after dropping the
 * compression extension: {@code *.lis} is arc, {@code trace_*} is corda, {@code *.trace.xz} is cache2k, other
 * {@code *.trace} is lirs, {@code *.keys} and {@code *.txt} are keys; any other name needs {@code --format}.
 *
 * <p>Each (policy, size) pair is an independent task on a pool of {@code availableProcessors()} threads; the trace is
 * decoded once into a {@code long[]} that all tasks read. The built-in policies run through cachelab's public API
 * ({@code Stores.inMemory()}); {@code caffeine} and {@code ehcache} are the raw libraries, Ehcache's heap tier on a
 * logical clock of one tick per access ({@link EhcacheReplay}); {@code opt} is Bélády's optimum. See
 * {@link SimPolicy}.
 */
public final class Simulator {

  private Simulator() {}

  /**
   * Runs the simulator and exits with its status.
   *
   * @param args the command line, see the class comment
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the simulator.
   *
   * @param args the command line
   * @param out where the CSV goes
   * @param err where progress and errors go
   * @return the exit status: 0, or 2 for a bad command line, 1 for unreadable input
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(Options.USAGE);
      return 0;
    }
    try {
      Options options = Options.parse(args);
      Workload workload = Workload.read(options.traces(), options.format(), err);
      List<Result> results = simulate(options, workload, out, err);
      if (options.out() != null) {
        Report.write(options.out(), workload.name(), results);
        err.println("wrote " + options.out().resolve(Report.TABLE) + " and " + options.out().resolve(Report.CHART));
      }
      return 0;
    } catch (SimulatorException e) {
      err.println("simulator: " + e.getMessage());
      return e.exitStatus();
    } catch (IOException e) {
      err.println("simulator: cannot write the report: " + e);
      return SimulatorException.INPUT;
    }
  }

  /** Replays every (policy, size) pair in parallel, and prints the CSV in the requested order. */
  private static List<Result> simulate(Options options, Workload workload, PrintStream out, PrintStream err) {
    long started = System.nanoTime();
    int[] nextUses = options.policies().stream().anyMatch(SimPolicy::needsNextUses)
        ? Belady.nextUses(workload.keys())
        : null;
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "simulator");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Result>> futures = new ArrayList<>();
      for (SimPolicy policy : options.policies()) {
        for (long size : options.sizes()) {
          futures.add(pool.submit(() -> replay(policy, size, workload, nextUses, err)));
        }
      }
      out.println(Result.CSV_HEADER);
      List<Result> results = new ArrayList<>();
      for (Future<Result> future : futures) {
        Result result = await(future);
        out.println(result.csv());
        results.add(result);
      }
      out.flush();
      err.printf(Locale.ROOT, "%d runs of %,d accesses in %.1f s on %d threads%n", results.size(),
          workload.accesses(), (System.nanoTime() - started) / 1e9, threads);
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Result replay(SimPolicy policy, long size, Workload workload, int[] nextUses, PrintStream err) {
    long started = System.nanoTime();
    Result result = new Result(policy, size, workload.accesses(), policy.hits(workload, nextUses, size));
    err.printf(Locale.ROOT, "%s@%d: %.2f %% in %.1f s%n", policy.id(), size, 100 * result.hitRatio(),
        (System.nanoTime() - started) / 1e9);
    return result;
  }

  private static Result await(Future<Result> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a simulation", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulation failed", e.getCause());
    }
  }
}
