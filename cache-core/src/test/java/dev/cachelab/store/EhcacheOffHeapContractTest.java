package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;

/** The contract on Ehcache's heap and off-heap tiers: entries are bytes off the heap, bounded by bytes. */
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
