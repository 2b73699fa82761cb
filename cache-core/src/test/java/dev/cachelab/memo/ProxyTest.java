package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Memoizer#proxy}: every non-void method of any arity memoized, keyed by the method and its arguments. */
class ProxyTest {

  /** The interface under test: methods of every arity, a void method, a default method, arrays and nulls. */
  public interface Calculator {
    long answer();

    int square(int x);

    int add(int a, int b);

    int multiply(int a, int b);

    int sum3(int a, int b, int c);

    int sum(int[] xs);

    int cells(String[][] grid);

    Object echo(Object value);

    String greet(String name);

    String nothing(String key);

    void reset();

    String describe(Object value);

    String describe(CharSequence value);

    default int squarePlusOne(int x) {
      return square(x) + 1;
    }
  }

  /** A calculator that counts how often each of its methods really runs. */
  static final class CountingCalculator implements Calculator {
    final Map<String, Integer> calls = new ConcurrentHashMap<>();

    private void count(String method) {
      calls.merge(method, 1, Integer::sum);
    }

    int calls(String method) {
      return calls.getOrDefault(method, 0);
    }

    @Override
    public long answer() {
      count("answer");
      return 42;
    }

    @Override
    public int square(int x) {
      count("square");
      return x * x;
    }

    @Override
    public int add(int a, int b) {
      count("add");
      return a + b;
    }

    @Override
    public int multiply(int a, int b) {
      count("multiply");
      return a * b;
    }

    @Override
    public int sum3(int a, int b, int c) {
      count("sum3");
      return a + b + c;
    }

    @Override
    public int sum(int[] xs) {
      count("sum");
      return Arrays.stream(xs).sum();
    }

    @Override
    public int cells(String[][] grid) {
      count("cells");
      return Arrays.stream(grid).mapToInt(row -> row.length).sum();
    }

    @Override
    public Object echo(Object value) {
      count("echo");
      return value;
    }

    @Override
    public String greet(String name) {
      count("greet");
      return "hello " + name;
    }

    @Override
    public String nothing(String key) {
      count("nothing");
      return null;
    }

    @Override
    public String describe(Object value) {
      count("describe(Object)");
      return "object " + value;
    }

    @Override
    public String describe(CharSequence value) {
      count("describe(CharSequence)");
      return "chars " + value;
    }

    @Override
    public void reset() {
      count("reset");
    }

    @Override
    public boolean equals(Object other) {
      count("equals");
      return this == other;
    }

    @Override
    public int hashCode() {
      count("hashCode");
      return 1234;
    }

    @Override
    public String toString() {
      count("toString");
      return "CountingCalculator";
    }
  }

  /** An interface whose method declares a checked exception. */
  public interface Files {
    String read(String path) throws IOException;
  }

  /** An interface with a void method, called for its effect. */
  public interface Worker {
    void work(String task);
  }

  interface PackagePrivate {
    String name();
  }

  private final CountingCalculator target = new CountingCalculator();
  private final Calculator calculator = Memoizer.proxy(Calculator.class, target);

  @Test
  void methodsOfZeroToThreeArguments_areEachComputedOncePerArguments() {
    for (int round = 0; round < 3; round++) {
      assertEquals(42, calculator.answer());
      assertEquals(9, calculator.square(3));
      assertEquals(5, calculator.add(2, 3));
      assertEquals(9, calculator.sum3(2, 3, 4));
    }

    assertEquals(1, target.calls("answer"));
    assertEquals(1, target.calls("square"));
    assertEquals(1, target.calls("add"));
    assertEquals(1, target.calls("sum3"));
  }

  @Test
  void differentArguments_areDifferentKeys() {
    calculator.add(2, 3);
    calculator.add(3, 2);
    calculator.sum3(1, 2, 3);
    calculator.sum3(1, 2, 4);

    assertEquals(2, target.calls("add"));
    assertEquals(2, target.calls("sum3"));
  }

  @Test
  void theMethod_isPartOfTheKey() {
    assertEquals(5, calculator.add(2, 3));
    assertEquals(6, calculator.multiply(2, 3));

    assertEquals(1, target.calls("add"));
    assertEquals(1, target.calls("multiply"));
  }

  @Test
  void overloads_withEqualArguments_areDifferentKeys() {
    assertEquals("object a", calculator.describe((Object) "a"));
    assertEquals("chars a", calculator.describe((CharSequence) "a"));
    assertEquals("object a", calculator.describe((Object) "a"));

    assertEquals(1, target.calls("describe(Object)"));
    assertEquals(1, target.calls("describe(CharSequence)"));
  }

  @Test
  void arrayArguments_compareByContent() {
    assertEquals(6, calculator.sum(new int[] {1, 2, 3}));
    assertEquals(6, calculator.sum(new int[] {1, 2, 3}));
    assertEquals(3, calculator.cells(new String[][] {{"a", "b"}, {"c"}}));
    assertEquals(3, calculator.cells(new String[][] {{"a", "b"}, {"c"}}));
    assertEquals(3, calculator.cells(new String[][] {{"a", "b"}, {"d"}}));

    assertEquals(1, target.calls("sum"));
    assertEquals(2, target.calls("cells"));
  }

  @Test
  void arguments_areTyped_soIntegerOneAndLongOneAreDifferent() {
    assertEquals(1, calculator.echo(1));
    assertEquals(1L, calculator.echo(1L));
    assertEquals(1, calculator.echo(1));

    assertEquals(2, target.calls("echo"));
  }

  @Test
  void nullArguments_areAllowedAndCached() {
    assertEquals("hello null", calculator.greet(null));
    assertEquals("hello null", calculator.greet(null));

    assertEquals(1, target.calls("greet"));
  }

  @Test
  void nullResult_isNotCached() {
    assertNull(calculator.nothing("k"));
    assertNull(calculator.nothing("k"));

    assertEquals(2, target.calls("nothing"));
  }

  @Test
  void voidMethods_runOnTheTargetEveryTime() {
    calculator.reset();
    calculator.reset();

    assertEquals(2, target.calls("reset"));
  }

  @Test
  void voidMethods_calledAtTheSameTime_bothRun_notMergedBySingleFlight() {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Worker worker = Memoizer.proxy(Worker.class, task -> {
      runs.incrementAndGet();
      Threads.await(release);
    });
    List<Thread> threads = List.of(new Thread(() -> worker.work("x")), new Thread(() -> worker.work("x")));

    threads.forEach(Thread::start);
    Threads.awaitAllWaiting(threads);
    release.countDown();
    Threads.joinAll(threads);

    assertEquals(2, runs.get());
  }

  @Test
  void toStringHashCodeAndEquals_goToTheTargetEveryTime() {
    assertEquals("CountingCalculator", calculator.toString());
    assertEquals("CountingCalculator", calculator.toString());
    assertEquals(1234, calculator.hashCode());
    assertEquals(1234, calculator.hashCode());
    assertFalse(calculator.equals(new Object()));
    assertFalse(calculator.equals(new Object()));

    assertEquals(2, target.calls("toString"));
    assertEquals(2, target.calls("hashCode"));
    assertEquals(2, target.calls("equals"));
  }

  @Test
  void proxy_equalsItself() {
    assertTrue(calculator.equals(calculator));
  }

  @Test
  void defaultMethods_areMemoizedAndRunOnTheTarget() {
    assertEquals(10, calculator.squarePlusOne(3));
    assertEquals(10, calculator.squarePlusOne(3));
    assertEquals(1, target.calls("square"), "the default method ran once, calling the target's square");

    assertEquals(9, calculator.square(3));
    assertEquals(2, target.calls("square"), "the default method's inner call did not go through the cache");
  }

  @Test
  void checkedException_reachesTheCallerAsItself_andIsNotCached() throws IOException {
    IOException failure = new IOException("disk unplugged");
    int[] reads = {0};
    Files files = Memoizer.proxy(Files.class, path -> {
      if (++reads[0] == 1) {
        throw failure;
      }
      return "contents of " + path;
    });

    assertSame(failure, assertThrows(IOException.class, () -> files.read("/etc/hosts")));
    assertEquals("contents of /etc/hosts", files.read("/etc/hosts"));
    assertEquals("contents of /etc/hosts", files.read("/etc/hosts"));
    assertEquals(2, reads[0]);
  }

  @Test
  void uncheckedException_reachesTheCallerAsItself() {
    IllegalArgumentException failure = new IllegalArgumentException("no such path");
    Files files = Memoizer.proxy(Files.class, path -> {
      throw failure;
    });

    assertSame(failure, assertThrows(IllegalArgumentException.class, () -> files.read("x")));
  }

  @Test
  void proxy_ofAClass_throwsIaeNamingTheClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Memoizer.proxy(StringBuilder.class, new StringBuilder()));

    assertEquals("iface must be an interface: java.lang.StringBuilder", e.getMessage());
  }

  @Test
  void proxy_ofANonPublicInterface_throwsIaeNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Memoizer.proxy(PackagePrivate.class, () -> "x"));

    assertTrue(e.getMessage().endsWith(PackagePrivate.class.getName()), e.getMessage());
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void proxy_whenTargetDoesNotImplementTheInterface_throwsIae() {
    Class raw = Calculator.class;

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Memoizer.proxy(raw, "not a calculator"));

    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
  }
}
