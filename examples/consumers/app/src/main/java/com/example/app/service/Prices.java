package com.example.app.service;

import com.example.app.model.Sku;

/**
 * A service memoized with {@code Memoizer.proxy}: in the modular build its package is exported to
 * {@code dev.cachelab.core} only (the README's module-info), which is all the proxy needs.
 */
@FunctionalInterface
public interface Prices {

  /** The price of {@code quantity} items of {@code sku}, in cents. */
  long total(Sku sku, int quantity);
}
