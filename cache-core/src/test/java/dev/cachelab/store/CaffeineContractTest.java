package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;

class CaffeineContractTest extends CacheContractTest {

  @Override
  protected StoreFactory store() {
    return Stores.caffeine();
  }
}
