package dev.cachelab.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.examples.ExampleRedis;
import dev.cachelab.examples.spring.SpringCacheableExample.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpringCacheableExampleTest {

  @Test
  void cacheableOnRedis_runsTheMethodOnceForConcurrentCallers_sharesItWithASecondContext_andEvicts()
      throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Outcome outcome;
    try (ExampleRedis redis = ExampleRedis.start()) {
      outcome = SpringCacheableExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), redis.uri(), 20);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(new Outcome(20, 1, 0, 1), outcome, output);
    assertTrue(output.contains("every thread got \"ACME 101.25 (computed by instance A)\"; the method ran once."),
        output);
    assertTrue(output.contains("B: quote(\"ACME\") -> ACME 101.25 (computed by instance A); B's method ran 0 times"),
        output);
    assertTrue(output.contains("B: quote(\"ACME\") -> ACME 101.25 (computed by instance B); B's method ran once."),
        output);
  }
}
