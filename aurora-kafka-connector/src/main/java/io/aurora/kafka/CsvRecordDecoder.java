package io.aurora.kafka;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * CSV records: one line per record, fields in the order of the table's columns, separated by a
 * delimiter (comma by default), RFC 4180 quoting with {@code "} (a doubled quote inside quotes is a
 * quote). An unquoted empty field is NULL, a quoted empty one the empty string. A record with more
 * or fewer fields than the table has columns is a bad record.
 */
public final class CsvRecordDecoder implements RecordDecoder {
  private final char delimiter;
  private final StringBuilder field = new StringBuilder();

  public CsvRecordDecoder(char delimiter) {
    this.delimiter = delimiter;
  }

  @Override
  public void decode(byte @Nullable [] value, RowAssembler row) {
    if (value == null) {
      throw new AuroraException(ErrorCode.INVALID_TEXT_REPRESENTATION, "record has no value");
    }
    String line = new String(value, StandardCharsets.UTF_8);
    int length = line.length();
    while (length > 0 && (line.charAt(length - 1) == '\n' || line.charAt(length - 1) == '\r')) {
      length--;
    }
    try {
      int column = 0;
      int i = 0;
      while (true) {
        field.setLength(0);
        boolean quoted = false;
        if (i < length && line.charAt(i) == '"') {
          quoted = true;
          i++;
          while (true) {
            if (i >= length) {
              throw new AuroraException(
                  ErrorCode.BAD_COPY_FILE_FORMAT, "unterminated CSV quoted field");
            }
            char c = line.charAt(i++);
            if (c == '"') {
              if (i < length && line.charAt(i) == '"') {
                field.append('"');
                i++;
              } else {
                break;
              }
            } else {
              field.append(c);
            }
          }
          if (i < length && line.charAt(i) != delimiter) {
            throw new AuroraException(
                ErrorCode.BAD_COPY_FILE_FORMAT, "unexpected character after a quoted CSV field");
          }
        } else {
          while (i < length && line.charAt(i) != delimiter) {
            field.append(line.charAt(i++));
          }
        }
        if (column >= row.columnCount()) {
          throw new AuroraException(
              ErrorCode.BAD_COPY_FILE_FORMAT,
              "extra data after last expected column (" + row.columnCount() + " columns)");
        }
        if (quoted || field.length() > 0) {
          row.setText(column, field.toString());
        }
        column++;
        if (i >= length) {
          break;
        }
        i++; // the delimiter
      }
      if (column < row.columnCount()) {
        throw new AuroraException(
            ErrorCode.BAD_COPY_FILE_FORMAT,
            "missing data: record has " + column + " of " + row.columnCount() + " columns");
      }
      row.commitRow();
    } catch (RuntimeException e) {
      row.abandonRow();
      throw e;
    }
  }
}
