package dev.cachelab.examples.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.near.NearCacheExample.Outcome;
import dev.cachelab.redis.NearCacheStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearCacheExampleTest {

  @Test
  void bServesFromL1_untilAOrAPlainClientWrites_andNoCopyOutlivesItsTimeToLive() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Outcome outcome;
    try (ExampleRedis redis = ExampleRedis.start()) {
      outcome = NearCacheExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), redis.uri());
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    NearCacheStats stats = outcome.stats();
    assertEquals(List.of(4L, 4L, 1L, 2L),
        List.of(stats.l1HitCount(), stats.redisHitCount(), stats.redisMissCount(), stats.invalidationCount()),
        output);
    assertEquals("0.80", outcome.lastRead());
    String reads = String.join("\n",
        "   B: get(apple) -> 1.00  from Redis, now copied into L1",
        "   B: get(apple) -> 1.00  L1 hit, no round trip",
        "   B: get(apple) -> 1.00  L1 hit, no round trip");
    assertTrue(output.contains(reads), output);
    String afterWrite = String.join("\n",
        "   B: invalidation received for A's write; its L1 copy is gone",
        "   B: get(apple) -> 1.25  from Redis, now copied into L1",
        "   B: get(apple) -> 1.25  L1 hit, no round trip");
    assertTrue(output.contains(afterWrite), output);
    String afterDel = String.join("\n",
        "   B: invalidation received for the plain client's DEL; its L1 copy is gone",
        "   B: get(apple) -> null  Redis has nothing");
    assertTrue(output.contains(afterDel), output);
    String timeToLive = String.join("\n",
        "   B: get(pear) -> 0.80  L1 hit, no round trip",
        "   (the clock moves on 11s)",
        "   B: get(pear) -> 0.80  from Redis, now copied into L1");
    assertTrue(output.contains(timeToLive), output);
  }
}
