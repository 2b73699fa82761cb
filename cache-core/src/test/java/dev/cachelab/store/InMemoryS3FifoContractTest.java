package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;
import dev.cachelab.policy.EvictionPolicy;

class InMemoryS3FifoContractTest extends CacheContractTest {

  @Override
  protected StoreFactory store() {
    return Stores.inMemory();
  }

  @Override
  protected EvictionPolicy policy() {
    return EvictionPolicy.s3Fifo();
  }
}
