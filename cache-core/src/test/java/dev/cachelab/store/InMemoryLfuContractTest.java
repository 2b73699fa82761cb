package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;
import dev.cachelab.policy.EvictionPolicy;

class InMemoryLfuContractTest extends CacheContractTest {

  @Override
  protected StoreFactory store() {
    return Stores.inMemory();
  }

  @Override
  protected EvictionPolicy policy() {
    return EvictionPolicy.lfu();
  }
}
