package dev.cachelab.contract;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import dev.cachelab.Cache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import junit.framework.TestCase;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import junit.framework.TestSuite;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Guava testlib's {@code ConcurrentMap} conformance suite over a cache's {@code asMap()}, as Caffeine's build runs it
 * over its own caches: some two thousand small tests of the {@code Map} and {@code ConcurrentMap} contracts (views,
 * iterators, equality, the atomic operations), each on the store's one cache, emptied and filled with the tester's
 * entries.
 *
 * <p>Features claimed: any size, general purpose (put and remove), iterator removal; no null keys or values, and
 * {@code NullPointerException} for null queries, as {@code ConcurrentHashMap}. The suite is JUnit 3 style; it is
 * handed to JUnit 5 as dynamic tests, one per tester method, so no vintage engine is needed.
 */
public final class MapConformance {

  private static final List<Cache<?, ?>> OPEN = Collections.synchronizedList(new ArrayList<>());

  private MapConformance() {}

  /**
   * The conformance suite over caches from {@code newCache}.
   *
   * @param name the suite's display name, naming the store (testlib refuses parentheses in it)
   * @param newCache builds the {@code Cache<String, String>} the tests run on; {@link #closeAll()} closes it
   * @return the suite, as a JUnit 5 dynamic container
   */
  public static DynamicContainer suite(String name, Supplier<Cache<String, String>> newCache) {
    Cache<String, String>[] cache = newCacheHolder();
    TestSuite suite = ConcurrentMapTestSuiteBuilder
        .using(new TestStringMapGenerator() {
          @Override
          protected Map<String, String> create(Map.Entry<String, String>[] entries) {
            // One cache per store, emptied for each test: building a cache per test (an Ehcache cache, a directory
            // with its lock file) would take minutes for two thousand tests.
            if (cache[0] == null) {
              cache[0] = newCache.get();
              OPEN.add(cache[0]);
            }
            cache[0].invalidateAll();
            for (Map.Entry<String, String> entry : entries) {
              cache[0].put(entry.getKey(), entry.getValue());
            }
            return cache[0].asMap();
          }
        })
        .named(name)
        .withFeatures(CollectionSize.ANY, MapFeature.GENERAL_PURPOSE, CollectionFeature.SUPPORTS_ITERATOR_REMOVE)
        .createTestSuite();
    return (DynamicContainer) toNode(suite);
  }

  /** Closes the caches the suites built; call it once they ran ({@code @AfterAll}). */
  public static void closeAll() {
    synchronized (OPEN) {
      OPEN.forEach(Cache::close);
      OPEN.clear();
    }
  }

  @SuppressWarnings("unchecked")
  private static Cache<String, String>[] newCacheHolder() {
    return new Cache[1];
  }

  private static DynamicNode toNode(junit.framework.Test test) {
    if (test instanceof TestSuite suite) {
      List<DynamicNode> children = new ArrayList<>();
      for (Enumeration<junit.framework.Test> tests = suite.tests(); tests.hasMoreElements(); ) {
        children.add(toNode(tests.nextElement()));
      }
      return DynamicContainer.dynamicContainer(String.valueOf(suite.getName()), children);
    }
    String name = (test instanceof TestCase testCase) ? testCase.getName() : test.toString();
    return DynamicTest.dynamicTest(name, () -> {
      TestResult result = new TestResult();
      test.run(result);
      for (Enumeration<TestFailure> problems = result.errors(); problems.hasMoreElements(); ) {
        throw new AssertionError(test + " failed", problems.nextElement().thrownException());
      }
      for (Enumeration<TestFailure> problems = result.failures(); problems.hasMoreElements(); ) {
        throw new AssertionError(test + " failed", problems.nextElement().thrownException());
      }
    });
  }
}
