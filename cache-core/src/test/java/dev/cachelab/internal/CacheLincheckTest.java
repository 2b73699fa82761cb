package dev.cachelab.internal;

import dev.cachelab.AsyncCache;
import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.StoreFactory;
import dev.cachelab.store.Stores;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking: Lincheck runs small concurrent scenarios of the cache's operations under many
 * interleavings (it switches threads at shared reads, writes and locks) and checks that each outcome is one that some
 * serial order of the same operations gives on a plain {@link HashMap} ({@link LoadsAndWritesSpec},
 * {@link MapOperationsSpec}). This is how two races were found: "a {@code get} after an {@code invalidate} joins
 * the superseded load" ({@code get(1):101 ‖ invalidate(1); get(1):101}, then {@code getIfPresent(1):null}), and "a
 * bulk load that begins while a put of its key is under way stores over it" ({@code getAll(1, 2) ‖ put(1, 3)}, then
 * {@code getIfPresent(1):101}); neither outcome has a serial explanation. Each now has a forced-interleaving test in
 * {@code RaceContract} as well.
 *
 * <p>Each store runs with a bound far above the three keys the scenarios use, so the bounded engine (its lock, read
 * buffer and policy) is what runs, while no entry is ever evicted: which entry a policy evicts is not part of a
 * sequential map's behaviour. What happens under eviction is tested by the exact-invariant stress tests of the
 * contract suite.
 *
 * <p>It runs in every build, in a surefire execution of its own (Lincheck instruments the JVM's classes), in about a
 * minute. Classes are instrumented as they are first used: Lincheck's {@code lincheck.instrumentAllClasses}, set here
 * before to rule out slow mid-run instrumentation as the cause of a reported hang, made the run 3.5 times slower and
 * was not the cause (the loop bound was, see {@link #options}). Lincheck warns that it cannot take field offsets of
 * records and lambdas ({@code Failed to get object field offset for field arg$1}): their fields are final, so no
 * interleaving is lost.
 */
class CacheLincheckTest {

  /** Keys 1..3: few enough that scenarios collide on keys. */
  private static final String KEYS = "1:3";
  private static final String VALUES = "1:3";
  /**
   * Random scenarios per check (after the {@link #knownRaces() known races}), and interleavings tried per scenario.
   * Small enough for every build: the class took 62 s on the 2-core build machine at load average 5 (4 random
   * scenarios: 78 s at load 20, and 3.5 times as long again with {@code lincheck.instrumentAllClasses}). A longer run,
   * for new races: {@code -Dcachelab.lincheck.iterations=60} (see cache-core's pom.xml, execution "lincheck").
   */
  private static final int ITERATIONS = Integer.getInteger("cachelab.lincheck.iterations", 2);
  private static final int INVOCATIONS = Integer.getInteger("cachelab.lincheck.invocations", 50);

  /** Loads and writes: single, bulk and async loads against puts and invalidations. */
  public abstract static class LoadsAndWrites {
    private final Cache<Integer, Integer> cache;
    private final AsyncCache<Integer, Integer> async;

    LoadsAndWrites(StoreFactory store, EvictionPolicy policy) {
      this.cache = builder(store, policy).build();
      this.async = builder(store, policy).buildAsync();
    }

    @Operation
    public Integer getIfPresent(@Param(gen = IntGen.class, conf = KEYS) int key) {
      return cache.getIfPresent(key);
    }

    @Operation
    public Integer get(@Param(gen = IntGen.class, conf = KEYS) int key) {
      return cache.get(key, k -> k + 100);
    }

    @Operation
    public void put(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int value) {
      cache.put(key, value);
    }

    @Operation
    public void invalidate(@Param(gen = IntGen.class, conf = KEYS) int key) {
      cache.invalidate(key);
    }

    @Operation
    public Map<Integer, Integer> getAll(@Param(gen = IntGen.class, conf = KEYS) int first, @Param(gen = IntGen.class, conf = KEYS) int second) {
      return new HashMap<>(cache.getAll(List.of(first, second), keys -> {
        Map<Integer, Integer> loaded = new LinkedHashMap<>();
        keys.forEach(k -> loaded.put(k, k + 100));
        return loaded;
      }));
    }

    @Operation
    public Integer asyncGetIfPresent(@Param(gen = IntGen.class, conf = KEYS) int key) {
      return async.synchronous().getIfPresent(key);
    }

    @Operation
    public Integer asyncGet(@Param(gen = IntGen.class, conf = KEYS) int key) {
      return async.get(key, k -> CompletableFuture.completedFuture(k + 100)).join();
    }

    @Operation
    public void asyncPut(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int value) {
      async.put(key, value);
    }

    @Operation
    public void asyncInvalidate(@Param(gen = IntGen.class, conf = KEYS) int key) {
      async.synchronous().invalidate(key);
    }
  }

  /** The sequential specification of {@link LoadsAndWrites}: two maps, one per cache. */
  public static final class LoadsAndWritesSpec {
    private final Map<Integer, Integer> map = new HashMap<>();
    private final Map<Integer, Integer> asyncMap = new HashMap<>();

    public Integer getIfPresent(int key) {
      return map.get(key);
    }

    public Integer get(int key) {
      return map.computeIfAbsent(key, k -> k + 100);
    }

    public void put(int key, int value) {
      map.put(key, value);
    }

    public void invalidate(int key) {
      map.remove(key);
    }

    public Map<Integer, Integer> getAll(int first, int second) {
      Map<Integer, Integer> result = new HashMap<>();
      result.put(first, get(first));
      result.put(second, get(second));
      return result;
    }

    public Integer asyncGetIfPresent(int key) {
      return asyncMap.get(key);
    }

    public Integer asyncGet(int key) {
      return asyncMap.computeIfAbsent(key, k -> k + 100);
    }

    public void asyncPut(int key, int value) {
      asyncMap.put(key, value);
    }

    public void asyncInvalidate(int key) {
      asyncMap.remove(key);
    }
  }

  /** {@code asMap()}'s atomic operations against each other and plain writes. */
  public abstract static class MapOperations {
    private final ConcurrentMap<Integer, Integer> map;

    MapOperations(StoreFactory store, EvictionPolicy policy) {
      Cache<Integer, Integer> cache = builder(store, policy).build();
      this.map = cache.asMap();
    }

    @Operation
    public Integer get(@Param(gen = IntGen.class, conf = KEYS) int key) {
      return map.get(key);
    }

    @Operation
    public Integer put(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int value) {
      return map.put(key, value);
    }

    @Operation
    public Integer remove(@Param(gen = IntGen.class, conf = KEYS) int key) {
      return map.remove(key);
    }

    @Operation
    public Integer putIfAbsent(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int value) {
      return map.putIfAbsent(key, value);
    }

    @Operation
    public Integer replace(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int value) {
      return map.replace(key, value);
    }

    @Operation
    public boolean replaceIf(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int expected,
        @Param(gen = IntGen.class, conf = VALUES) int value) {
      return map.replace(key, expected, value);
    }

    @Operation
    public boolean removeIf(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int expected) {
      return map.remove(key, expected);
    }

    @Operation
    public Integer merge(@Param(gen = IntGen.class, conf = KEYS) int key, @Param(gen = IntGen.class, conf = VALUES) int value) {
      return map.merge(key, value, Integer::sum);
    }

    @Operation
    public Integer computeIfPresent(@Param(gen = IntGen.class, conf = KEYS) int key) {
      return map.computeIfPresent(key, (k, v) -> v > 4 ? null : v + 1);
    }
  }

  /** The sequential specification of {@link MapOperations}. */
  public static final class MapOperationsSpec {
    private final Map<Integer, Integer> map = new HashMap<>();

    public Integer get(int key) {
      return map.get(key);
    }

    public Integer put(int key, int value) {
      return map.put(key, value);
    }

    public Integer remove(int key) {
      return map.remove(key);
    }

    public Integer putIfAbsent(int key, int value) {
      return map.putIfAbsent(key, value);
    }

    public Integer replace(int key, int value) {
      return map.replace(key, value);
    }

    public boolean replaceIf(int key, int expected, int value) {
      return map.replace(key, expected, value);
    }

    public boolean removeIf(int key, int expected) {
      return map.remove(key, expected);
    }

    public Integer merge(int key, int value) {
      return map.merge(key, value, Integer::sum);
    }

    public Integer computeIfPresent(int key) {
      return map.computeIfPresent(key, (k, v) -> v > 4 ? null : v + 1);
    }
  }

  private static CacheBuilder<Object, Object> builder(StoreFactory store, EvictionPolicy policy) {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().store(store).maximumSize(64)
        .executor(Runnable::run);
    return policy == null ? builder : builder.evictionPolicy(policy);
  }

  // ---- the stores: Lincheck builds a fresh instance of a public no-argument class for every run ----------------

  public static final class LruLoads extends LoadsAndWrites {
    public LruLoads() {
      super(Stores.inMemory(), EvictionPolicy.lru());
    }
  }

  public static final class WTinyLfuLoads extends LoadsAndWrites {
    public WTinyLfuLoads() {
      super(Stores.inMemory(), EvictionPolicy.wTinyLfu());
    }
  }

  public static final class CaffeineLoads extends LoadsAndWrites {
    public CaffeineLoads() {
      super(Stores.caffeine(), null);
    }
  }

  public static final class SieveMap extends MapOperations {
    public SieveMap() {
      super(Stores.inMemory(), EvictionPolicy.sieve());
    }
  }

  public static final class CaffeineMap extends MapOperations {
    public CaffeineMap() {
      super(Stores.caffeine(), null);
    }
  }

  /**
   * Small on purpose: two threads of two operations between one before and one after, few scenarios and
   * interleavings, so each check takes seconds. Random scenarios this small rarely line up the few operations a
   * known race needs on one key, so the loads-and-writes checks also start with {@link #knownRaces() the scenarios
   * that found races}, each explored under as many interleavings as a random one.
   */
  private static ModelCheckingOptions options(Class<?> spec) {
    return new ModelCheckingOptions()
        .iterations(ITERATIONS)
        .invocationsPerIteration(INVOCATIONS)
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        // Lincheck takes a loop that turns often for a spin that may never end: after loopIterationsBeforeThreadSwitch
        // turns (10 by default) it switches threads, and after loopBound turns (50) it reports "hung / livelock due
        // to non-terminating loops". getAll reads the write count of every lock stripe (CacheFacade.writeMarks, a
        // loop of STRIPES = 64 reads that always ends), so with the defaults a lone getAll(2, 2) was reported as hung
        // at the loop's 51st turn, although it returns at once; and the forced switches every 10 turns took up the
        // exploration, so the race "a bulk load that begins mid-put stores over the put" was not found even in 1,000
        // interleavings. Both limits sit just above that loop: a real spin still trips them a few turns later.
        .loopIterationsBeforeThreadSwitch(CacheFacade.STRIPES + 8)
        .loopBound(CacheFacade.STRIPES + 8)
        .sequentialSpecification(spec);
  }

  private static ModelCheckingOptions loadsAndWritesOptions() {
    ModelCheckingOptions options = options(LoadsAndWritesSpec.class);
    knownRaces().forEach(options::addCustomScenario);
    return options;
  }

  /**
   * The scenarios of the races Lincheck found, or would find, on loads and writes (issue 10); each fails the check
   * if its race comes back (each was seen to, with the race put back by hand).
   */
  static List<ExecutionScenario> knownRaces() {
    return List.of(
        // A get after an invalidate joined the superseded load: get(1):101 ‖ invalidate(1); get(1):101, then
        // getIfPresent(1):null, which no serial order explains.
        scenario(List.of(actor("get", 1)), List.of(actor("invalidate", 1), actor("get", 1)),
            actor("getIfPresent", 1)),
        // The same on the async cache.
        scenario(List.of(actor("asyncGet", 1)), List.of(actor("asyncInvalidate", 1), actor("asyncGet", 1)),
            actor("asyncGetIfPresent", 1)),
        // A bulk load overwrote a put (issue 10's first race); this scenario then found that one which began while
        // the put was under way still did: getAll(1, 2):{1=101, 2=102} ‖ put(1, 3), then getIfPresent(1):101.
        scenario(List.of(actor("getAll", 1, 2)), List.of(actor("put", 1, 3)), actor("getIfPresent", 1)));
  }

  private static ExecutionScenario scenario(List<Actor> first, List<Actor> second, Actor after) {
    return new ExecutionScenario(List.of(), List.of(first, second), List.of(after), null);
  }

  /** An operation of {@link LoadsAndWrites} with its int arguments, as Lincheck's own generator builds one. */
  private static Actor actor(String operation, Integer... arguments) {
    Class<?>[] types = new Class<?>[arguments.length];
    Arrays.fill(types, int.class);
    try {
      Method method = LoadsAndWrites.class.getMethod(operation, types);
      // not cancellable, not blocking, not causing blocking, no prompt cancellation, not suspendable (Kotlin's)
      return new Actor(method, List.of((Object[]) arguments), false, false, false, false, false);
    } catch (NoSuchMethodException e) {
      throw new AssertionError("LoadsAndWrites has no operation " + operation + " of " + arguments.length + " ints", e);
    }
  }

  @Test
  void loadsAndWrites_areLinearizable_onTheEngineWithLru() {
    loadsAndWritesOptions().check(LruLoads.class);
  }

  @Test
  void loadsAndWrites_areLinearizable_onTheEngineWithWTinyLfu() {
    loadsAndWritesOptions().check(WTinyLfuLoads.class);
  }

  @Test
  void loadsAndWrites_areLinearizable_onCaffeine() {
    loadsAndWritesOptions().check(CaffeineLoads.class);
  }

  @Test
  void mapOperations_areLinearizable_onTheEngineWithSieve() {
    options(MapOperationsSpec.class).check(SieveMap.class);
  }

  @Test
  void mapOperations_areLinearizable_onCaffeine() {
    options(MapOperationsSpec.class).check(CaffeineMap.class);
  }
}
