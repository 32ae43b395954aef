package io.aurora.benchmarks.e2e;

import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The CSV that both engines load: RFC 4180 fields separated by commas, no header, a field quoted
 * (with doubled quotes inside) when it is empty or holds a comma, quote or line break. An empty
 * unquoted field is NULL, a quoted empty field is the empty string, as PostgreSQL's {@code COPY ...
 * (FORMAT csv)} reads them and DuckDB does with {@code allow_quoted_nulls = false}. Dates are ISO
 * dates, timestamps {@code yyyy-MM-dd HH:mm:ss[.SSSSSS]} in UTC.
 */
final class Csv {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private Csv() {}

  /** Appends one row, values as the generators produce them, and a newline. */
  static void appendRow(StringBuilder line, List<Object> row, List<DataType> types) {
    for (int c = 0; c < types.size(); c++) {
      if (c > 0) {
        line.append(',');
      }
      appendValue(line, row.get(c), types.get(c));
    }
    line.append('\n');
  }

  private static void appendValue(StringBuilder line, @Nullable Object value, DataType type) {
    if (value == null) {
      return;
    }
    switch (type.kind()) {
      case VARCHAR -> appendText(line, (String) value);
      case DATE ->
          line.append(
              value instanceof LocalDate date
                  ? date
                  : LocalDate.ofEpochDay(((Number) value).intValue()));
      case TIMESTAMP -> {
        long micros = ((Number) value).longValue();
        LocalDateTime time =
            LocalDateTime.ofInstant(
                Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
                ZoneOffset.UTC);
        line.append(TIMESTAMP.format(time));
      }
      case DECIMAL ->
          line.append(
              value instanceof BigDecimal decimal
                  ? decimal.toPlainString()
                  : BigDecimal.valueOf(((Number) value).longValue(), type.scale()).toPlainString());
      default -> line.append(value);
    }
  }

  private static void appendText(StringBuilder line, String text) {
    boolean quote = text.isEmpty();
    for (int i = 0; i < text.length() && !quote; i++) {
      char c = text.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      line.append(text);
      return;
    }
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        line.append('"');
      }
      line.append(c);
    }
    line.append('"');
  }

  /**
   * Splits one line of this format into its fields: null for an empty unquoted field. Fields never
   * hold line breaks in the generated data sets, so a line is a row.
   */
  static @Nullable String[] split(String line, int columns) {
    String[] fields = new String[columns];
    int position = 0;
    for (int c = 0; c < columns; c++) {
      if (position < line.length() && line.charAt(position) == '"') {
        StringBuilder text = new StringBuilder();
        position++;
        while (true) {
          char ch = line.charAt(position++);
          if (ch == '"') {
            if (position < line.length() && line.charAt(position) == '"') {
              text.append('"');
              position++;
            } else {
              break;
            }
          } else {
            text.append(ch);
          }
        }
        fields[c] = text.toString();
        position++; // the comma
      } else {
        int end = line.indexOf(',', position);
        if (end < 0) {
          end = line.length();
        }
        fields[c] = end == position ? null : line.substring(position, end);
        position = end + 1;
      }
    }
    return fields;
  }

  /** A field of this format as the gRPC writer takes it for a column of the type. */
  static @Nullable Object parse(@Nullable String field, DataType type) {
    if (field == null) {
      return null;
    }
    return switch (type.kind()) {
      case VARCHAR -> field;
      case BOOLEAN -> Boolean.parseBoolean(field);
      case SMALLINT, INTEGER, BIGINT -> Long.parseLong(field);
      case REAL, DOUBLE -> Double.parseDouble(field);
      case DECIMAL -> new BigDecimal(field);
      case DATE -> LocalDate.parse(field);
      case TIMESTAMP -> LocalDateTime.parse(field, TIMESTAMP);
    };
  }
}
