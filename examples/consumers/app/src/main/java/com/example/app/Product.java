package com.example.app;

/** The value type of the README's quick start. */
record Product(long id, String name) {}
