package dev.cachelab.examples.cacheaside;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pretend product database: a map behind a fixed delay per query, standing in for the network round trip and the
 * disk read that make a real database slow. It counts its queries, so the example can show how many the cache saved.
 * Tests build it with {@link Duration#ZERO}: the counts are the same, only the waiting is gone.
 *
 * <p>Thread-safe.
 */
public final class Database {

  private final Duration latency;
  private final Map<Integer, Product> products = new ConcurrentHashMap<>();
  private final AtomicLong queries = new AtomicLong();

  /**
   * Creates a database holding four products, each query taking {@code latency}.
   *
   * @param latency how long every {@link #findProduct} waits, zero or more
   * @throws NullPointerException if {@code latency} is null
   * @throws IllegalArgumentException if {@code latency} is negative
   */
  public Database(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    this.latency = latency;
    for (Product product : new Product[] {
        new Product(1, "tea", 420), new Product(2, "coffee", 650),
        new Product(3, "cocoa", 380), new Product(4, "juice", 290)}) {
      products.put(product.id(), product);
    }
  }

  /**
   * Looks a product up the slow way: waits for the latency, counts the query, and returns the stored row.
   *
   * @param id the product id
   * @return the product, or {@code null} if there is none with that id
   * @throws IllegalStateException if the thread is interrupted while it waits (the interrupt flag stays set)
   */
  public Product findProduct(int id) {
    queries.incrementAndGet();
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while querying product " + id, e);
      }
    }
    return products.get(id);
  }

  /**
   * Changes a product's price. Writes are not counted as queries: the example counts only the reads a cache can save.
   *
   * @param id the product id
   * @param newPriceCents the new price in cents
   * @throws IllegalArgumentException if there is no product with that id
   */
  public void updatePrice(int id, long newPriceCents) {
    if (products.computeIfPresent(id, (key, product) -> product.withPrice(newPriceCents)) == null) {
      throw new IllegalArgumentException("no product with id " + id);
    }
  }

  /**
   * Returns how many times {@link #findProduct} has been called.
   *
   * @return the number of queries so far
   */
  public long queryCount() {
    return queries.get();
  }

  /**
   * Returns the delay of each query.
   *
   * @return the latency given to the constructor
   */
  public Duration latency() {
    return latency;
  }
}
