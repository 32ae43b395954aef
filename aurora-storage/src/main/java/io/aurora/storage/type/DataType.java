package io.aurora.storage.type;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;

/**
 * A SQL type: a {@link TypeKind} plus, for DECIMAL, its precision and scale (zero for every other
 * kind). Use the constants for the simple kinds and {@link #decimal(int, int)} for decimals.
 */
public record DataType(TypeKind kind, int precision, int scale) {
  /** The largest decimal precision whose unscaled values fit in a long. */
  public static final int MAX_DECIMAL_PRECISION = 18;

  public static final DataType BOOLEAN = new DataType(TypeKind.BOOLEAN, 0, 0);
  public static final DataType SMALLINT = new DataType(TypeKind.SMALLINT, 0, 0);
  public static final DataType INTEGER = new DataType(TypeKind.INTEGER, 0, 0);
  public static final DataType BIGINT = new DataType(TypeKind.BIGINT, 0, 0);
  public static final DataType REAL = new DataType(TypeKind.REAL, 0, 0);
  public static final DataType DOUBLE = new DataType(TypeKind.DOUBLE, 0, 0);
  public static final DataType VARCHAR = new DataType(TypeKind.VARCHAR, 0, 0);
  public static final DataType DATE = new DataType(TypeKind.DATE, 0, 0);
  public static final DataType TIMESTAMP = new DataType(TypeKind.TIMESTAMP, 0, 0);

  public DataType {
    requireNonNull(kind, "kind is null");
    if (kind == TypeKind.DECIMAL) {
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Decimal precision[" + precision + "] must be between 1 and " + MAX_DECIMAL_PRECISION);
      }
      if (scale < 0 || scale > precision) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Decimal scale[" + scale + "] must be between 0 and the precision[" + precision + "]");
      }
    } else if (precision != 0 || scale != 0) {
      throw new IllegalArgumentException("only DECIMAL has a precision and scale, not " + kind);
    }
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(TypeKind.DECIMAL, precision, scale);
  }

  /** The type of the given kind; DECIMAL needs {@link #decimal(int, int)}. */
  public static DataType of(TypeKind kind) {
    return switch (kind) {
      case BOOLEAN -> BOOLEAN;
      case SMALLINT -> SMALLINT;
      case INTEGER -> INTEGER;
      case BIGINT -> BIGINT;
      case REAL -> REAL;
      case DOUBLE -> DOUBLE;
      case VARCHAR -> VARCHAR;
      case DATE -> DATE;
      case TIMESTAMP -> TIMESTAMP;
      case DECIMAL -> throw new IllegalArgumentException("DECIMAL needs a precision and scale");
    };
  }

  public PhysicalType physicalType() {
    return kind.physicalType();
  }

  @Override
  public String toString() {
    return kind == TypeKind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }
}
