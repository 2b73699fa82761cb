package dev.cachelab.redis;

import dev.cachelab.contract.CacheContractTest;
import dev.cachelab.store.StoreFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole cache contract through the near cache on a standalone Redis: L1 in front of the contract's Redis store
 * (the shared server, a namespace per test), so every rule holds whether a read is answered by L1 or by Redis.
 */
class NearCacheContractTest extends CacheContractTest {

  private static final AtomicInteger TESTS = new AtomicInteger();

  private final String namespace = getClass().getSimpleName() + "-" + TESTS.incrementAndGet();

  @Override
  protected StoreFactory store() {
    return RedisStores.nearCache(RedisContractTest.contractStore(RedisContractTest.client(), namespace));
  }

  @Override
  protected boolean storesByReference() {
    return false;
  }
}
