package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "bound {0}")
@EnumSource(CacheContractTest.Bound.class)
class CaffeineContractTest extends CacheContractTest {

  @Parameter
  Bound runBound;

  @Override
  protected Bound bound() {
    return runBound;
  }

  @Override
  protected StoreFactory store() {
    return Stores.caffeine();
  }
}
