package io.aurora.client;

import io.aurora.client.proto.Column;
import io.aurora.client.proto.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow type of each Aurora column type, as {@code aurora.proto}'s {@code ColumnType} documents
 * it; client and server both use this mapping, so batches written with it always match.
 */
public final class ArrowTypes {
  private static final int DECIMAL_BIT_WIDTH = 128;

  private ArrowTypes() {}

  /** The Arrow type of a column of this type (precision and scale only matter for DECIMAL). */
  public static ArrowType arrowType(ColumnType type, int precision, int scale) {
    return switch (type) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case SMALLINT -> new ArrowType.Int(16, true);
      case INTEGER -> new ArrowType.Int(32, true);
      case BIGINT -> new ArrowType.Int(64, true);
      case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(Math.max(1, precision), scale, DECIMAL_BIT_WIDTH);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case COLUMN_TYPE_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException("No Arrow type for column type " + type);
    };
  }

  /** The Arrow field of a column: its name, type and nullability. */
  public static Field field(Column column) {
    return new Field(
        column.getName(),
        new FieldType(
            column.getNullable(),
            arrowType(column.getType(), column.getPrecision(), column.getScale()),
            null),
        null);
  }

  /** The Arrow schema of a row of these columns, in order. */
  public static Schema schema(List<Column> columns) {
    List<Field> fields = new ArrayList<>(columns.size());
    for (Column column : columns) {
      fields.add(field(column));
    }
    return new Schema(fields);
  }
}
