package dev.cachelab.examples.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cachelab.CacheStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsExampleTest {

  private static List<String> lookups(String output) {
    return output.lines().filter(line -> line.startsWith("  t=")).map(String::strip).toList();
  }

  @Test
  void everyLookupComesFromWhereTheRecordsTtlSays() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CacheStats stats = DnsExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = lookups(bytes.toString(StandardCharsets.UTF_8));
    assertEquals(9, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).matches("t=0s\\s+cachelab\\.dev\\s+-> 203\\.0\\.113\\.10\\s+from the resolver"),
        lines.get(0));
    assertTrue(lines.get(1).endsWith("from the cache"), "10 s later, within the 5 min ttl");
    assertTrue(lines.get(2).endsWith("from the resolver"), "first lookup of the cdn name");
    assertTrue(lines.get(3).endsWith("from the resolver"), "30 s ttl: expired at 40 s");
    assertTrue(lines.get(4).endsWith("from the cache"), "5 min ttl: still cached at 40 s");
    assertTrue(lines.get(5).contains("NXDOMAIN") && lines.get(5).endsWith("from the resolver"));
    assertTrue(lines.get(6).contains("NXDOMAIN") && lines.get(6).endsWith("from the cache"), "negative caching");
    assertTrue(lines.get(7).contains("203.0.113.10") && lines.get(7).endsWith("stale copy: the resolver failed"),
        "resolver down, 30 s past expiry: the stale answer");
    assertTrue(lines.get(8).contains("error") && lines.get(8).contains("resolver timed out"),
        "3 min past expiry: beyond the 2 min grace");
    assertEquals(1, stats.staleServedCount());
    assertEquals(3, stats.hitCount());
  }
}
