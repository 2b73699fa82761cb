/**
 * JMH benchmarks and the trace simulator. Not built yet; see the project README for what exists today.
 */
package dev.cachelab.bench;
