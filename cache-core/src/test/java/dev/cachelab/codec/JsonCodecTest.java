package dev.cachelab.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  record Report(String title, int pages, Map<String, Double> scores) {}

  @Test
  void roundTripsARecord_withSortedPropertiesAndMapKeys() {
    Codec<Report> codec = Codec.json(Report.class);
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("z", 1.0);
    scores.put("a", 2.5);
    Report report = new Report("q3", 12, scores);
    byte[] bytes = codec.encode(report);
    assertEquals("{\"pages\":12,\"scores\":{\"a\":2.5,\"z\":1.0},\"title\":\"q3\"}",
        new String(bytes, StandardCharsets.UTF_8));
    assertEquals(report, codec.decode(bytes));
    assertFalse(codec.isCanonical(), "sets keep their iteration order in JSON");
  }

  @Test
  void aGenericTypeDecodesIntoItsDeclaredElementType() {
    Type listOfReports = new ParameterizedType() {
      @Override
      public Type[] getActualTypeArguments() {
        return new Type[] {Report.class};
      }

      @Override
      public Type getRawType() {
        return List.class;
      }

      @Override
      public Type getOwnerType() {
        return null;
      }
    };
    Codec<List<Report>> codec = Codec.json(listOfReports);
    List<Report> reports = List.of(new Report("a", 1, Map.of()));
    assertEquals(reports, codec.decode(codec.encode(reports)));
  }

  @Test
  void bytesThatAreNotTheDeclaredType_raiseCodecException() {
    Codec<Report> codec = Codec.json(Report.class);
    for (String junk : new String[] {"", "{", "[1,2]", "{\"title\":\"x\",\"pages\":\"many\"}", "null", "{} {}",
        "{\"@class\":\"java.lang.ProcessBuilder\"}"}) {
      assertThrows(CodecException.class, () -> codec.decode(junk.getBytes(StandardCharsets.UTF_8)), junk);
    }
  }

  @Test
  void aValueJacksonCannotWrite_isAnIllegalArgumentExceptionNamingItsType() {
    Codec<Object> codec = Codec.json(Object.class);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object()));
    assertTrue(thrown.getMessage().contains("java.lang.Object"), thrown.getMessage());
  }
}
