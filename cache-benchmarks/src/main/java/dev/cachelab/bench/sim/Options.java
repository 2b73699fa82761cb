package dev.cachelab.bench.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's command line, parsed and validated:
 * {@code --trace FILE[,FILE…] [--format auto|keys|lirs|arc|corda|cache2k] --policies P[,P…] --sizes N[,N…]
 * [--out DIR]}. Each option may also be written {@code --name=value}.
 *
 * @param traces the trace files, replayed in order through one cache
 * @param format the format of every file, or {@code null} for {@code auto} (by file name, per file)
 * @param policies what to replay through, in output order
 * @param sizes the cache sizes in entries, in output order
 * @param out where to write {@code results.md} and {@code hit-ratio.png}, or {@code null}
 */
record Options(List<Path> traces, TraceFormat format, List<SimPolicy> policies, List<Long> sizes, Path out) {

  static final String USAGE = "usage: Simulator --trace FILE[,FILE...] [--format auto|keys|lirs|arc|corda|cache2k]"
      + " --policies lru,fifo,clock,sieve,s3fifo,lfu,wtinylfu,caffeine,ehcache,opt --sizes 1000,5000 [--out DIR]";

  private static final List<String> NAMES = List.of("--trace", "--format", "--policies", "--sizes", "--out");

  /**
   * Parses {@code args}.
   *
   * @throws SimulatorException with exit status 2 and a one-line reason for any mistake
   */
  static Options parse(String[] args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (!NAMES.contains(name)) {
        throw SimulatorException.usage(arg.startsWith("-") ? "unknown option " + name + "; " + USAGE
            : "unexpected argument '" + arg + "'; " + USAGE);
      }
      if (value == null) {
        if (i + 1 == args.length || args[i + 1].startsWith("--")) {
          throw SimulatorException.usage(name + " needs a value; " + USAGE);
        }
        value = args[++i];
      }
      if (values.put(name, value) != null) {
        throw SimulatorException.usage(name + " is given twice");
      }
    }
    for (String required : List.of("--trace", "--policies", "--sizes")) {
      if (!values.containsKey(required)) {
        throw SimulatorException.usage("missing " + required + "; " + USAGE);
      }
    }
    List<Path> traces = new ArrayList<>();
    for (String file : list("--trace", values.get("--trace"))) {
      traces.add(Path.of(file)); // "corda,loop,loop" repeats a file on purpose, so no duplicate check here
    }
    String format = values.getOrDefault("--format", TraceFormat.AUTO);
    List<SimPolicy> policies = new ArrayList<>();
    for (String id : list("--policies", values.get("--policies"))) {
      SimPolicy policy = SimPolicy.byId(id);
      if (policies.contains(policy)) {
        throw SimulatorException.usage("policy " + id + " is listed twice");
      }
      policies.add(policy);
    }
    List<Long> sizes = new ArrayList<>();
    for (String text : list("--sizes", values.get("--sizes"))) {
      long size = size(text);
      if (sizes.contains(size)) {
        throw SimulatorException.usage("size " + size + " is listed twice");
      }
      sizes.add(size);
    }
    return new Options(traces, format.equals(TraceFormat.AUTO) ? null : TraceFormat.byId(format), policies, sizes,
        values.containsKey("--out") ? Path.of(values.get("--out")) : null);
  }

  private static List<String> list(String name, String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        throw SimulatorException.usage(name + " has an empty item: '" + value + "'");
      }
      items.add(trimmed);
    }
    return items;
  }

  private static long size(String text) {
    long size;
    try {
      size = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw SimulatorException.usage("size '" + text + "' is not a whole number");
    }
    if (size <= 0) {
      throw SimulatorException.usage("size must be positive: " + size);
    }
    return size;
  }
}
