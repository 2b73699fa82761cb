package com.example.app;

/** The slow backend of the README's quick start: it counts how often it is asked. */
final class Database {

  private int calls;

  Product findProduct(long id) {
    calls++;
    return new Product(id, "product " + id);
  }

  int calls() {
    return calls;
  }
}
