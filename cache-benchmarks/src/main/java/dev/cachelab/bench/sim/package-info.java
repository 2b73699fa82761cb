/**
 * The trace simulator ({@link dev.cachelab.bench.sim.Simulator}): replays recorded cache access traces through
 * cachelab's eviction policies, raw Caffeine, raw Ehcache (its heap tier, on a logical clock) and Bélády's optimum,
 * and reports hit ratios as CSV, a Markdown table and a chart.
 */
package dev.cachelab.bench.sim;
