package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract on Ehcache's heap and off-heap tiers: entries are bytes off the heap, bounded by bytes. */
@ParameterizedClass(name = "bound {0}")
@EnumSource(CacheContractTest.Bound.class)
class EhcacheOffHeapContractTest extends CacheContractTest {

  @Parameter
  Bound runBound;

  @Override
  protected Bound bound() {
    return runBound;
  }

  @Override
  protected StoreFactory store() {
    return Stores.ehcache().heap(10).offHeap(4 << 20).valueCodec(EhcacheTiers.values(valueTypes()));
  }

  @Override
  protected boolean storesByReference() {
    return false;
  }
}
