/**
 * Where entries live: the {@link dev.cachelab.store.Store} service provider interface that the cache facade runs
 * on, and {@link dev.cachelab.store.Stores}, the factories of the stores that ship with cache-core.
 */
package dev.cachelab.store;
