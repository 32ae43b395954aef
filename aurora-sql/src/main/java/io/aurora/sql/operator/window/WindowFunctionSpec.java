package io.aurora.sql.operator.window;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * One window function call as the planner hands it to {@link WindowOperator}.
 *
 * @param kind which function
 * @param argumentChannel the input channel of the argument, or -1 for ranking functions and
 *     COUNT(*)
 * @param argumentType the type of that channel, or null when there is no argument
 * @param outputType the result type, which must be {@link #outputTypeOf}
 * @param frame the frame aggregates work over; ranking functions ignore it
 */
public record WindowFunctionSpec(
    WindowFunctionKind kind,
    int argumentChannel,
    @Nullable DataType argumentType,
    DataType outputType,
    Frame frame) {

  public WindowFunctionSpec {
    requireNonNull(kind, "kind is null");
    requireNonNull(outputType, "outputType is null");
    requireNonNull(frame, "frame is null");
    boolean hasArgument = argumentChannel >= 0;
    if (hasArgument != (argumentType != null)) {
      throw new IllegalArgumentException("argumentType must be given exactly with a channel");
    }
    if (kind.isRanking() && hasArgument) {
      throw new IllegalArgumentException(kind + " takes no argument");
    }
    if (!kind.isRanking() && kind != WindowFunctionKind.COUNT && !hasArgument) {
      throw new IllegalArgumentException(kind + " needs an argument");
    }
    DataType expected = outputTypeOf(kind, argumentType);
    if (!expected.equals(outputType)) {
      throw new IllegalArgumentException(
          "Output type[" + outputType + "] of " + kind + " should be[" + expected + "]");
    }
  }

  /** A function without an argument (ranking, COUNT(*)). */
  public static WindowFunctionSpec of(WindowFunctionKind kind, Frame frame) {
    return new WindowFunctionSpec(kind, -1, null, outputTypeOf(kind, null), frame);
  }

  /** A function of one argument, with its natural output type. */
  public static WindowFunctionSpec of(
      WindowFunctionKind kind, int argumentChannel, DataType argumentType, Frame frame) {
    return new WindowFunctionSpec(
        kind, argumentChannel, argumentType, outputTypeOf(kind, argumentType), frame);
  }

  /** The result type of a function over an argument type (null when there is no argument). */
  public static DataType outputTypeOf(WindowFunctionKind kind, @Nullable DataType argumentType) {
    return switch (kind) {
      case ROW_NUMBER, RANK, DENSE_RANK, COUNT -> DataType.BIGINT;
      case MIN, MAX -> requireNonNull(argumentType, "argumentType is null");
      case SUM -> {
        TypeKind argument = numericKind(kind, argumentType);
        yield switch (argument) {
          case DECIMAL -> DataType.decimal(DataType.MAX_DECIMAL_PRECISION, argumentType.scale());
          case REAL, DOUBLE -> DataType.DOUBLE;
          case SMALLINT, INTEGER, BIGINT -> DataType.BIGINT;
          case BOOLEAN, VARCHAR, DATE, TIMESTAMP -> throw new IllegalStateException();
        };
      }
      case AVG -> {
        numericKind(kind, argumentType);
        yield DataType.DOUBLE;
      }
    };
  }

  private static TypeKind numericKind(WindowFunctionKind kind, @Nullable DataType argumentType) {
    requireNonNull(argumentType, "argumentType is null");
    return switch (argumentType.kind()) {
      case SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> argumentType.kind();
      case BOOLEAN, VARCHAR, DATE, TIMESTAMP ->
          throw new IllegalArgumentException(kind + " does not accept " + argumentType);
    };
  }
}
