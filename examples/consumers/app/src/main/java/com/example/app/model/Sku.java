package com.example.app.model;

/**
 * A key record: {@code Codec.canonical(Sku.class)} reads and rebuilds it by reflection, so in the modular build its
 * package is opened to {@code dev.cachelab.core} (the README's module-info). It is not exported to anyone.
 */
public record Sku(String name, long cents) {}
