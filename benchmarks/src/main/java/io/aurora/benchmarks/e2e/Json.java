package io.aurora.benchmarks.e2e;

import java.util.Locale;

/** A small JSON writer for the results file: objects, arrays, strings and numbers, indented. */
final class Json {
  private final StringBuilder text = new StringBuilder();
  private boolean needsComma;
  private int depth;

  Json beginObject(String name) {
    key(name);
    text.append('{');
    depth++;
    needsComma = false;
    return this;
  }

  Json beginArray(String name) {
    key(name);
    text.append('[');
    depth++;
    needsComma = false;
    return this;
  }

  Json end(char close) {
    depth--;
    newline();
    text.append(close);
    needsComma = true;
    return this;
  }

  Json endObject() {
    return end('}');
  }

  Json endArray() {
    return end(']');
  }

  Json value(String name, String value) {
    key(name);
    quote(value);
    needsComma = true;
    return this;
  }

  Json value(String name, double value) {
    key(name);
    text.append(
        Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value).strip() : "null");
    needsComma = true;
    return this;
  }

  Json value(String name, long value) {
    key(name);
    text.append(value);
    needsComma = true;
    return this;
  }

  Json value(String name, boolean value) {
    key(name);
    text.append(value);
    needsComma = true;
    return this;
  }

  /** A key inside an object, or nothing for {@code null} (an element of an array). */
  private void key(String name) {
    if (needsComma) {
      text.append(',');
    }
    if (depth > 0) {
      newline();
    }
    if (name != null) {
      quote(name);
      text.append(": ");
    }
  }

  private void newline() {
    text.append('\n');
    text.append("  ".repeat(Math.max(0, depth)));
  }

  private void quote(String value) {
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> text.append("\\\"");
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> {
          if (c < 0x20) {
            text.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append('"');
  }

  @Override
  public String toString() {
    return text + "\n";
  }
}
