package dev.cachelab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.LoadingCache;
import dev.cachelab.RemovalCause;
import dev.cachelab.codec.Codec;
import dev.cachelab.contract.FakeTicker;
import dev.cachelab.policy.EvictionPolicy;
import dev.cachelab.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStoreTest {

  @TempDir
  Path dir;

  private final List<String> evicted = new ArrayList<>();

  private Cache<String, String> open(DirectoryStoreFactory store) {
    return CacheBuilder.newBuilder().store(store).executor(Runnable::run).recordStats()
        .<String, String>removalListener((key, value, cause) -> {
          if (cause == RemovalCause.SIZE) {
            evicted.add(key);
          }
        })
        .build();
  }

  private Cache<String, String> open(DirectoryStoreFactory store, long maximumSize) {
    return CacheBuilder.newBuilder().store(store).executor(Runnable::run).maximumSize(maximumSize)
        .<String, String>removalListener((key, value, cause) -> evicted.add(key))
        .build();
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  @Test
  void eachEntryIsOneFile_holdingTheKeysBytesAndTheFormatVersion() throws IOException {
    try (Cache<String, String> cache = open(Stores.directory(dir).keyCodec(Codec.string()))) {
      cache.put("alpha", "1");
      cache.put("beta", "2");
      cache.put("alpha", "3");
    }
    List<Path> entries = files(".entry");
    assertEquals(2, entries.size());
    for (Path file : entries) {
      EntryFile entry = EntryFile.parse(Files.readAllBytes(file));
      String key = new String(entry.key());
      assertTrue(key.equals("alpha") || key.equals("beta"), key);
      assertEquals(DirectoryStore.fileName(entry.key()), file.getFileName().toString());
      assertEquals(EntryFile.VERSION, java.nio.ByteBuffer.wrap(Files.readAllBytes(file), 4, 4).getInt());
    }
    try (Stream<Path> all = Files.list(dir)) {
      assertTrue(all.noneMatch(f -> f.toString().contains(".tmp-")), "no temporary file is left behind");
    }
  }

  @Test
  void entriesSurviveClosingAndReopening_andTimedEntriesExpireAtTheSameWallClockInstantInTheNextRun() {
    try (Cache<String, String> cache = open(Stores.directory(dir))) {
      cache.put("kept", "forever");
    }
    // One wall clock for both runs, as two processes on one machine read.
    FakeTicker wallClock = new FakeTicker();
    try (Cache<String, String> first = timedCache(wallClock)) {
      assertEquals("forever", first.getIfPresent("kept"), "an entry without a lifetime lives on");
      first.put("timed", "for an hour");
    }
    wallClock.advance(Duration.ofMinutes(59));
    try (Cache<String, String> second = timedCache(wallClock)) {
      assertEquals("for an hour", second.getIfPresent("timed"), "written 59 minutes ago by the last run");
    }
    wallClock.advance(Duration.ofMinutes(1));
    try (Cache<String, String> third = timedCache(wallClock)) {
      assertEquals("forever", third.getIfPresent("kept"));
      assertNull(third.getIfPresent("timed"), "an hour after the last run wrote it");
    }
  }

  @Test
  void aDirectoryStoreRefusesTheProcessLocalSystemTicker_andDefaultsToTheWallClock() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder()
        .store(Stores.directory(dir)).ticker(dev.cachelab.Ticker.system()).build());
    assertTrue(e.getMessage().contains("Ticker.wallClock()"), e.getMessage());
    try (Cache<String, String> cache = CacheBuilder.newBuilder().store(Stores.directory(dir))
        .expireAfterWrite(Duration.ofHours(1)).build()) {
      cache.put("k", "v");
      assertEquals("v", cache.getIfPresent("k"), "wall-clock times: written now, an hour to live");
    }
  }

  @Test
  void aFileOfTheFirstFormatVersion_isDeletedWhenRead_andCountedAsAMiss() throws IOException {
    try (Cache<String, String> cache = open(Stores.directory(dir).keyCodec(Codec.string()))) {
      cache.put("old", "value");
    }
    Path file = files(".entry").get(0);
    byte[] bytes = Files.readAllBytes(file);
    java.nio.ByteBuffer.wrap(bytes).putInt(4, 1); // what version 1 wrote there
    Files.write(file, bytes);
    try (Cache<String, String> cache = CacheBuilder.newBuilder().store(Stores.directory(dir).keyCodec(Codec.string()))
        .recordStats().build()) {
      assertNull(cache.getIfPresent("old"));
      assertEquals(1, cache.stats().storeErrorCount());
      assertTrue(Files.notExists(file), "an unreadable old file is deleted");
    }
  }

  /** A value class with identity {@code equals}: every copy a serializing store reads back is a different value. */
  static final class Plain implements java.io.Serializable {
    final String text;

    Plain(String text) {
      this.text = text;
    }
  }

  private static Codec<Plain> plainCodec() {
    return Codec.javaSerialization(Plain.class, Plain.class);
  }

  @Test
  void aRefreshOfAValueWithIdentityEquals_isStored_becauseWritesCompareByIdentityNotByEquals() {
    FakeTicker ticker = new FakeTicker();
    try (LoadingCache<String, Plain> cache = CacheBuilder.newBuilder()
        .store(Stores.directory(dir).keyCodec(Codec.string()).valueCodec(plainCodec()))
        .ticker(ticker).executor(Runnable::run).recordStats()
        .refreshAfterWrite(Duration.ofMinutes(1))
        .build(new dev.cachelab.CacheLoader<String, Plain>() {
          private int loads;

          @Override
          public Plain load(String key) {
            return new Plain("v" + (++loads));
          }
        })) {
      assertEquals("v1", cache.get("k").text);
      ticker.advance(Duration.ofMinutes(2));
      assertEquals("v1", cache.get("k").text, "the stale value is served while the refresh runs");
      assertEquals(1, cache.stats().refreshSuccessCount());
      assertEquals("v2", cache.get("k").text, "the refreshed value was stored");
    }
  }

  @Test
  void anExpiredValueWithIdentityEquals_isRemovedByCleanUp_andReportedOnce() {
    FakeTicker ticker = new FakeTicker();
    List<RemovalCause> causes = new ArrayList<>();
    try (Cache<String, Plain> cache = CacheBuilder.newBuilder()
        .store(Stores.directory(dir).keyCodec(Codec.string()).valueCodec(plainCodec()))
        .ticker(ticker).executor(Runnable::run).recordStats()
        .expireAfterWrite(Duration.ofMinutes(1))
        .<String, Plain>removalListener((k, v, cause) -> causes.add(cause))
        .build()) {
      cache.put("k", new Plain("v"));
      ticker.advance(Duration.ofMinutes(2));
      cache.cleanUp();
      assertEquals(List.of(RemovalCause.EXPIRED), causes);
      assertEquals(1, cache.stats().expirationCount());
      assertEquals(0, cache.estimatedSize(), "the file is gone");
    }
  }

  private Cache<String, String> timedCache(FakeTicker wallClock) {
    return CacheBuilder.newBuilder().store(Stores.directory(dir)).ticker(wallClock)
        .expireAfterWrite(Duration.ofHours(1)).build();
  }

  @Test
  void aSizeBound_evictsTheLeastRecentlyUsed_andTheOrderSurvivesARestart() throws IOException {
    try (Cache<String, String> cache = open(Stores.directory(dir), 3)) {
      cache.put("a", "1");
      cache.put("b", "2");
      cache.put("c", "3");
      cache.getIfPresent("a");
      cache.put("d", "4");
      assertEquals(List.of("b"), evicted);
    }
    // The next run rebuilds the order from modification times; make them unambiguous: a, then c, then d, then the
    // most recent read of c.
    setModified("a", 1_000);
    setModified("d", 3_000);
    setModified("c", 4_000);
    evicted.clear();
    try (Cache<String, String> cache = open(Stores.directory(dir), 3)) {
      assertEquals(3, cache.estimatedSize());
      cache.put("e", "5");
      assertEquals(List.of("a"), evicted, "a was the least recently used at the end of the last run");
    }
  }

  private void setModified(String key, long millis) throws IOException {
    Files.setLastModifiedTime(dir.resolve(DirectoryStore.fileName(Codec.canonical().encode(key))),
        FileTime.fromMillis(millis));
  }

  @Test
  void aByteBound_evictsUntilTheFilesFit_andAnEntryLargerThanTheBoundGoesAlone() throws IOException {
    try (Cache<String, String> cache = open(Stores.directory(dir).maximumBytes(1_000))) {
      cache.put("small-1", "x".repeat(200));
      cache.put("small-2", "x".repeat(200));
      cache.put("huge", "x".repeat(2_000));
      assertEquals(List.of("huge"), evicted, "the one that can never fit goes, the others stay");
      assertEquals(2, cache.estimatedSize());
      for (int i = 3; i <= 6; i++) {
        cache.put("small-" + i, "x".repeat(200));
      }
      long bytes = 0;
      for (Path file : files(".entry")) {
        bytes += Files.size(file);
      }
      assertTrue(bytes <= 1_000, "bytes on disk: " + bytes);
      assertEquals(List.of("huge", "small-1", "small-2", "small-3"), evicted, "each file is 292 bytes: three fit");
    }
  }

  @Test
  void aDamagedFile_isAMiss_isDeleted_andIsCountedAsAStoreError() throws IOException {
    try (Cache<String, String> cache = open(Stores.directory(dir))) {
      cache.put("k", "v");
      Path file = files(".entry").get(0);
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length - 10] ^= 0x55;
      Files.write(file, bytes);

      assertNull(cache.getIfPresent("k"));
      assertEquals(1, cache.stats().storeErrorCount());
      assertFalse(Files.exists(file), "the damaged file is deleted");
      assertEquals("reloaded", cache.get("k", key -> "reloaded"));
      assertEquals(1, cache.stats().storeErrorCount(), "and it does not fail again");
    }
  }

  /** Stands in for a gadget: deserializing it runs code. */
  static final class Planted implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean readObjectRan;

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
      readObjectRan = true;
      in.defaultReadObject();
    }
  }

  @Test
  void anEntryNamingAClassOutsideTheAllowList_isAMissAndIsDeleted_andTheClassNeverRuns() throws IOException {
    Planted.readObjectRan = false;
    // An earlier writer (or an attacker with write access to the directory) left an entry holding a Planted.
    try (Cache<String, Object> writer = CacheBuilder.newBuilder()
        .store(Stores.directory(dir).valueCodec(Codec.javaSerialization(Object.class, Planted.class))).build()) {
      writer.put("k", new Planted());
    }
    assertFalse(Planted.readObjectRan);
    try (Cache<String, Object> reader = CacheBuilder.newBuilder().recordStats()
        .store(Stores.directory(dir).valueCodec(Codec.javaSerialization(Object.class, String.class))).build()) {
      assertNull(reader.getIfPresent("k"));
      assertEquals(1, reader.stats().storeErrorCount());
      assertEquals(List.of(), files(".entry"), "the entry was deleted");
    }
    assertFalse(Planted.readObjectRan, "the planted class's readObject must never run");
  }

  @Test
  void garbageOrATruncatedFile_atStart_isAMissNotAFailure() throws IOException {
    try (Cache<String, String> cache = open(Stores.directory(dir))) {
      cache.put("truncated", "a value long enough to cut in half");
      cache.put("garbage", "v");
    }
    Path truncated = dir.resolve(DirectoryStore.fileName(Codec.canonical().encode("truncated")));
    byte[] whole = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.write(dir.resolve(DirectoryStore.fileName(Codec.canonical().encode("garbage"))), new byte[] {1, 2, 3});
    Files.write(dir.resolve(DirectoryStore.fileName(Codec.canonical().encode("x")) + ".tmp-1234"), new byte[10]);

    try (Cache<String, String> cache = open(Stores.directory(dir))) {
      assertNull(cache.getIfPresent("truncated"));
      assertNull(cache.getIfPresent("garbage"));
      assertEquals(2, cache.stats().storeErrorCount());
      assertEquals(List.of(), files(".entry"));
      assertEquals(List.of(), files(".tmp-1234"), "an interrupted write is deleted at start");
    }
  }

  @Test
  void aKeyTheCodecCannotEncode_isAnIllegalArgumentExceptionNamingItsType() {
    try (Cache<Object, String> cache = CacheBuilder.newBuilder().store(Stores.directory(dir)).build()) {
      IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
          () -> cache.get(new Object(), key -> "v"));
      assertTrue(thrown.getMessage().contains("java.lang.Object"), thrown.getMessage());
    }
  }

  @Test
  void aDirectoryThatCannotBeCreated_failsInBuildNamingThePath() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path impossible = file.resolve("cache");
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> CacheBuilder.newBuilder().store(Stores.directory(impossible)).build());
    assertTrue(thrown.getMessage().contains(impossible.toString()), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("cannot create"), thrown.getMessage());
  }

  @Test
  void aSecondCacheOnTheSameDirectory_inThisJvm_isRefusedUntilTheFirstCloses() {
    Cache<String, String> first = open(Stores.directory(dir));
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> open(Stores.directory(dir)));
    assertTrue(thrown.getMessage().contains(dir.toString()), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("in this process"), thrown.getMessage());
    first.close();
    open(Stores.directory(dir)).close();
  }

  @Test
  void aSecondJvmOnTheSameDirectory_isRefusedWithItsProcessNamed_andReleasesItWhenItCloses() throws Exception {
    try (ChildJvm child = ChildJvm.start(HoldDirectory.class, dir.toString())) {
      String open = child.await(line -> line.startsWith("open "), Duration.ofSeconds(30));
      String pid = open.substring("open ".length());

      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> open(Stores.directory(dir)));
      assertTrue(thrown.getMessage().contains("in process " + pid), thrown.getMessage());
      assertTrue(thrown.getMessage().contains(dir.resolve("cachelab.lock").toString()), thrown.getMessage());

      child.stdin().close();
      child.await("closed"::equals, Duration.ofSeconds(30));
      assertEquals(0, child.waitFor());
    }
    try (Cache<String, String> cache = open(Stores.directory(dir))) {
      assertTrue(cache.getIfPresent("held by").startsWith("process "), "the other JVM's entry is here");
    }
  }

  @Test
  void theFactoryValidatesEagerly_andItsToStringIsWhatAUserWrites() {
    assertThrows(NullPointerException.class, () -> Stores.directory(null));
    IllegalArgumentException notCanonical = assertThrows(IllegalArgumentException.class,
        () -> Stores.directory(dir).keyCodec(Codec.javaSerialization(String.class, String.class)));
    assertTrue(notCanonical.getMessage().contains("canonical"), notCanonical.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Stores.directory(dir).maximumBytes(0));
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> Stores.directory(dir).valueCodec(Codec.string()).valueCodec(Codec.string()));
    assertTrue(twice.getMessage().contains("Codec.string()"), twice.getMessage());
    assertEquals("Stores.directory(Path.of(\"" + dir + "\")).valueCodec(Codec.string()).maximumBytes(10)",
        Stores.directory(dir).valueCodec(Codec.string()).maximumBytes(10).toString());
  }

  @Test
  void theBuilderRefusesWhatTheStoreCannotDo() {
    IllegalStateException policy = assertThrows(IllegalStateException.class,
        () -> CacheBuilder.newBuilder().store(Stores.directory(dir)).maximumSize(10)
            .evictionPolicy(EvictionPolicy.sieve()).build());
    assertTrue(policy.getMessage().contains("Stores.directory("), policy.getMessage());
    assertThrows(IllegalStateException.class, () -> CacheBuilder.newBuilder().store(Stores.directory(dir))
        .maximumWeight(10, (String k, String v) -> 1).build());
  }

  @Test
  void iteration_skipsADamagedFile_andSeesEveryOtherEntry() throws IOException {
    try (Cache<String, String> cache = open(Stores.directory(dir))) {
      cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
      Files.write(dir.resolve(DirectoryStore.fileName(Codec.canonical().encode("b"))), new byte[] {0});
      assertEquals(Map.of("a", "1", "c", "3"), Map.copyOf(cache.asMap()));
      assertArrayEquals(new Object[0], files(".tmp").toArray());
    }
  }

  /** A plain class: not a record, so the default canonical codec cannot encode it. */
  static final class Report implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final String text;

    Report(String text) {
      this.text = text;
    }
  }

  /**
   * Regression: with the default codec and a plain class as the value, every write failed as a "store error": the
   * loader ran on every call, put returned normally, nothing was cached, and one rate-limited warning spoke of keys.
   */
  @Test
  void aValueCodecThatCannotEncodeTheValue_failsTheFirstWriteLoudly_namingCacheStoreAndTheCodecToUse() {
    try (Cache<String, Report> cache = CacheBuilder.newBuilder().name("reports").store(Stores.directory(dir))
        .recordStats().build()) {
      java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
      IllegalArgumentException thrown = assertThrows(dev.cachelab.codec.CodecMismatchException.class,
          () -> cache.get("q1", key -> {
            loads.incrementAndGet();
            return new Report("sales");
          }));
      for (String part : List.of("'reports'", "Stores.directory(" + dir + ")", "value", Report.class.getName(),
          "valueCodec(Codec.json(Report.class))")) {
        assertTrue(thrown.getMessage().contains(part), part + " in: " + thrown.getMessage());
      }
      assertThrows(dev.cachelab.codec.CodecMismatchException.class, () -> cache.put("q2", new Report("costs")));
      assertEquals(1, loads.get());
      assertEquals(0, cache.stats().storeErrorCount(), "a codec that does not fit is not a failing store");
      assertNull(cache.getIfPresent("q1"), "nothing was cached");
      assertNull(cache.get("q1", key -> null), "the failed load of q1 left nothing registered to wait for");
    }
  }

  /** Regression: a string key codec on Integer keys failed with a bare ClassCastException naming nothing. */
  @Test
  void aKeyCodecForAnotherType_failsWithAMessageNamingCacheAndStore_notABareClassCastException() {
    try (Cache<Integer, String> cache = CacheBuilder.newBuilder().name("numbers")
        .store(Stores.directory(dir).keyCodec(Codec.string())).build()) {
      IllegalArgumentException thrown = assertThrows(dev.cachelab.codec.CodecMismatchException.class,
          () -> cache.put(1, "one"));
      for (String part : List.of("'numbers'", "Stores.directory(" + dir + ")", "key codec", "java.lang.Integer")) {
        assertTrue(thrown.getMessage().contains(part), part + " in: " + thrown.getMessage());
      }
      assertTrue(thrown.getCause() instanceof ClassCastException, "the codec's own exception is the cause");
      assertThrows(dev.cachelab.codec.CodecMismatchException.class, () -> cache.getIfPresent(1));
    }
  }
}
