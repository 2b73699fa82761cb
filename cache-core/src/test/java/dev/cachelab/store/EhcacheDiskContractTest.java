package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;

/**
 * The contract on Ehcache's heap and disk tiers, the disk persistent.
 *
 * <p>Runs once: a tiered Ehcache store is bounded by bytes, not entries, so it has no unreachable entry bound to run
 * under (its heap tier is bounded by {@code heap(10)}, which the tests do reach).
 */
class EhcacheDiskContractTest extends CacheContractTest {

  @Override
  protected StoreFactory store() {
    return EhcacheTiers.withFreshDirectory("disk", directory -> Stores.ehcache().heap(10)
        .persistentDisk(directory, 8 << 20).valueCodec(EhcacheTiers.values(valueTypes())));
  }

  @Override
  protected boolean storesByReference() {
    return false;
  }
}
