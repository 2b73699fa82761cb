package dev.cachelab.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The list every policy is built on. Each check walks the links in both directions: a broken {@code prev} pointer
 * is invisible to a forward walk and only shows up later, as a wrong victim.
 */
class NodeListTest {

  private final NodeList<String> list = new NodeList<>();

  @Test
  void emptyList_hasNoEndsAndPollsNull() {
    assertTrue(list.isEmpty());
    assertNull(list.first());
    assertNull(list.last());
    assertNull(list.pollFirst());
    assertEquals(0, list.size());
    assertEquals(0, list.weight());
  }

  @Test
  void addLast_keepsArrivalOrderAndSumsWeights() {
    add("A", 1);
    add("B", 2);
    add("C", 4);

    assertOrder("A", "B", "C");
    assertEquals(3, list.size());
    assertEquals(7, list.weight());
  }

  @Test
  void remove_unlinksFromTheMiddleAndBothEnds() {
    TestNode a = add("A", 1);
    TestNode b = add("B", 2);
    TestNode c = add("C", 4);
    add("D", 8);

    list.remove(b);
    assertOrder("A", "C", "D");
    list.remove(a);
    assertOrder("C", "D");
    list.remove(list.last());
    assertOrder("C");
    list.remove(c);
    assertOrder();
    assertTrue(list.isEmpty());
    assertEquals(0, list.weight());
    assertNull(b.prev);
    assertNull(b.next);
  }

  @Test
  void moveToLast_movesAnyMemberToTheNewestEnd() {
    TestNode a = add("A", 1);
    TestNode b = add("B", 1);
    TestNode c = add("C", 1);

    list.moveToLast(a);
    assertOrder("B", "C", "A");
    list.moveToLast(c);
    assertOrder("B", "A", "C");
    list.moveToLast(c); // already newest: nothing changes
    assertOrder("B", "A", "C");
    list.moveToLast(b);
    assertOrder("A", "C", "B");
    assertEquals(3, list.size());
    assertEquals(3, list.weight());
  }

  @Test
  void pollFirst_removesOldestFirst() {
    add("A", 1);
    add("B", 1);

    assertEquals("A", list.pollFirst().key());
    assertEquals("B", list.pollFirst().key());
    assertNull(list.pollFirst());
    assertOrder();
  }

  @Test
  void reweigh_adjustsTheTotalByTheDifference() {
    add("A", 3);
    TestNode b = add("B", 5);

    b.changeWeight(2);
    list.reweigh(b, 5);

    assertEquals(5, list.weight());
    list.remove(b);
    assertEquals(3, list.weight(), "removal subtracts the new weight, not the old");
  }

  private TestNode add(String key, long weight) {
    TestNode node = new TestNode(key, weight);
    list.addLast(node);
    return node;
  }

  private void assertOrder(String... expected) {
    List<String> forward = new ArrayList<>();
    Node<String> previous = null;
    for (Node<String> node = list.first(); node != null; node = node.next) {
      assertSame(previous, node.prev, "prev link of " + node.key());
      forward.add(node.key());
      previous = node;
    }
    assertSame(previous, list.last(), "last");
    assertEquals(List.of(expected), forward);
    assertEquals(expected.length, list.size());
  }

  private static final class TestNode extends Node<String> {
    TestNode(String key, long weight) {
      super(key, weight);
    }

    void changeWeight(long weight) {
      setWeight(weight);
    }
  }
}
