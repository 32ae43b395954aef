package io.aurora.server.pgwire.copy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes rows as COPY TO lines, as PostgreSQL does. Text format: NULL is the NULL string, and
 * backslash, line breaks, tab and the delimiter are backslash-escaped. CSV: NULL is the unquoted
 * NULL string; a value is quoted when it holds the delimiter, the quote, a line break, or equals
 * the NULL string (so an empty string reads back as empty, not NULL), and quotes and escapes inside
 * it are escaped. Every line ends with a line feed. Thread-safe: it holds only options.
 */
public final class CopyRowEncoder {
  private final CopyOptions options;

  public CopyRowEncoder(CopyOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  /** One line holding the values, already in text form; null values are NULL. */
  public String encode(List<@Nullable String> values) {
    StringBuilder line = new StringBuilder(16 * values.size());
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(options.delimiter());
      }
      String value = values.get(i);
      if (value == null) {
        line.append(options.nullString());
      } else if (options.isCsv()) {
        appendCsv(line, value);
      } else {
        appendText(line, value);
      }
    }
    return line.append('\n').toString();
  }

  private void appendText(StringBuilder line, String value) {
    char delimiter = options.delimiter();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        case '\b' -> line.append("\\b");
        case '\f' -> line.append("\\f");
        case 0x0B -> line.append("\\v");
        default -> {
          if (c == delimiter) {
            line.append('\\');
          }
          line.append(c);
        }
      }
    }
  }

  private void appendCsv(StringBuilder line, String value) {
    char quote = options.quote();
    char escape = options.escape();
    boolean isQuoted = value.equals(options.nullString()) || value.equals("\\.");
    for (int i = 0; i < value.length() && !isQuoted; i++) {
      char c = value.charAt(i);
      isQuoted = c == options.delimiter() || c == quote || c == escape || c == '\n' || c == '\r';
    }
    if (!isQuoted) {
      line.append(value);
      return;
    }
    line.append(quote);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == quote || c == escape) {
        line.append(escape);
      }
      line.append(c);
    }
    line.append(quote);
  }
}
