/**
 * The Redis store: one Redis key per entry, distributed single flight and a near cache invalidated by
 * server-assisted client tracking. Not built yet; see the project README for what exists today.
 */
package dev.cachelab.redis;
