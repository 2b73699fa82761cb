package dev.cachelab.examples.failopen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.failopen.FailOpenExample.Outcome;
import dev.cachelab.redis.CircuitBreaker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FailOpenExampleTest {

  @Test
  void redisStopsMidRun_everyRequestSucceeds_theBreakerOpens_andRedisIsUsedAgainWhenBack() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Outcome outcome;
    try (ExampleRedis redis = ExampleRedis.start()) {
      outcome = FailOpenExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), redis);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(9, outcome.requests(), output);
    assertEquals(0, outcome.failedRequests(), "fail-open: no request fails\n" + output);
    assertEquals(6, outcome.loads(), "1 cold miss, 4 while Redis is down, 1 after its restart (empty)\n" + output);
    assertEquals(1, outcome.breakerOpenings(), output);
    assertEquals(CircuitBreaker.State.CLOSED, outcome.finalState(), output);
    assertEquals(3, outcome.stats().hitCount(), "2 hits before the stop, 1 after the restart\n" + output);
    assertTrue(output.contains("   request 2: Ada Lovelace from Redis"), output);
    assertTrue(output.contains(
        "   request 4: Ada Lovelace from the loader  Redis failed: a counted miss   breaker OPEN"), output);
    assertTrue(output.contains(
        "   request 5: Ada Lovelace from the loader  Redis skipped: no round trip   breaker OPEN"), output);
    assertTrue(output.contains("   request 8: Ada Lovelace from the loader"), output);
    assertTrue(output.contains("   request 9: Ada Lovelace from Redis"), output);
  }
}
