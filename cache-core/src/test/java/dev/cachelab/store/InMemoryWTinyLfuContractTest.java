package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;
import dev.cachelab.policy.EvictionPolicy;

class InMemoryWTinyLfuContractTest extends CacheContractTest {

  @Override
  protected StoreFactory store() {
    return Stores.inMemory();
  }

  @Override
  protected EvictionPolicy policy() {
    return EvictionPolicy.wTinyLfu();
  }
}
