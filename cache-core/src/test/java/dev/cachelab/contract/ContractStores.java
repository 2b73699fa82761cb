package dev.cachelab.contract;

import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.store.Store;
import dev.cachelab.store.StoreConfig;
import dev.cachelab.store.StoreFactory;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store factory a contract run builds its caches on: the subclass's {@link CacheContractTest#store() store},
 * with the run's eviction policy and, in an {@link CacheContractTest.Bound#UNREACHABLE} run, a bound that no test
 * reaches. A cache a test leaves unbounded then runs on the store's bounded engine (on the built-in engine: the
 * policy, its read buffer, the eviction lock) instead of a plain map, as Caffeine's own test suite does; a cache a test
 * bounds keeps its own bound. Every eviction under the unreachable bound is counted, and the contract fails a test
 * that caused one: the bound is meant to change which code runs, never what the test sees.
 *
 * <p>The store runs its own maintenance (Caffeine's, for one) on the calling thread: the tests drive the cache's
 * background work by hand ({@link ManualExecutor}) and count its tasks, which must be the cache's (reloads,
 * notifications), not the store's housekeeping.
 */
final class ContractStores implements StoreFactory {

  /** More entries than any contract test holds at once (the largest holds a few hundred). */
  static final long UNREACHABLE = 1 << 14;

  private final StoreFactory store;
  private final EvictionPolicy policy;
  private final boolean unreachableBound;
  private final AtomicLong unexpectedEvictions = new AtomicLong();

  ContractStores(StoreFactory store, EvictionPolicy policy, boolean unreachableBound) {
    this.store = store;
    this.policy = policy;
    this.unreachableBound = unreachableBound;
  }

  /** Evictions that happened under the unreachable bound; none should. */
  long unexpectedEvictions() {
    return unexpectedEvictions.get();
  }

  @Override
  public Set<Capability> capabilities() {
    // The suite's asynchronous tests drive a manual executor and wait on the futures they get; a REMOTE store would
    // move the async view's store calls onto that executor and leave them waiting. So the suite checks the async
    // semantics with the store called on the caller's thread, and the nested remote-store test (which wraps the
    // store and declares it REMOTE again) checks that an async caller never makes a store call itself.
    Set<Capability> capabilities = java.util.EnumSet.noneOf(Capability.class);
    capabilities.addAll(store.capabilities());
    capabilities.remove(Capability.REMOTE);
    return capabilities;
  }

  @Override
  public <K, V> Store<K, V> create(StoreConfig<K, V> config) {
    EvictionPolicy chosen = (config.evictionPolicy() == null && capabilities().contains(Capability.EVICTION_POLICY))
        ? policy
        : config.evictionPolicy();
    if (unreachableBound && !config.bounded() && capabilities().contains(Capability.MAXIMUM_SIZE)) {
      return store.create(new StoreConfig<>(config.cacheName(), UNREACHABLE, StoreConfig.UNBOUNDED, null, chosen,
          Runnable::run, (key, entry) -> {
            unexpectedEvictions.incrementAndGet();
            config.evictionListener().accept(key, entry);
          }));
    }
    return store.create(new StoreConfig<>(config.cacheName(), config.maximumSize(), config.maximumWeight(),
        config.weigher(), chosen, Runnable::run, config.evictionListener()));
  }

  @Override
  public String toString() {
    return store + (policy == null ? "" : " with " + policy) + (unreachableBound ? " bounded at " + UNREACHABLE : "");
  }
}
