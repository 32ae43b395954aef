package io.aurora.kafka;

import io.aurora.sql.expression.TextFormats;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds a page of a table's rows one decoded record at a time. A decoder sets the fields of the
 * current row ({@link #setText}, {@link #setLong}, ...); {@link #commitRow} checks it (NOT NULL)
 * and appends it, {@link #abandonRow} forgets it, so a record that fails halfway leaves nothing
 * behind. Values are staged in primitive arrays per column: no boxing per field.
 *
 * <p>Text is read as PostgreSQL's input functions read it (the same parsers as COPY). TIMESTAMP
 * columns also take ISO-8601 with {@code T} and an offset ({@code 2026-12-01T10:00:00.123+01:00},
 * normalized to UTC) and epoch milliseconds (a JSON number or a string of digits).
 *
 * <p>Not thread-safe: one per consumer thread.
 */
public final class RowAssembler {
  private final List<ColumnSchema> columns;
  private final DataType[] types;
  private final long[] longs;
  private final double[] doubles;
  private final String[] strings;
  // Column c is set in the current row when setIn[c] == currentRow; a new row is a new number,
  // so starting one clears nothing.
  private final int[] setIn;
  private int currentRow = 1;
  private final boolean[] isNullable;
  private BlockBuilder[] builders;
  private int rows;

  public RowAssembler(TableSchema schema) {
    this.columns = List.copyOf(schema.columns());
    this.types = new DataType[columns.size()];
    for (int c = 0; c < types.length; c++) {
      types[c] = columns.get(c).type();
    }
    this.longs = new long[types.length];
    this.doubles = new double[types.length];
    this.strings = new String[types.length];
    this.setIn = new int[types.length];
    this.isNullable = new boolean[types.length];
    for (int c = 0; c < types.length; c++) {
      isNullable[c] = columns.get(c).nullable();
    }
    this.builders = newBuilders();
  }

  public int columnCount() {
    return types.length;
  }

  public DataType type(int column) {
    return types[column];
  }

  /** The rows committed since the last {@link #finish}. */
  public int rowCount() {
    return rows;
  }

  /** Sets a field from its text form, as COPY reads it; fails with the type's SQLSTATE. */
  public void setText(int column, String text) {
    DataType type = types[column];
    switch (type.kind()) {
      case BOOLEAN -> longs[column] = TextFormats.parseBoolean(text) ? 1 : 0;
      case SMALLINT, INTEGER, BIGINT ->
          longs[column] = checkRange(TextFormats.parseLong(text, type), type, text);
      case REAL, DOUBLE -> doubles[column] = TextFormats.parseDouble(text, type);
      case DECIMAL -> longs[column] = TextFormats.parseDecimalUnscaled(text, type);
      case DATE -> longs[column] = TextFormats.parseDate(text);
      case TIMESTAMP -> longs[column] = parseTimestamp(text);
      case VARCHAR -> strings[column] = text;
    }
    setIn[column] = currentRow;
  }

  /** Sets a field from an integral number (a JSON or Avro integer). */
  public void setLong(int column, long value) {
    DataType type = types[column];
    switch (type.kind()) {
      case BOOLEAN -> throw mismatch(column, "a number");
      case SMALLINT, INTEGER, BIGINT -> longs[column] = checkRange(value, type, null);
      case REAL, DOUBLE -> doubles[column] = value;
      case DECIMAL -> longs[column] = TextFormats.parseDecimalUnscaled(Long.toString(value), type);
      case DATE -> {
        if (value != (int) value) {
          throw new AuroraException(
              ErrorCode.DATETIME_FIELD_OVERFLOW, "date out of range: " + value + " days");
        }
        longs[column] = value;
      }
      case TIMESTAMP -> longs[column] = epochMillisToMicros(value);
      case VARCHAR -> strings[column] = Long.toString(value);
    }
    setIn[column] = currentRow;
  }

  /** Sets a TIMESTAMP field from microseconds since the epoch (Avro's timestamp-micros). */
  public void setTimestampMicros(int column, long micros) {
    if (types[column].kind() != io.aurora.storage.type.TypeKind.TIMESTAMP) {
      setLong(column, micros);
      return;
    }
    longs[column] = micros;
    setIn[column] = currentRow;
  }

  /**
   * A number's digits ({@code 1000} for {@code 1e3}), or its scientific form when that would be
   * more than a thousand digits: {@code 1e1000000000} must not become a gigabyte of zeros.
   */
  private static String text(BigDecimal value) {
    long exponent = (long) value.precision() - value.scale();
    return exponent > 1000 || exponent < -1000 ? value.toString() : value.toPlainString();
  }

  /** Sets a field from a fractional number (a JSON or Avro floating point or decimal). */
  public void setDecimal(int column, BigDecimal value) {
    DataType type = types[column];
    switch (type.kind()) {
      case REAL, DOUBLE -> doubles[column] = value.doubleValue();
      case DECIMAL -> longs[column] = TextFormats.decimalUnscaled(value, type);
      case VARCHAR -> setText(column, text(value));
      case SMALLINT, INTEGER, BIGINT, TIMESTAMP -> {
        try {
          setLong(column, value.longValueExact());
          return;
        } catch (ArithmeticException e) {
          throw new AuroraException(
              ErrorCode.INVALID_TEXT_REPRESENTATION,
              "invalid input syntax for type "
                  + TextFormats.typeName(type)
                  + ": \""
                  + text(value)
                  + "\" (column "
                  + columns.get(column).name()
                  + ")");
        }
      }
      default -> throw mismatch(column, "a number");
    }
    setIn[column] = currentRow;
  }

  public void setDouble(int column, double value) {
    DataType type = types[column];
    if (type.kind() == io.aurora.storage.type.TypeKind.REAL
        || type.kind() == io.aurora.storage.type.TypeKind.DOUBLE) {
      doubles[column] = value;
      setIn[column] = currentRow;
      return;
    }
    setDecimal(column, BigDecimal.valueOf(value));
  }

  public void setBoolean(int column, boolean value) {
    DataType type = types[column];
    switch (type.kind()) {
      case BOOLEAN -> longs[column] = value ? 1 : 0;
      case VARCHAR -> strings[column] = value ? "true" : "false";
      default -> throw mismatch(column, "a boolean");
    }
    setIn[column] = currentRow;
  }

  /** Sets a field to NULL explicitly (the same as leaving it unset). */
  public void setNull(int column) {
    setIn[column] = 0;
  }

  /**
   * Appends the current row: unset fields are NULL. Fails with 23502, leaving nothing behind, when
   * a NOT NULL column is unset.
   */
  public void commitRow() {
    for (int c = 0; c < types.length; c++) {
      if (setIn[c] != currentRow && !isNullable[c]) {
        abandonRow();
        throw new AuroraException(
            ErrorCode.NOT_NULL_VIOLATION,
            "null value in column \"" + columns.get(c).name() + "\" violates not-null constraint");
      }
    }
    for (int c = 0; c < types.length; c++) {
      BlockBuilder builder = builders[c];
      if (setIn[c] != currentRow) {
        builder.appendNull();
        continue;
      }
      switch (types[c].kind()) {
        case BOOLEAN -> ((BlockBuilder.BooleanBuilder) builder).append(longs[c] != 0);
        case SMALLINT, INTEGER, DATE -> ((BlockBuilder.IntBuilder) builder).append((int) longs[c]);
        case BIGINT, DECIMAL, TIMESTAMP -> ((BlockBuilder.LongBuilder) builder).append(longs[c]);
        case REAL -> ((BlockBuilder.FloatBuilder) builder).append((float) doubles[c]);
        case DOUBLE -> ((BlockBuilder.DoubleBuilder) builder).append(doubles[c]);
        case VARCHAR -> ((BlockBuilder.VarcharBuilder) builder).append(strings[c]);
      }
    }
    rows++;
    clearRow();
  }

  /** Forgets the fields set for the current row. */
  public void abandonRow() {
    clearRow();
  }

  /** The committed rows as a page; the assembler starts empty again. */
  public Page finish() {
    clearRow();
    Arrays.fill(strings, null);
    BlockBuilder[] built = builders;
    int count = rows;
    builders = newBuilders();
    rows = 0;
    io.aurora.storage.block.Block[] blocks = new io.aurora.storage.block.Block[built.length];
    for (int c = 0; c < blocks.length; c++) {
      blocks[c] = built[c].build();
    }
    return new Page(count, blocks);
  }

  private void clearRow() {
    if (++currentRow == Integer.MAX_VALUE) {
      Arrays.fill(setIn, 0);
      currentRow = 1;
    }
  }

  private BlockBuilder[] newBuilders() {
    BlockBuilder[] fresh = new BlockBuilder[types.length];
    for (int c = 0; c < fresh.length; c++) {
      fresh[c] = BlockBuilder.forType(types[c], 1024);
    }
    return fresh;
  }

  private AuroraException mismatch(int column, String what) {
    return new AuroraException(
        ErrorCode.DATATYPE_MISMATCH,
        "column \""
            + columns.get(column).name()
            + "\" is of type "
            + TextFormats.typeName(types[column])
            + " but the record has "
            + what);
  }

  /** {@code value}, or 22003 when it does not fit {@code type}; {@code text} is its input. */
  private static long checkRange(long value, DataType type, @Nullable String text) {
    long min;
    long max;
    switch (type.kind()) {
      case SMALLINT -> {
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
      }
      case INTEGER -> {
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
      }
      default -> {
        return value;
      }
    }
    if (value < min || value > max) {
      throw TextFormats.outOfRange(text == null ? Long.toString(value) : text, type);
    }
    return value;
  }

  /**
   * A TIMESTAMP from text: epoch milliseconds (digits only), ISO-8601 with an offset or {@code Z}
   * (converted to UTC), or PostgreSQL's {@code 2026-12-01 10:00:00.123} / {@code T} form.
   */
  static long parseTimestamp(String text) {
    String trimmed = text.strip();
    if (!trimmed.isEmpty() && isDigits(trimmed)) {
      return epochMillisToMicros(TextFormats.parseLong(trimmed, DataType.BIGINT));
    }
    if (hasOffset(trimmed)) {
      long fast = offsetTimestamp(trimmed);
      if (fast != NOT_FAST) {
        return fast;
      }
      try {
        OffsetDateTime time = OffsetDateTime.parse(trimmed.replace(' ', 'T'));
        return time.toEpochSecond() * 1_000_000L + time.getNano() / 1000;
      } catch (RuntimeException e) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type timestamp: \"" + text + "\"");
      }
    }
    return TextFormats.parseTimestamp(trimmed);
  }

  /** Epoch milliseconds as microseconds; 22008 past what a TIMESTAMP holds. */
  private static long epochMillisToMicros(long millis) {
    if (millis > Long.MAX_VALUE / 1000 || millis < Long.MIN_VALUE / 1000) {
      throw new AuroraException(
          ErrorCode.DATETIME_FIELD_OVERFLOW, "timestamp out of range: " + millis + " milliseconds");
    }
    return millis * 1000;
  }

  private static final long NOT_FAST = Long.MIN_VALUE;

  /**
   * A timestamp with an offset in the form web clients send ({@code 2026-12-01T10:00:00.123Z},
   * {@code ...+01:00}, {@code ...-0530}, {@code ...+01}) read without {@code java.time}'s parser,
   * which costs more than the rest of a JSON event: the local part is read as a timestamp without
   * zone and the offset subtracted. {@link #NOT_FAST} for any other form, which the caller reads
   * with {@code OffsetDateTime}.
   */
  static long offsetTimestamp(String text) {
    int length = text.length();
    int offsetStart;
    int offsetSeconds;
    char last = text.charAt(length - 1);
    if (last == 'Z' || last == 'z') {
      offsetStart = length - 1;
      offsetSeconds = 0;
    } else {
      offsetStart = -1;
      for (int i = length - 1; i >= 19 && offsetStart < 0; i--) {
        char c = text.charAt(i);
        if (c == '+' || c == '-') {
          offsetStart = i;
        }
      }
      if (offsetStart < 0) {
        return NOT_FAST;
      }
      offsetSeconds = offsetSeconds(text, offsetStart);
      if (offsetSeconds == Integer.MIN_VALUE) {
        return NOT_FAST;
      }
    }
    if (offsetStart < 19) {
      return NOT_FAST;
    }
    long local;
    try {
      local = TextFormats.parseTimestamp(text.substring(0, offsetStart));
    } catch (AuroraException e) {
      return NOT_FAST;
    }
    return Math.subtractExact(local, offsetSeconds * 1_000_000L);
  }

  /** The seconds of {@code ±HH}, {@code ±HH:MM} or {@code ±HHMM} from {@code start} to the end. */
  private static int offsetSeconds(String text, int start) {
    int sign = text.charAt(start) == '-' ? -1 : 1;
    int from = start + 1;
    int length = text.length() - from;
    int minutesAt;
    if (length == 2) {
      minutesAt = -1;
    } else if (length == 4) {
      minutesAt = from + 2;
    } else if (length == 5 && text.charAt(from + 2) == ':') {
      minutesAt = from + 3;
    } else {
      return Integer.MIN_VALUE;
    }
    if (!isAsciiDigits(text, from, from + 2)
        || (minutesAt >= 0 && !isAsciiDigits(text, minutesAt, minutesAt + 2))) {
      return Integer.MIN_VALUE;
    }
    int hours = Integer.parseInt(text, from, from + 2, 10);
    int minutes = minutesAt < 0 ? 0 : Integer.parseInt(text, minutesAt, minutesAt + 2, 10);
    if (hours > 18 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    return sign * (hours * 3_600 + minutes * 60);
  }

  private static boolean isAsciiDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String text) {
    int start = text.charAt(0) == '-' ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether the text ends with a zone offset after its time: {@code Z}, {@code +01:00}, ... */
  private static boolean hasOffset(String text) {
    int time = Math.max(text.indexOf('T'), text.indexOf(' '));
    if (time < 0) {
      return false;
    }
    String rest = text.substring(time + 1);
    return rest.endsWith("Z") || rest.indexOf('+') >= 0 || rest.indexOf('-') >= 0;
  }
}
