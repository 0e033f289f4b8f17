package io.jcalico.datastore.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.Optional;

/**
 * A BGP AS number, 2- or 4-byte (RFC 6793). Documents may write it as a number, a quoted number
 * or in dotted "asdot" notation ({@code "64512.1"} = 64512 × 65536 + 1); like Calico's
 * {@code numorstring.ASNumber} it is always written back as a plain number.
 */
@JsonSerialize(using = AsNumber.Writer.class)
@JsonDeserialize(using = AsNumber.Reader.class)
public record AsNumber(long value) {

  public static final long MAX = 0xFFFF_FFFFL;
  /** RFC 6793 AS_TRANS, what a 2-byte speaker sees in place of a 4-byte AS. */
  public static final AsNumber AS_TRANS = new AsNumber(23456);

  public AsNumber {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException("AS number " + value + " is out of range 0-" + MAX);
    }
  }

  public static AsNumber of(long value) {
    return new AsNumber(value);
  }

  /**
   * Plain decimal (0-4294967295) or dotted {@code high.low} with both halves 0-65535; nothing
   * else (no sign, no spaces, no hex).
   */
  public static Optional<AsNumber> parse(String text) {
    if (text == null) return Optional.empty();
    int dot = text.indexOf('.');
    if (dot < 0) {
      return decimal(text, MAX).map(AsNumber::new);
    }
    Optional<Long> high = decimal(text.substring(0, dot), 0xFFFF);
    Optional<Long> low = decimal(text.substring(dot + 1), 0xFFFF);
    if (high.isEmpty() || low.isEmpty()) return Optional.empty();
    return Optional.of(new AsNumber((high.get() << 16) | low.get()));
  }

  private static Optional<Long> decimal(String s, long max) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    long v = Long.parseLong(s);
    return v <= max ? Optional.of(v) : Optional.empty();
  }

  /** True when the number does not fit the 2-byte AS field of a plain BGP OPEN. */
  public boolean isFourByte() {
    return value > 0xFFFF;
  }

  /** "asdot" form: plain for 2-byte numbers, {@code high.low} for 4-byte ones. */
  public String toDotted() {
    return isFourByte() ? (value >>> 16) + "." + (value & 0xFFFF) : Long.toString(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }

  static final class Writer extends JsonSerializer<AsNumber> {
    @Override
    public void serialize(AsNumber v, JsonGenerator g, SerializerProvider p) throws IOException {
      JsonNumbers.writeInteger(g, v.value);
    }
  }

  static final class Reader extends JsonDeserializer<AsNumber> {
    @Override
    public AsNumber deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING) {
        Optional<AsNumber> v = parse(p.getText());
        if (v.isPresent()) return v.get();
      }
      String shown = t == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : t != null && t.isScalarValue() ? p.getText() : "a " + (t == JsonToken.START_ARRAY ? "list" : "mapping");
      String hint = t == JsonToken.VALUE_NUMBER_FLOAT ? "; write dotted notation as a quoted string" : "";
      throw JsonMappingException.from(p, shown + " is not a valid AS number (0-4294967295, or dotted 0-65535.0-65535)" + hint);
    }
  }
}
