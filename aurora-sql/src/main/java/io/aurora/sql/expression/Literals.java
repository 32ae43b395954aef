package io.aurora.sql.expression;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;
import org.jspecify.annotations.Nullable;

/** Converts Calcite literals and folded constant expressions into {@link ConstantExpression}s. */
final class Literals {
  private Literals() {}

  static ConstantExpression toConstant(RexLiteral literal, @Nullable DataType hint) {
    SqlTypeName name = literal.getType().getSqlTypeName();
    if (name == SqlTypeName.NULL) {
      return ConstantExpression.ofNull(hint == null ? DataType.BOOLEAN : hint);
    }
    DataType type = ExpressionCompiler.toDataType(literal.getType());
    if (literal.isNull()) {
      return ConstantExpression.ofNull(type);
    }
    if (SqlTypeName.DAY_INTERVAL_TYPES.contains(name)) {
      BigDecimal millis = literal.getValueAs(BigDecimal.class);
      return ConstantExpression.ofLong(type, millis.longValueExact() * 1000);
    }
    if (SqlTypeName.YEAR_INTERVAL_TYPES.contains(name)) {
      return ConstantExpression.ofLong(type, literal.getValueAs(BigDecimal.class).longValueExact());
    }
    return switch (type.kind()) {
      case BOOLEAN -> ConstantExpression.ofBoolean(Boolean.TRUE.equals(literal.getValue()));
      case SMALLINT, INTEGER, BIGINT ->
          ConstantExpression.ofLong(type, literal.getValueAs(BigDecimal.class).longValueExact());
      case DECIMAL ->
          ConstantExpression.ofLong(
              type, Decimals.fromBigDecimal(literal.getValueAs(BigDecimal.class), type.scale()));
      case REAL, DOUBLE -> ConstantExpression.ofDouble(type, literal.getValueAs(Double.class));
      case VARCHAR -> ConstantExpression.ofString(stringValue(literal));
      case DATE ->
          ConstantExpression.ofLong(type, literal.getValueAs(DateString.class).getDaysSinceEpoch());
      case TIMESTAMP -> ConstantExpression.ofLong(type, timestampMicros(literal));
    };
  }

  private static String stringValue(RexLiteral literal) {
    Object value = literal.getValue();
    if (value instanceof NlsString nls) {
      return nls.getValue();
    }
    String string = literal.getValueAs(String.class);
    if (string == null) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "Literal[" + literal + "] is not supported");
    }
    return string;
  }

  private static long timestampMicros(RexLiteral literal) {
    TimestampString timestamp = literal.getValueAs(TimestampString.class);
    LocalDateTime dateTime = LocalDateTime.parse(timestamp.toString().replace(' ', 'T'));
    return TextFormats.epochMicros(dateTime);
  }

  /**
   * The expression itself, or a constant when it is a cast of a constant: the cast runs once at
   * compile time (and its errors, such as a bad literal, are raised then, as PostgreSQL does).
   */
  static Expression fold(Expression expression) {
    if (expression instanceof CastExpression cast && cast.input() instanceof ConstantExpression) {
      return constantOf(ExpressionCompiler.evaluateOnce(cast), cast.type());
    }
    return expression;
  }

  /** The value at position 0 of {@code block} as a constant. */
  static ConstantExpression constantOf(Block block, DataType type) {
    if (block.isNull(0)) {
      return ConstantExpression.ofNull(type);
    }
    return switch (type.physicalType()) {
      case BOOLEAN -> ConstantExpression.ofBoolean(((BooleanBlock) block).value(0));
      case INT -> ConstantExpression.ofLong(type, ((IntBlock) block).value(0));
      case LONG -> ConstantExpression.ofLong(type, ((LongBlock) block).value(0));
      case FLOAT -> ConstantExpression.ofDouble(type, ((FloatBlock) block).value(0));
      case DOUBLE -> ConstantExpression.ofDouble(type, ((DoubleBlock) block).value(0));
      case VARCHAR -> {
        VarcharBlock strings = Rows.stringValues(block);
        int[] ids = Rows.stringIds(block);
        int index = ids == null ? 0 : ids[0];
        byte[] bytes = new byte[strings.length(index)];
        System.arraycopy(strings.bytes(), strings.offset(index), bytes, 0, bytes.length);
        yield ConstantExpression.ofBytes(bytes);
      }
    };
  }
}
