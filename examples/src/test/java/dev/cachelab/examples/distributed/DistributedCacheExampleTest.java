package dev.cachelab.examples.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.distributed.DistributedCacheExample.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DistributedCacheExampleTest {

  @Test
  void aComputes_bReadsIt_andTheRedisLockTurnsTwoLoadsIntoOne() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Outcome outcome;
    try (ExampleRedis redis = ExampleRedis.start()) {
      outcome = DistributedCacheExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), redis.uri(), 10);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(new Outcome(1, 20, 2, 1), outcome, output);
    assertTrue(output.contains("   B: get(\"report:2026-11\") -> report:2026-11 (computed by instance A)"), output);
    assertTrue(output.contains("key \"cachelab-tour:reports:report:2026-11\" exists: true"), output);
    assertTrue(output.contains("database queries: 1 (by A). B's stats: 1 hit, 0 loads"), output);
    assertTrue(output.contains("Without a distributed lock: 2 database queries, one per instance."), output);
    assertTrue(output.contains("With the lock: 1 database query for 20 threads on 2 instances"), output);
  }
}
