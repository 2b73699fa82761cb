package dev.cachelab.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The string and byte-array codecs: stateless, canonical, thread-safe. */
final class SimpleCodecs {

  private SimpleCodecs() {}

  static final Codec<String> STRING = new Codec<>() {
    @Override
    public byte[] encode(String value) {
      return Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      Objects.requireNonNull(bytes, "bytes");
      try {
        // Strict: bytes that are not UTF-8 are an error, not a string full of replacement characters.
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new CodecException("Codec.string() cannot decode " + bytes.length + " bytes: not UTF-8", e);
      }
    }

    @Override
    public boolean isCanonical() {
      return true;
    }

    @Override
    public String toString() {
      return "Codec.string()";
    }
  };

  static final Codec<byte[]> BYTES = new Codec<>() {
    @Override
    public byte[] encode(byte[] value) {
      return Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] decode(byte[] bytes) {
      return Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public boolean isCanonical() {
      return true;
    }

    @Override
    public String toString() {
      return "Codec.bytes()";
    }
  };
}
