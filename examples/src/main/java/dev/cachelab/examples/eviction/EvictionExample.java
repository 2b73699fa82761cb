/*
 * Eviction step by step. Six policies — LRU, FIFO, CLOCK, SIEVE, S3-FIFO and W-TinyLFU — read the same short sequence
 * of keys through a cache that holds 3 entries. After every access the example draws the policy's queues and, when a
 * key is evicted, names it and says why.
 *
 * Each cache is a real cachelab cache (maximumSize(3), evictionPolicy(...)), and each victim printed is the one that
 * cache reported to its removal listener. The public API does not show the order inside a policy's queues, so the
 * drawings come from a re-enactment of each policy's textbook bookkeeping (QueueModel), which the example checks
 * against every access: a hit or miss, or a victim, that the model did not predict would be printed as a
 * disagreement (and the test would fail).
 */
package dev.cachelab.examples.eviction;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.RemovalCause;
import dev.cachelab.examples.Tour;
import dev.cachelab.policy.EvictionPolicy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Six eviction policies on one access sequence at capacity 3, drawn step by step. */
public final class EvictionExample {

  /**
   * The access sequence: three keys fill the cache, A is read again, then newcomers arrive while A and B stay
   * popular, and the early keys come back.
   */
  static final List<String> SEQUENCE = List.of("A", "B", "C", "A", "D", "A", "B", "E", "B", "C", "A", "F", "D", "A");

  /** A policy under test: the real one and its model. */
  private record Contender(EvictionPolicy policy, Supplier<QueueModel> model) {}

  private static final List<Contender> CONTENDERS = List.of(
      new Contender(EvictionPolicy.lru(), QueueModel.Lru::new),
      new Contender(EvictionPolicy.fifo(), QueueModel.Fifo::new),
      new Contender(EvictionPolicy.clock(), QueueModel.Clock::new),
      new Contender(EvictionPolicy.sieve(), QueueModel.Sieve::new),
      new Contender(EvictionPolicy.s3Fifo(), QueueModel.S3Fifo::new),
      new Contender(EvictionPolicy.wTinyLfu(), QueueModel.WTinyLfu::new));

  /**
   * What one policy did with the sequence.
   *
   * @param policy the policy's name
   * @param hits how many accesses hit
   * @param victims the keys evicted, in order, as the cache's removal listener heard them
   * @param disagreements accesses where the model did not predict what the cache did (0 when all is well)
   */
  public record Result(String policy, int hits, List<String> victims, int disagreements) {}

  private EvictionExample() {}

  /**
   * Runs the example under its tour banner.
   *
   * @param args none
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    Tour.runAlone("eviction", args);
  }

  /**
   * The tour's entry.
   *
   * @param context where to print
   * @return the summary line
   */
  public static String tour(Tour.Context context) {
    List<Result> results = run(context.out());
    StringBuilder hits = new StringBuilder();
    for (Result result : results) {
      hits.append(hits.length() == 0 ? "" : ", ").append(result.policy()).append(' ').append(result.hits());
    }
    return "hits out of " + SEQUENCE.size() + " at capacity 3: " + hits;
  }

  /**
   * Runs every policy on {@link #SEQUENCE}.
   *
   * @param out where to print
   * @return one result per policy
   */
  public static List<Result> run(PrintStream out) {
    say(out, "Capacity 3. The access sequence: %s", String.join(" ", SEQUENCE));
    say(out, "Victims are what each cachelab cache reported to its removal listener; the queues are drawn from a");
    say(out, "re-enactment of the policy (the public API shows who leaves, not the order inside), checked at each step.");
    List<Result> results = new ArrayList<>();
    for (Contender contender : CONTENDERS) {
      results.add(replay(out, contender.policy(), contender.model().get()));
    }
    say(out, "%n%-10s %4s  %s", "policy", "hits", "victims, in order");
    for (Result result : results) {
      say(out, "%-10s %4d  %s", result.policy(), result.hits(), String.join(" ", result.victims()));
    }
    say(out, "Recency (LRU, CLOCK, SIEVE) keeps what was just read; FIFO ignores reads; S3-FIFO and W-TinyLFU make a");
    say(out, "newcomer prove itself before it may push out a key that has been read again and again.");
    return results;
  }

  private static Result replay(PrintStream out, EvictionPolicy policy, QueueModel model) {
    say(out, "%n%s: %s   (queues: %s)", model.name(), model.idea(), model.legend());
    List<String> heard = new ArrayList<>();
    int hits = 0;
    int disagreements = 0;
    List<String> victims = new ArrayList<>();
    try (Cache<String, String> cache = CacheBuilder.newBuilder()
        .maximumSize(3)
        .evictionPolicy(policy)
        .executor(Runnable::run) // the listener runs inside the call that evicted, so each victim is heard at once
        .removalListener((String key, String value, RemovalCause cause) -> {
          if (cause == RemovalCause.SIZE) {
            heard.add(key);
          }
        })
        .build()) {
      for (String key : SEQUENCE) {
        boolean[] loaded = {false};
        cache.get(key, k -> {
          loaded[0] = true;
          return k.toLowerCase(Locale.ROOT);
        });
        cache.cleanUp();
        String predicted = model.access(key);
        List<String> evicted = List.copyOf(heard);
        heard.clear();
        victims.addAll(evicted);
        hits += loaded[0] ? 0 : 1;
        String result = loaded[0] ? (evicted.isEmpty() ? "miss" : "miss, evicts " + String.join(",", evicted))
            : "hit";
        String why = model.explanation();
        boolean agrees = model.lastHit() != loaded[0]
            && (predicted == null ? List.of() : List.of(predicted)).equals(evicted);
        if (!agrees) {
          disagreements++;
          why = "MODEL DISAGREES (it predicted " + (model.lastHit() ? "a hit" : "a miss") + " and "
              + (predicted == null ? "no eviction" : "evicting " + predicted) + "): " + why;
        }
        say(out, "  %2d %s  %-14s %-42s %s", model.step(), key, result, model.draw(), why);
      }
    }
    return new Result(model.name(), hits, List.copyOf(victims), disagreements);
  }

  private static void say(PrintStream out, String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
  }
}
