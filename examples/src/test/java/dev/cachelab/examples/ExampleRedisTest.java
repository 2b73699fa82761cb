package dev.cachelab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

class ExampleRedisTest {

  @Test
  void start_runsAServerOfItsOwn_restartKeepsThePort_closeStopsIt() {
    String uri;
    try (ExampleRedis redis = ExampleRedis.start()) {
      uri = redis.uri();
      assertTrue(redis.owned());
      assertTrue(redis.description().startsWith("a redis-server started for this example on " + uri.substring(8)),
          redis.description());
      try (Jedis client = redis.plainClient()) {
        assertEquals("PONG", client.ping());
      }
      redis.stop();
      assertThrows(JedisConnectionException.class, () -> ping(uri));
      redis.restart();
      assertEquals("PONG", ping(uri));
    }
    assertThrows(JedisConnectionException.class, () -> ping(uri), "nothing is left running after close()");
  }

  private static String ping(String uri) {
    try (Jedis client = new Jedis(URI.create(uri))) {
      return client.ping();
    }
  }
}
