package dev.cachelab.redis;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Another process with a cache over the same Redis, for {@link DistributedSingleFlightTest}: it loads key
 * {@code k} with distributed single flight, says {@code loading} when its loader starts, and finishes the load when
 * its standard input says {@code go} (or never, if it is killed first). Arguments: port, namespace, lock lifetime in
 * milliseconds.
 */
public final class SingleFlightChild {

  private SingleFlightChild() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String namespace = args[1];
    Duration lockLifetime = Duration.ofMillis(Long.parseLong(args[2]));
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (RedisClient client = RedisClient.create(new HostAndPort("127.0.0.1", port));
        Cache<String, String> cache = CacheBuilder.newBuilder().name("flight")
            .store(RedisStores.redis(client).namespace(namespace).keyCodec(Codec.string()).valueCodec(Codec.string())
                .distributedSingleFlight(lockLifetime))
            .build()) {
      String value = cache.get("k", key -> {
        System.out.println("loading");
        System.out.flush();
        try {
          String line = stdin.readLine();
          return "from-child:" + line;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      System.out.println("done " + value);
      System.out.flush();
    }
  }
}
