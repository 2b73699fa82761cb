package dev.cachelab.store;

import dev.cachelab.contract.CacheContractTest;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract on Ehcache's heap and disk tiers, the disk persistent. */
@ParameterizedClass(name = "bound {0}")
@EnumSource(CacheContractTest.Bound.class)
class EhcacheDiskContractTest extends CacheContractTest {

  @Parameter
  Bound runBound;

  @Override
  protected Bound bound() {
    return runBound;
  }

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
