package dev.cachelab.examples.cacheaside;

import java.util.Locale;

/**
 * A row of the example's product table: what the database returns and the cache keeps.
 *
 * @param id the product id, the cache key
 * @param name the product's name
 * @param priceCents the price in cents, so that the example never has to round money
 */
public record Product(int id, String name, long priceCents) {

  /**
   * Returns a copy of this product with another price.
   *
   * @param newPriceCents the new price in cents
   * @return the updated product
   */
  public Product withPrice(long newPriceCents) {
    return new Product(id, name, newPriceCents);
  }

  /** Shows the product as the example prints it: {@code #1 tea 4.20}. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "#%d %s %d.%02d", id, name, priceCents / 100, priceCents % 100);
  }
}
