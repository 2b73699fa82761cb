package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract on Ehcache's heap tier: entries are kept by reference, bounded by the builder's maximumSize. */
@ParameterizedClass(name = "bound {0}")
@EnumSource(CacheContractTest.Bound.class)
class EhcacheHeapContractTest extends CacheContractTest {

  @Parameter
  Bound runBound;

  @Override
  protected Bound bound() {
    return runBound;
  }

  @Override
  protected StoreFactory store() {
    return Stores.ehcache();
  }

  @Override
  protected boolean reportsEvictionsExactly() {
    return false; // its EVICTED event can carry a value that a concurrent write had just replaced
  }
}
