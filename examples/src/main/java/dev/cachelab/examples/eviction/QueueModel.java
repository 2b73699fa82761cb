package dev.cachelab.examples.eviction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A re-enactment of one eviction policy's bookkeeping at capacity 3, for drawing. cachelab's public API tells which
 * key was evicted (the removal listener) but not the order of the policy's internal queues, so the example keeps its
 * own copy of the textbook algorithm, as each policy's source file describes it, and checks every victim it predicts
 * against the one the real cache reports. The drawings are the model's; the victims are the cache's.
 *
 * <p>Each model handles one access at a time: a hit updates its bookkeeping; a miss first makes room (the engine
 * evicts before it inserts) and then places the newcomer. Not thread-safe.
 */
abstract class QueueModel {

  static final int CAPACITY = 3;

  private final List<String> notes = new ArrayList<>();
  private int step;
  private boolean lastHit;

  /** The policy's name as printed. */
  abstract String name();

  /** The policy's idea in one line. */
  abstract String idea();

  /** How the drawing reads, e.g. "oldest first". */
  abstract String legend();

  /** Whether the key is resident. */
  abstract boolean contains(String key);

  /** How many keys are resident. */
  abstract int size();

  /** Records a hit of a resident key. */
  abstract void hit(String key);

  /** Picks a victim among the resident keys, removes it and returns it; called when the cache is full. */
  abstract String evict();

  /** Places a newcomer. */
  abstract void insert(String key);

  /** The queues as they stand, in ASCII. */
  abstract String draw();

  /**
   * Handles one access.
   *
   * @param key the key read
   * @return the victim, or {@code null} if nothing was evicted
   */
  final String access(String key) {
    step++;
    notes.clear();
    lastHit = contains(key);
    if (lastHit) {
      hit(key);
      return null;
    }
    String victim = size() >= CAPACITY ? evict() : null;
    insert(key);
    return victim;
  }

  /** Whether the last access was a hit. */
  final boolean lastHit() {
    return lastHit;
  }

  /** The step being handled, from 1. */
  final int step() {
    return step;
  }

  /** Adds to the explanation of the current access. */
  final void note(String note) {
    notes.add(note);
  }

  /** What happened in the last access, and why. */
  final String explanation() {
    return String.join("; ", notes);
  }

  static String list(List<String> keys, Map<String, ?> marks) {
    return keys.stream().map(k -> k + (marks == null ? "" : String.valueOf(marks.get(k))))
        .collect(Collectors.joining(" ", "[", "]"));
  }

  /** Least recently used: a hit moves the key to the recent end; the victim is at the other end. */
  static final class Lru extends QueueModel {
    private final LinkedList<String> queue = new LinkedList<>();
    private final Map<String, Integer> lastUse = new HashMap<>();

    @Override String name() { return "LRU"; }
    @Override String idea() { return "evict the least recently used key"; }
    @Override String legend() { return "least recently used first"; }
    @Override boolean contains(String key) { return queue.contains(key); }
    @Override int size() { return queue.size(); }

    @Override
    void hit(String key) {
      queue.remove(key);
      queue.addLast(key);
      lastUse.put(key, step());
      note(key + " moves to the recent end");
    }

    @Override
    String evict() {
      String victim = queue.removeFirst();
      note(victim + " was used least recently (step " + lastUse.get(victim) + ")");
      return victim;
    }

    @Override
    void insert(String key) {
      queue.addLast(key);
      lastUse.put(key, step());
    }

    @Override String draw() { return list(queue, null); }
  }

  /** First in, first out: reads change nothing; the oldest insertion leaves. */
  static final class Fifo extends QueueModel {
    private final LinkedList<String> queue = new LinkedList<>();
    private final Map<String, Integer> inserted = new HashMap<>();

    @Override String name() { return "FIFO"; }
    @Override String idea() { return "evict the oldest insertion; reads change nothing"; }
    @Override String legend() { return "oldest insertion first"; }
    @Override boolean contains(String key) { return queue.contains(key); }
    @Override int size() { return queue.size(); }

    @Override
    void hit(String key) {
      note("nothing moves");
    }

    @Override
    String evict() {
      String victim = queue.removeFirst();
      note(victim + " is the oldest insertion (step " + inserted.get(victim) + ")");
      return victim;
    }

    @Override
    void insert(String key) {
      queue.addLast(key);
      inserted.put(key, step());
    }

    @Override String draw() { return list(queue, null); }
  }

  /** CLOCK: FIFO with a reference bit; a set bit buys the oldest key a second chance at the back. */
  static final class Clock extends QueueModel {
    private final LinkedList<String> queue = new LinkedList<>();
    private final Set<String> referenced = new HashSet<>();

    @Override String name() { return "CLOCK"; }
    @Override String idea() { return "FIFO with a reference bit: a read earns a second chance"; }
    @Override String legend() { return "oldest first, * = reference bit set"; }
    @Override boolean contains(String key) { return queue.contains(key); }
    @Override int size() { return queue.size(); }

    @Override
    void hit(String key) {
      note(referenced.add(key) ? key + "'s bit is set" : key + "'s bit was already set");
    }

    @Override
    String evict() {
      while (true) {
        String oldest = queue.removeFirst();
        if (referenced.remove(oldest)) {
          queue.addLast(oldest);
          note(oldest + "* gets a second chance: bit cleared, moved to the back");
        } else {
          note(oldest + " is the oldest without a bit: evicted");
          return oldest;
        }
      }
    }

    @Override
    void insert(String key) {
      queue.addLast(key);
    }

    @Override
    String draw() {
      return queue.stream().map(k -> k + (referenced.contains(k) ? "*" : ""))
          .collect(Collectors.joining(" ", "[", "]"));
    }
  }

  /** SIEVE: a hand walks from old to new, clearing visited bits and evicting the first unvisited key in place. */
  static final class Sieve extends QueueModel {
    private final LinkedList<String> queue = new LinkedList<>();
    private final Set<String> visited = new HashSet<>();
    /** The key the hand examines next; {@code null} means the oldest. */
    private String hand;

    @Override String name() { return "SIEVE"; }
    @Override String idea() { return "a hand evicts unvisited keys in place; survivors do not move"; }
    @Override String legend() { return "oldest first, * = visited, ^ = the hand"; }
    @Override boolean contains(String key) { return queue.contains(key); }
    @Override int size() { return queue.size(); }

    @Override
    void hit(String key) {
      note(visited.add(key) ? key + " is marked visited" : key + " was already visited");
    }

    @Override
    String evict() {
      int at = hand == null ? 0 : queue.indexOf(hand);
      while (visited.remove(queue.get(at))) {
        note("the hand clears " + queue.get(at) + "*");
        at = (at + 1) % queue.size();
      }
      String victim = queue.remove(at);
      hand = at < queue.size() ? queue.get(at) : null;
      note("the hand stops at unvisited " + victim + ": evicted in place");
      return victim;
    }

    @Override
    void insert(String key) {
      queue.addLast(key);
    }

    @Override
    String draw() {
      String at = hand == null ? queue.peekFirst() : hand;
      return queue.stream().map(k -> (k.equals(at) ? "^" : "") + k + (visited.contains(k) ? "*" : ""))
          .collect(Collectors.joining(" ", "[", "]"));
    }
  }

  /**
   * S3-FIFO at capacity 3: small holds 1 (it may overfill while the cache has room), main 2, the ghost queue 2 keys.
   * A newcomer enters small; small's oldest moves to main if it was read twice there, else it leaves and its key
   * becomes a ghost; a ghost that comes back goes straight to main; main is a CLOCK with a counter up to 3.
   */
  static final class S3Fifo extends QueueModel {
    private static final int MAIN_SHARE = 2;
    private final LinkedList<String> small = new LinkedList<>();
    private final LinkedList<String> main = new LinkedList<>();
    private final Map<String, Integer> frequency = new HashMap<>();
    private final LinkedHashSet<String> ghost = new LinkedHashSet<>();
    private final List<String> leaving = new ArrayList<>();
    private int ghostLimit;

    @Override String name() { return "S3-FIFO"; }
    @Override String idea() { return "a small FIFO filters one-hit wonders; a ghost queue remembers them"; }
    @Override String legend() { return "oldest first, digit = read count (at most 3)"; }
    @Override boolean contains(String key) { return small.contains(key) || main.contains(key); }
    @Override int size() { return small.size() + main.size(); }

    @Override
    void hit(String key) {
      frequency.merge(key, 1, (a, b) -> Math.min(3, a + b));
      note(key + "'s count rises to " + frequency.get(key) + ", nothing moves");
    }

    @Override
    String evict() {
      ghostLimit = (int) Math.floor(size() * 0.90);
      boolean fromMain = main.size() > MAIN_SHARE || small.isEmpty();
      String victim = fromMain ? evictMain() : evictSmall();
      if (victim == null) {
        victim = fromMain ? evictSmall() : evictMain();
      }
      return victim;
    }

    private String evictSmall() {
      while (!small.isEmpty()) {
        String oldest = small.removeFirst();
        if (frequency.get(oldest) >= 2) {
          frequency.put(oldest, 0);
          main.addLast(oldest);
          note("small's oldest, " + oldest + ", was read twice: promoted to main");
        } else {
          leaving.add(oldest);
          note("small's oldest, " + oldest + ", was " + (frequency.get(oldest) == 0 ? "not read" : "read only once")
              + " in small: evicted, its key kept as a ghost");
          return oldest;
        }
      }
      return null;
    }

    private String evictMain() {
      while (!main.isEmpty()) {
        String oldest = main.removeFirst();
        int count = frequency.get(oldest);
        if (count == 0) {
          note("main's oldest, " + oldest + ", has count 0: evicted");
          return oldest;
        }
        frequency.put(oldest, count - 1);
        main.addLast(oldest);
        note("main's oldest, " + oldest + ", spends a count and goes round again");
      }
      return null;
    }

    @Override
    void insert(String key) {
      frequency.put(key, 0);
      boolean wasGhost = ghost.remove(key) || leaving.remove(key);
      ghost.addAll(leaving);
      leaving.clear();
      while (ghost.size() > ghostLimit) {
        ghost.remove(ghost.iterator().next());
      }
      if (wasGhost) {
        main.addLast(key);
        note(key + " is a ghost, evicted too early: it goes straight to main");
      } else {
        small.addLast(key);
      }
    }

    @Override
    String draw() {
      return "small " + list(small, frequency) + " main " + list(main, frequency) + " ghost "
          + ghost.stream().collect(Collectors.joining(" ", "(", ")"));
    }
  }

  /**
   * W-TinyLFU at capacity 3: a window of 1, a main region of 2 (probation, and protected holding 1). The window's
   * oldest key is the candidate; it enters main only if it was seen more often than main's victim (probation's
   * oldest). cachelab counts with a frequency sketch; for six keys the sketch's estimates are the exact counts
   * used here, and the window's size does not adapt until 160 accesses have passed.
   */
  static final class WTinyLfu extends QueueModel {
    private final LinkedList<String> window = new LinkedList<>();
    private final LinkedList<String> probation = new LinkedList<>();
    private final LinkedList<String> protectedSegment = new LinkedList<>();
    private final Map<String, Integer> seen = new HashMap<>();

    @Override String name() { return "W-TinyLFU"; }
    @Override String idea() { return "a newcomer's window, then admission to main only if seen more often"; }
    @Override String legend() { return "least recent first, digit = times seen (the sketch)"; }

    @Override
    boolean contains(String key) {
      return window.contains(key) || probation.contains(key) || protectedSegment.contains(key);
    }

    @Override int size() { return window.size() + probation.size() + protectedSegment.size(); }

    @Override
    void hit(String key) {
      seen.merge(key, 1, Integer::sum);
      if (window.remove(key)) {
        window.addLast(key);
        note(key + " stays in the window");
      } else if (probation.remove(key)) {
        protectedSegment.addLast(key);
        note(key + " is promoted from probation to protected");
        while (protectedSegment.size() > 1) {
          String demoted = protectedSegment.removeFirst();
          probation.addLast(demoted);
          note(demoted + " is demoted to probation");
        }
      } else {
        protectedSegment.remove(key);
        protectedSegment.addLast(key);
        note(key + " stays protected");
      }
    }

    @Override
    String evict() {
      String candidate = window.peekFirst();
      String victim = probation.isEmpty() ? protectedSegment.peekFirst() : probation.peekFirst();
      if (candidate != null && victim != null) {
        int c = seen.get(candidate);
        int v = seen.get(victim);
        if (c > v) {
          window.remove(candidate);
          probation.addLast(candidate);
          if (!probation.remove(victim)) {
            protectedSegment.remove(victim);
          }
          note("candidate " + candidate + " (seen " + c + "x) beats main's victim " + victim + " (seen " + v
              + "x): " + candidate + " enters main, " + victim + " is evicted");
          return victim;
        }
        window.remove(candidate);
        note("candidate " + candidate + " (seen " + c + "x) is not seen more often than main's victim " + victim
            + " (" + v + "x): " + candidate + " is refused");
        return candidate;
      }
      String only = victim != null ? victim : candidate;
      window.remove(only);
      probation.remove(only);
      protectedSegment.remove(only);
      note(only + " is the only choice");
      return only;
    }

    @Override
    void insert(String key) {
      seen.merge(key, 1, Integer::sum);
      window.addLast(key);
      while (window.size() > 1) {
        String moved = window.removeFirst();
        probation.addLast(moved);
        note(moved + " moves from the window to probation (the cache has room: no duel)");
      }
    }

    @Override
    String draw() {
      return "window " + list(window, seen) + " probation " + list(probation, seen) + " protected "
          + list(protectedSegment, seen);
    }
  }
}
