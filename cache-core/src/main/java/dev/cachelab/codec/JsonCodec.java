package dev.cachelab.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * JSON through Jackson, into a declared type. Loaded only after {@link Codec#json(Type)} has checked that Jackson is
 * on the classpath. Default typing stays off, so the bytes never name a class. Immutable and thread-safe (Jackson's
 * readers and writers are).
 */
final class JsonCodec<T> implements Codec<T> {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final Type type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  JsonCodec(Type type) {
    this.type = type;
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    this.reader = MAPPER.readerFor(javaType);
    this.writer = MAPPER.writerFor(javaType);
  }

  @Override
  public byte[] encode(T value) {
    Objects.requireNonNull(value, "value");
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(this + " cannot encode a value of type " + value.getClass().getName()
          + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public T decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      T value = reader.readValue(bytes);
      if (value == null) {
        throw new CodecException(this + " decoded JSON null, which is not a value");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CodecException codecException) {
        throw codecException;
      }
      throw new CodecException(this + " cannot decode " + bytes.length + " bytes: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Codec.json(" + (type instanceof Class<?> c ? c.getName() + ".class" : type.getTypeName()) + ")";
  }
}
