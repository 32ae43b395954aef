package io.aurora.client;

import io.aurora.client.proto.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Java values of a writer's rows: checked and normalized when a row is built, so a wrong type fails
 * at the call that set it, and encoded into one Arrow IPC batch when a batch is sealed.
 *
 * <p>Normal forms: Boolean; Long for SMALLINT, INTEGER and BIGINT; Float; Double; BigDecimal with
 * the column's scale; String; Integer days since 1970-01-01 for DATE; Long microseconds since the
 * epoch for TIMESTAMP.
 */
final class RowValues {
  private RowValues() {}

  static long epochMicros(Object value) {
    Instant instant =
        value instanceof LocalDateTime time ? time.toInstant(ZoneOffset.UTC) : (Instant) value;
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  /** The normal form of {@code value} for {@code column}; null stays null. */
  static @Nullable Object normalize(Column column, @Nullable Object value) {
    if (value == null) {
      if (!column.getNullable()) {
        throw new IllegalArgumentException("Column[" + column.getName() + "] is NOT NULL");
      }
      return null;
    }
    try {
      return switch (column.getType()) {
        case BOOLEAN -> (Boolean) value;
        case SMALLINT -> range(column, integral(value), Short.MIN_VALUE, Short.MAX_VALUE);
        case INTEGER -> range(column, integral(value), Integer.MIN_VALUE, Integer.MAX_VALUE);
        case BIGINT -> integral(value);
        case REAL -> ((Number) value).floatValue();
        case DOUBLE -> ((Number) value).doubleValue();
        case DECIMAL -> decimal(value).setScale(column.getScale(), RoundingMode.UNNECESSARY);
        case VARCHAR -> ((CharSequence) value).toString();
        case DATE ->
            value instanceof LocalDate date
                ? Math.toIntExact(date.toEpochDay())
                : Math.toIntExact(integral(value));
        case TIMESTAMP ->
            value instanceof Instant || value instanceof LocalDateTime
                ? epochMicros(value)
                : integral(value);
        case COLUMN_TYPE_UNSPECIFIED, UNRECOGNIZED ->
            throw new IllegalArgumentException("Column[" + column.getName() + "] has no type");
      };
    } catch (ClassCastException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Column["
              + column.getName()
              + "] is "
              + column.getType()
              + " and cannot take a value of type "
              + value.getClass().getSimpleName(),
          e);
    }
  }

  private static long integral(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    throw new ClassCastException("not an integral number");
  }

  private static long range(Column column, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Column[" + column.getName() + "] is " + column.getType() + "; value out of range");
    }
    return value;
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    return BigDecimal.valueOf(integral(value));
  }

  /** Approximate encoded size of a normalized value, for the writer's byte limit. */
  static int estimatedBytes(@Nullable Object value) {
    if (value instanceof String text) {
      return 4 + text.length();
    }
    return value instanceof BigDecimal ? 16 : 8;
  }

  /** One Arrow IPC stream (schema, one record batch, end marker) of normalized rows. */
  static byte[] encode(
      Schema schema,
      List<Column> columns,
      List<@Nullable Object[]> rows,
      BufferAllocator allocator) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      for (FieldVector vector : root.getFieldVectors()) {
        vector.setInitialCapacity(rows.size());
        vector.allocateNew();
      }
      for (int column = 0; column < columns.size(); column++) {
        FieldVector vector = root.getVector(column);
        fill(vector, rows, column);
        vector.setValueCount(rows.size());
      }
      root.setRowCount(rows.size());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("Encoding a batch in memory failed", e);
    }
  }

  /** One column of the rows into its vector: one type dispatch per column, not per value. */
  private static void fill(FieldVector vector, List<@Nullable Object[]> rows, int column) {
    int count = rows.size();
    if (vector instanceof BitVector bits) {
      for (int row = 0; row < count; row++) {
        Object value = rows.get(row)[column];
        if (value == null) {
          bits.setNull(row);
        } else {
          bits.setSafe(row, (Boolean) value ? 1 : 0);
        }
      }
    } else if (vector instanceof SmallIntVector shorts) {
      for (int row = 0; row < count; row++) {
        Object value = rows.get(row)[column];
        if (value == null) {
          shorts.setNull(row);
        } else {
          shorts.setSafe(row, (short) (long) (Long) value);
        }
      }
    } else if (vector instanceof IntVector ints) {
      for (int row = 0; row < count; row++) {
        Object value = rows.get(row)[column];
        if (value == null) {
          ints.setNull(row);
        } else {
          ints.setSafe(row, (int) (long) (Long) value);
        }
      }
    } else if (vector instanceof BigIntVector longs) {
      for (int row = 0; row < count; row++) {
        Object value = rows.get(row)[column];
        if (value == null) {
          longs.setNull(row);
        } else {
          longs.setSafe(row, (Long) value);
        }
      }
    } else if (vector instanceof TimeStampMicroVector timestamps) {
      for (int row = 0; row < count; row++) {
        Object value = rows.get(row)[column];
        if (value == null) {
          timestamps.setNull(row);
        } else {
          timestamps.setSafe(row, (Long) value);
        }
      }
    } else if (vector instanceof Float8Vector doubles) {
      for (int row = 0; row < count; row++) {
        Object value = rows.get(row)[column];
        if (value == null) {
          doubles.setNull(row);
        } else {
          doubles.setSafe(row, (Double) value);
        }
      }
    } else if (vector instanceof VarCharVector strings) {
      for (int row = 0; row < count; row++) {
        Object value = rows.get(row)[column];
        if (value == null) {
          strings.setNull(row);
        } else {
          strings.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
        }
      }
    } else {
      for (int row = 0; row < count; row++) {
        set(vector, row, rows.get(row)[column]);
      }
    }
  }

  private static void set(FieldVector vector, int row, @Nullable Object value) {
    if (value == null) {
      vector.setNull(row);
      return;
    }
    if (vector instanceof Float4Vector floats) {
      floats.setSafe(row, (Float) value);
    } else if (vector instanceof DecimalVector decimals) {
      decimals.setSafe(row, (BigDecimal) value);
    } else if (vector instanceof DateDayVector dates) {
      dates.setSafe(row, (Integer) value);
    } else {
      throw new IllegalStateException("Unexpected vector " + vector.getClass().getSimpleName());
    }
  }
}
