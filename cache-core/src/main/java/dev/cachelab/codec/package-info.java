/**
 * Codecs: objects to bytes and back, for stores that keep entries outside the heap. {@link dev.cachelab.codec.Codec}
 * has one factory per format — {@code string()}, {@code bytes()}, {@code canonical(...)} (keys), {@code json(...)}
 * (Jackson, optional dependency) and {@code javaSerialization(...)} (allow-listed) — and
 * {@link dev.cachelab.codec.CodecException} is the one exception that bytes which do not decode raise.
 */
package dev.cachelab.codec;
