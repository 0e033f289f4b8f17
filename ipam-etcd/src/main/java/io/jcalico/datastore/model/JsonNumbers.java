package io.jcalico.datastore.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * Number writing that matches how a parser reads numbers back (int when it fits, else long), so
 * a written resource's JSON tree equals the tree of the document it came from.
 */
public final class JsonNumbers {
  private JsonNumbers() {}

  public static void writeInteger(JsonGenerator g, long v) throws IOException {
    if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      g.writeNumber((int) v);
    } else {
      g.writeNumber(v);
    }
  }

  /** A float written as Go's encoder writes a float64: {@code 20}, not {@code 20.0}. */
  public static final class WholeDouble extends JsonSerializer<Double> {
    @Override
    public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
      if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
        writeInteger(g, v.longValue());
      } else {
        g.writeNumber(v);
      }
    }
  }
}
