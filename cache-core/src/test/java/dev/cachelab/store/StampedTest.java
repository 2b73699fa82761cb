package dev.cachelab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Stamped} keeps an untimed entry in a smaller shape whose times are implied; through the class's methods
 * the two shapes must be indistinguishable, whatever numbers an entry is built or touched with.
 */
class StampedTest {

  private static final long NEVER = Stamped.NEVER;

  @Test
  void restore_ofAnUntimedEntry_givesBackEveryNumber() {
    Stamped<String> entry = Stamped.restore("v", 42, 0, NEVER, 0, NEVER, 7);
    assertParts(entry, "v", 42, 0, NEVER, 0, NEVER, 7);
    assertFalse(entry.expires());
    assertFalse(entry.isExpired(Long.MAX_VALUE - 1));
  }

  @Test
  void restore_ofATimedEntry_givesBackEveryNumber() {
    Stamped<String> entry = Stamped.restore("v", 42, 100, 50, 120, 30, 7);
    assertParts(entry, "v", 42, 100, 50, 120, 30, 7);
    assertTrue(entry.expires());
    assertFalse(entry.isExpired(149));
    assertTrue(entry.isExpired(150)); // 150 - 120 >= 30
    assertEquals(29, entry.remaining(121));
  }

  @Test
  void restore_ofEntriesThatDifferInOneTime_keepsThatTime() {
    // Each of these is one number away from the untimed shape: none may lose its number.
    assertParts(Stamped.restore("v", 1, 5, NEVER, 5, NEVER, 0), "v", 1, 5, NEVER, 5, NEVER, 0);
    assertParts(Stamped.restore("v", 1, 0, 10, 0, NEVER, 0), "v", 1, 0, 10, 0, NEVER, 0);
    assertParts(Stamped.restore("v", 1, 0, NEVER, 3, NEVER, 0), "v", 1, 0, NEVER, 3, NEVER, 0);
    assertParts(Stamped.restore("v", 1, 0, NEVER, 0, 10, 0), "v", 1, 0, NEVER, 0, 10, 0);
  }

  @Test
  void touchedAt_anUntimedEntry_keepsItsWriteAndTakesTheNewTouch() {
    Stamped<String> entry = Stamped.restore("v", 42, 0, NEVER, 0, NEVER, 7);
    Stamped<String> touched = entry.touchedAt(500, 60);
    assertParts(touched, "v", 42, 0, NEVER, 500, 60, 7);
    assertTrue(touched.sameWrite(entry));
    assertTrue(touched.isExpired(560));
  }

  @Test
  void write_stampsAFreshWriteId_inBothShapes() {
    Stamped<String> untimed = Stamped.write("v", 0, NEVER, NEVER, 0);
    Stamped<String> timed = Stamped.write("v", 10, 100, NEVER, 0);
    assertParts(untimed, "v", untimed.writeId(), 0, NEVER, 0, NEVER, 0);
    assertParts(timed, "v", timed.writeId(), 10, 100, 10, NEVER, 0);
    assertFalse(untimed.sameWrite(Stamped.write("v", 0, NEVER, NEVER, 0)));
  }

  private static void assertParts(Stamped<String> entry, String value, long writeId, long writeTime,
      long writeLifetime, long touchTime, long touchLifetime, long loadNanos) {
    assertEquals(value, entry.value());
    assertEquals(writeId, entry.writeId());
    assertEquals(writeTime, entry.writeTime());
    assertEquals(writeLifetime, entry.writeLifetime());
    assertEquals(touchTime, entry.touchTime());
    assertEquals(touchLifetime, entry.touchLifetime());
    assertEquals(loadNanos, entry.loadNanos());
  }
}
