package dev.cachelab.store;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cachelab.contract.CacheContractTest;
import dev.cachelab.policy.EvictionPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract on the built-in engine, eight times: unbounded (a plain concurrent map), then bounded out of reach
 * under each of the seven policies, so that every test, not only the eviction tests, runs on the engine, its policy
 * and its read buffer.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("engines")
class InMemoryContractTest extends CacheContractTest {

  @Parameter(0)
  String engine;

  @Parameter(1)
  EvictionPolicy evictionPolicy;

  static Stream<Arguments> engines() {
    return Stream.of(
        arguments("unbounded", null),
        arguments("lru", EvictionPolicy.lru()),
        arguments("fifo", EvictionPolicy.fifo()),
        arguments("clock", EvictionPolicy.clock()),
        arguments("sieve", EvictionPolicy.sieve()),
        arguments("lfu", EvictionPolicy.lfu()),
        arguments("s3fifo", EvictionPolicy.s3Fifo()),
        arguments("wtinylfu", EvictionPolicy.wTinyLfu()));
  }

  @Override
  protected StoreFactory store() {
    return Stores.inMemory();
  }

  @Override
  protected EvictionPolicy policy() {
    return evictionPolicy;
  }

  @Override
  protected Bound bound() {
    return evictionPolicy == null ? Bound.NONE : Bound.UNREACHABLE;
  }
}
