/**
 * Eviction policies for the built-in engine: pick one with a factory of {@link dev.cachelab.policy.EvictionPolicy}
 * ({@code lru()}, {@code fifo()}, {@code clock()}, {@code sieve()}, {@code lfu()}, {@code s3Fifo()},
 * {@code wTinyLfu()}).
 *
 * <p>Each policy is one short file, written to be read: it opens with the paper, the cost, and a worked example, then
 * implements five hooks of {@link dev.cachelab.policy.PolicyState}. The engine does everything else (storage,
 * concurrency, weights, notifications), so a policy holds only its own bookkeeping.
 */
package dev.cachelab.policy;
