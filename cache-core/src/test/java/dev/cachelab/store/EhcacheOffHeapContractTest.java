package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;

/**
 * The contract on Ehcache's heap and off-heap tiers: entries are bytes off the heap, bounded by bytes.
 *
 * <p>Runs once: a tiered Ehcache store is bounded by bytes, not entries, so it has no unreachable entry bound to run
 * under (its heap tier is bounded by {@code heap(10)}, which the tests do reach).
 */
class EhcacheOffHeapContractTest extends CacheContractTest {

  @Override
  protected StoreFactory store() {
    return Stores.ehcache().heap(10).offHeap(4 << 20).valueCodec(EhcacheTiers.values(valueTypes()));
  }

  @Override
  protected boolean storesByReference() {
    return false;
  }
}
