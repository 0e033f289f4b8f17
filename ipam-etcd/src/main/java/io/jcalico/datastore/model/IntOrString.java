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

/**
 * Kubernetes' {@code intstr.IntOrString} (a Kubernetes NetworkPolicy port: {@code 6379} or
 * {@code "http"}; also a DSCP value), kept exactly as written.
 */
@JsonSerialize(using = IntOrString.Writer.class)
@JsonDeserialize(using = IntOrString.Reader.class)
public record IntOrString(Integer intValue, String stringValue) {

  public IntOrString {
    if ((intValue == null) == (stringValue == null)) throw new IllegalArgumentException("an int or a string");
  }

  public static IntOrString of(int v) {
    return new IntOrString(v, null);
  }

  public static IntOrString of(String v) {
    return new IntOrString(null, v);
  }

  public boolean isInt() {
    return intValue != null;
  }

  @Override
  public String toString() {
    return intValue != null ? intValue.toString() : stringValue;
  }

  static final class Writer extends JsonSerializer<IntOrString> {
    @Override
    public void serialize(IntOrString v, JsonGenerator g, SerializerProvider p) throws IOException {
      if (v.intValue != null) g.writeNumber(v.intValue); else g.writeString(v.stringValue);
    }
  }

  static final class Reader extends JsonDeserializer<IntOrString> {
    @Override
    public IntOrString deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_STRING) return of(p.getText());
      if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) return of(p.getIntValue());
      throw JsonMappingException.from(p, (t != null && t.isScalarValue() ? p.getText() : "a structure")
          + " is not an integer or a string");
    }
  }
}
