package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;

/** The contract on Ehcache's heap tier: entries are kept by reference, bounded by the builder's maximumSize. */
class EhcacheHeapContractTest extends CacheContractTest {

  @Override
  protected StoreFactory store() {
    return Stores.ehcache();
  }

  @Override
  protected boolean reportsEvictionsExactly() {
    return false; // its EVICTED event can carry a value that a concurrent write had just replaced
  }
}
