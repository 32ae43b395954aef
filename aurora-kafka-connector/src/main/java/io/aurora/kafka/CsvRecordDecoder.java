package io.aurora.kafka;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CSV records: one line per record, fields separated by a delimiter (comma by default), RFC 4180
 * quoting with {@code "} (a doubled quote inside quotes is a quote). An unquoted empty field is
 * NULL, a quoted empty one the empty string. Without column mappings the fields are the table's
 * columns in order ({@link #columns}); with them, the fields are named ({@code csv_columns}) and
 * the ones the mappings read fill the staging columns ({@link #fields}). A record with more or
 * fewer fields than expected is a bad record.
 */
public final class CsvRecordDecoder implements FieldDecoder {
  private final char delimiter;
  // The column each field fills, by the field's position; -1 for a field nobody reads.
  private final int[] targets;
  private final int rowNumberColumn;
  private final StringBuilder field = new StringBuilder();
  private long rowNumber;

  private CsvRecordDecoder(char delimiter, int[] targets, int rowNumberColumn) {
    this.delimiter = delimiter;
    this.targets = targets;
    this.rowNumberColumn = rowNumberColumn;
  }

  /** Records whose fields are a table's {@code columnCount} columns, in order. */
  public static CsvRecordDecoder columns(char delimiter, int columnCount) {
    int[] targets = new int[columnCount];
    for (int i = 0; i < columnCount; i++) {
      targets[i] = i;
    }
    return new CsvRecordDecoder(delimiter, targets, -1);
  }

  /**
   * Records whose fields are named {@code names}, in order, into staging columns for {@code fields}
   * (then the row number), matched case-insensitively; a staging field that is not among the names
   * is NULL.
   */
  static CsvRecordDecoder fields(char delimiter, List<String> names, List<String> fields) {
    int[] targets = new int[names.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = -1;
      for (int c = 0; c < fields.size() && targets[i] < 0; c++) {
        if (fields.get(c).equalsIgnoreCase(names.get(i))) {
          targets[i] = c;
        }
      }
    }
    return new CsvRecordDecoder(delimiter, targets, fields.size());
  }

  @Override
  public void rowNumber(long number) {
    rowNumber = number;
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
        if (column >= targets.length) {
          throw new AuroraException(
              ErrorCode.BAD_COPY_FILE_FORMAT,
              "extra data after last expected column (" + targets.length + " columns)");
        }
        if (targets[column] >= 0 && (quoted || field.length() > 0)) {
          row.setText(targets[column], field.toString());
        }
        column++;
        if (i >= length) {
          break;
        }
        i++; // the delimiter
      }
      if (column < targets.length) {
        throw new AuroraException(
            ErrorCode.BAD_COPY_FILE_FORMAT,
            "missing data: record has " + column + " of " + targets.length + " columns");
      }
      if (rowNumberColumn >= 0) {
        row.setLong(rowNumberColumn, rowNumber);
      }
      row.commitRow();
    } catch (RuntimeException e) {
      row.abandonRow();
      throw e;
    }
  }
}
