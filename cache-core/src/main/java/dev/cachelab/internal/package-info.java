/**
 * The cache facade and its helpers. Not API: public only so that {@code dev.cachelab.CacheBuilder} can reach it.
 */
package dev.cachelab.internal;
