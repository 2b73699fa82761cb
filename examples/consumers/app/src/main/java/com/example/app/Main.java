package com.example.app;

import com.example.app.model.Sku;
import com.example.app.service.Prices;
import dev.cachelab.Cache;
import dev.cachelab.CacheBuilder;
import dev.cachelab.codec.Codec;
import dev.cachelab.memo.MemoizedFunction;
import dev.cachelab.memo.Memoizer;
import dev.cachelab.store.Stores;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user's application, built by examples/consumers/run.sh against the installed cachelab artifacts with the
 * README's snippets: on the class path and as a module, with and without Ehcache. It prints one line per check and
 * exits with status 1 at the first check that fails.
 *
 * <p>Arguments: {@code classpath|modular} (how it was started, checked against what the JVM says) and what to
 * expect of {@code Stores.ehcache()}: {@code with-ehcache} (it works), {@code without-ehcache} (it names the artifact
 * to add) or {@code ehcache-without-jdk-unsupported} (a modular app without that module: it says so).
 */
public final class Main {

  public static void main(String[] args) {
    boolean modular = args[0].equals("modular");
    String ehcache = args[1];

    check("started " + args[0], Main.class.getModule().isNamed() == modular
        && Cache.class.getModule().isNamed() == modular
        && (!modular || Cache.class.getModule().getName().equals("dev.cachelab.core")),
        "app module " + Main.class.getModule() + ", cachelab module " + Cache.class.getModule());

    Database database = new Database();
    QuickStart.run(database);
    check("the README's quick start", database.calls() == 1, database.calls() + " database calls");

    MemoizedFunction<Integer, Long> fib = Memoizer.recursive((self, n) -> n < 2 ? n : self.apply(n - 1)
        + self.apply(n - 2));
    long fib90 = fib.apply(90);
    check("memoized fib(90) = " + fib90, fib90 == 2_880_067_194_370_816_120L && fib.cacheInfo().hits() == 88
        && fib.cacheInfo().misses() == 91, fib.cacheInfo().toString());

    try (Cache<String, Integer> lengths = CacheBuilder.newBuilder().store(Stores.caffeine()).maximumSize(100)
        .recordStats().build()) {
      lengths.get("caffeine", String::length);
      int length = lengths.get("caffeine", String::length);
      check("Stores.caffeine()", length == 8 && lengths.stats().hitCount() == 1, lengths.stats().toString());
    }

    AtomicInteger lookups = new AtomicInteger();
    Prices prices = Memoizer.proxy(Prices.class, (sku, quantity) -> {
      lookups.incrementAndGet();
      return sku.cents() * quantity;
    });
    long first = prices.total(new Sku("tea", 250), 3);
    long second = prices.total(new Sku("tea", 250), 3);
    check("Memoizer.proxy(Prices.class, ...)", first == 750 && second == 750 && lookups.get() == 1,
        lookups + " lookups");

    Codec<Object> codec = Codec.canonical(Sku.class);
    Object back = codec.decode(codec.encode(new Sku("coffee", 300)));
    check("Codec.canonical(Sku.class) round trip", back.equals(new Sku("coffee", 300)), String.valueOf(back));

    switch (ehcache) {
      case "with-ehcache" -> {
        try (Cache<String, String> upper = CacheBuilder.newBuilder().store(Stores.ehcache()).maximumSize(100)
            .build()) {
          upper.put("k", "v");
          String value = upper.getIfPresent("k");
          check("Stores.ehcache()", "v".equals(value), "getIfPresent gave " + value);
        }
      }
      case "without-ehcache" -> expectFailure("Stores.ehcache() without Ehcache says what to add",
          "Stores.ehcache() needs org.ehcache:ehcache:3.12.0");
      case "ehcache-without-jdk-unsupported" -> expectFailure(
          "Stores.ehcache() in a module without jdk.unsupported says what to add",
          "Stores.ehcache() in a modular application needs the module jdk.unsupported");
      default -> throw new IllegalArgumentException("unknown Ehcache expectation: " + ehcache);
    }
    System.out.println("ALL OK");
  }

  private static void expectFailure(String what, String messageStart) {
    try {
      Stores.ehcache();
      check(what, false, "Stores.ehcache() did not fail");
    } catch (IllegalStateException e) {
      check(what, e.getMessage().startsWith(messageStart), e.getMessage());
      System.out.println("  message: " + e.getMessage());
    }
  }

  private static void check(String what, boolean ok, String detail) {
    if (!ok) {
      System.out.println("FAILED " + what + ": " + detail);
      System.exit(1);
    }
    System.out.println("ok " + what);
  }
}
