package dev.cachelab.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** {@link ArgumentKey}: arguments by {@code equals}, arrays by content, copied. */
class ArgumentKeyTest {

  @Test
  void singleNonArrayArgument_isItsOwnKey() {
    String argument = "a";

    assertSame(argument, ArgumentKey.of(argument));
  }

  @Test
  void arraysWithEqualContent_giveEqualKeysWithEqualHashes() {
    Object one = ArgumentKey.of(new Object[] {1, new int[] {2, 3}, new String[][] {{"x"}}});
    Object two = ArgumentKey.of(new Object[] {1, new int[] {2, 3}, new String[][] {{"x"}}});

    assertEquals(one, two);
    assertEquals(one.hashCode(), two.hashCode());
  }

  @Test
  void primitiveArraysOfDifferentTypes_giveDifferentKeys() {
    assertNotEquals(ArgumentKey.of(new int[] {1}), ArgumentKey.of(new long[] {1}));
  }

  @Test
  void key_keepsItsOwnCopyOfTheArrays() {
    int[] inner = {1, 2};
    Object[] outer = {inner};
    Object key = ArgumentKey.of(outer);
    int hash = key.hashCode();

    inner[0] = 9;
    outer[0] = "replaced";

    assertEquals(ArgumentKey.of(new Object[] {new int[] {1, 2}}), key);
    assertEquals(hash, key.hashCode());
  }

  @Test
  void pairs_compareInOrderAndAllowNull() {
    assertEquals(ArgumentKey.of(1, null), ArgumentKey.of(1, null));
    assertNotEquals(ArgumentKey.of(1, 2), ArgumentKey.of(2, 1));
  }

  @Test
  void callsOfDifferentMethods_withEqualArguments_giveDifferentKeys() throws NoSuchMethodException {
    Method add = ProxyTest.Calculator.class.getMethod("add", int.class, int.class);
    Method multiply = ProxyTest.Calculator.class.getMethod("multiply", int.class, int.class);

    assertEquals(ArgumentKey.ofCall(add, new Object[] {2, 3}), ArgumentKey.ofCall(add, new Object[] {2, 3}));
    assertNotEquals(ArgumentKey.ofCall(add, new Object[] {2, 3}), ArgumentKey.ofCall(multiply, new Object[] {2, 3}));
  }

  @Test
  void callsOfOverloads_withEqualArguments_giveDifferentKeys() throws NoSuchMethodException {
    Method ofObject = ProxyTest.Calculator.class.getMethod("describe", Object.class);
    Method ofChars = ProxyTest.Calculator.class.getMethod("describe", CharSequence.class);

    assertNotEquals(ArgumentKey.ofCall(ofObject, new Object[] {"a"}), ArgumentKey.ofCall(ofChars, new Object[] {"a"}));
  }

  @Test
  void toString_showsTheCallWithArraysByContent() throws NoSuchMethodException {
    Method add = ProxyTest.Calculator.class.getMethod("add", int.class, int.class);

    assertEquals("([1, 2])", ArgumentKey.of(new int[] {1, 2}).toString());
    assertEquals("(a, [b, [c]])", ArgumentKey.of("a", new Object[] {"b", new String[] {"c"}}).toString());
    assertEquals("Calculator.add(2, 3)", ArgumentKey.ofCall(add, new Object[] {2, 3}).toString());
    assertEquals("Calculator.answer()", ArgumentKey.ofCall(
        ProxyTest.Calculator.class.getMethod("answer"), null).toString());
  }
}
