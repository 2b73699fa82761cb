package dev.cachelab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.RemovalCause;
import dev.cachelab.policy.EvictionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression: an entry heavier than the whole weight bound used to empty the cache. A new one made room by
 * evicting every resident entry before it was itself evicted; a rewrite that made a resident entry too heavy
 * evicted the others in the policy's order until that entry's turn came. It can never fit, so it alone must go.
 */
class OversizedEntryTest {

  private final List<String> removals = new ArrayList<>();

  static Stream<EvictionPolicy> policies() {
    return Stream.of(EvictionPolicy.lru(), EvictionPolicy.fifo(), EvictionPolicy.clock(), EvictionPolicy.sieve(),
        EvictionPolicy.lfu(), EvictionPolicy.s3Fifo(), EvictionPolicy.wTinyLfu());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void put_ofANewEntryHeavierThanTheBound_evictsOnlyThatEntry(EvictionPolicy policy) {
    Cache<String, Integer> cache = weightedCache(50, policy);
    putSmallEntries(cache);

    cache.put("heavy", 51);

    assertEquals(Map.of("a", 5, "b", 5, "c", 5), Map.copyOf(cache.asMap()));
    assertEquals(List.of("heavy=51 SIZE"), removals);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void put_thatMakesAResidentEntryHeavierThanTheBound_evictsOnlyThatEntry(EvictionPolicy policy) {
    Cache<String, Integer> cache = weightedCache(50, policy);
    putSmallEntries(cache);

    cache.put("a", 51);

    assertEquals(Map.of("b", 5, "c", 5), Map.copyOf(cache.asMap()));
    assertEquals(List.of("a=51 SIZE", "a=5 REPLACED"), removals);
    cache.put("d", 40); // b, c and d weigh exactly the bound: the engine must not still count a's weight
    assertEquals(List.of("a=51 SIZE", "a=5 REPLACED"), removals);
  }

  private void putSmallEntries(Cache<String, Integer> cache) {
    cache.put("a", 5);
    cache.put("b", 5);
    cache.put("c", 5);
    assertEquals(List.of(), removals);
  }

  private Cache<String, Integer> weightedCache(long bound, EvictionPolicy policy) {
    return CacheBuilder.newBuilder()
        .maximumWeight(bound, (String key, Integer weight) -> weight)
        .evictionPolicy(policy)
        .executor(Runnable::run)
        .removalListener((String key, Integer value, RemovalCause cause) ->
            removals.add(key + "=" + value + " " + cause))
        .build();
  }
}
