package dev.cachelab.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.contract.FakeTicker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * TLS end to end: Debian's redis-server is built with TLS, so the test starts one that accepts TLS connections only
 * (a self-signed test certificate, see {@code src/test/resources/tls/README.md}) and runs a cache through a client
 * that trusts that certificate. A plain-text client is refused.
 */
class TlsTest {

  @Test
  void aCacheOverTls_readsAndWrites_andPlainTextIsRefused() throws Exception {
    Path directory = Files.createTempDirectory(Path.of("/tmp"), "cachelab-tls-" + ProcessHandle.current().pid());
    Path cert = copy("server.crt", directory);
    Path key = copy("server.key", directory);
    int port = RedisServer.freePort(false);
    try (TlsServer server = new TlsServer(port, cert, key)) {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trusting(cert).getTrustManagers(), null);
      try (RedisClient client = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port))
          .clientConfig(DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(tls.getSocketFactory())
              .timeoutMillis(2000).build()).build()) {
        Cache<String, String> cache = CacheBuilder.newBuilder().name("tls")
            .store(RedisStores.redis(client).keyCodec(Codec.string()).valueCodec(Codec.string()))
            .ticker(new FakeTicker()).recordStats().build();
        cache.put("k", "over tls");
        assertEquals("over tls", cache.getIfPresent("k"));
        assertEquals(0, cache.stats().storeErrorCount());
        cache.close();
      }
      try (RedisClient plain = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port))
          .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(1000).build()).build()) {
        assertThrows(JedisConnectionException.class, plain::ping);
      }
    } finally {
      RedisServer.deleteDirectory(directory);
    }
  }

  private static Path copy(String name, Path directory) throws IOException {
    try (InputStream in = TlsTest.class.getResourceAsStream("/tls/" + name)) {
      Path file = directory.resolve(name);
      Files.copy(in, file);
      return file;
    }
  }

  private static TrustManagerFactory trusting(Path cert) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      store.setCertificateEntry("redis", (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  /** A redis-server that listens for TLS only; readiness is a TLS PING, so it cannot reuse RedisServer's. */
  private static final class TlsServer implements AutoCloseable {
    private final Process process;
    private final Path log;

    TlsServer(int port, Path cert, Path key) throws Exception {
      log = cert.resolveSibling("redis.log");
      process = new ProcessBuilder(RedisServer.executable(), "--port", "0", "--tls-port", Integer.toString(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", cert.getParent().toString(),
          "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
          cert.toString(), "--tls-auth-clients", "no")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!RedisServer.isListening(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("redis-server with TLS did not start (is it built with TLS?):\n"
              + Files.readString(log));
        }
        RedisServer.sleepBriefly();
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
