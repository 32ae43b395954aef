package io.aurora.sql.execution;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;
import org.jspecify.annotations.Nullable;

/**
 * Turns the conjuncts of a WHERE clause over a table scan into storage {@link ColumnPredicate}s
 * where they have one of the simple forms storage evaluates itself (a column compared with a
 * constant, BETWEEN and IN as Calcite's SEARCH, IS [NOT] NULL, LIKE 'prefix%'). A conjunct that is
 * pushed is applied exactly by the scan and dropped from the residual filter; any other stays.
 */
final class ScanPredicates {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private ScanPredicates() {}

  /** The storage form of a conjunct over {@code columns} (the scan's input fields), or null. */
  static @Nullable ColumnPredicate toColumnPredicate(RexNode conjunct, List<ColumnSchema> columns) {
    if (!(conjunct instanceof RexCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case IS_NULL, IS_NOT_NULL -> {
        ColumnSchema column = column(call.getOperands().get(0), columns);
        if (column == null) {
          return null;
        }
        return kind == SqlKind.IS_NULL
            ? new ColumnPredicate.IsNull(column.name())
            : new ColumnPredicate.IsNotNull(column.name());
      }
      case EQUALS,
          NOT_EQUALS,
          LESS_THAN,
          LESS_THAN_OR_EQUAL,
          GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind operator = kind;
        if (!(left instanceof RexInputRef) && right instanceof RexInputRef) {
          RexNode swap = left;
          left = right;
          right = swap;
          operator = kind.reverse();
        }
        ColumnSchema column = column(left, columns);
        if (column == null) {
          return dateAsTimestamp(left, operator, right, columns);
        }
        Object value =
            right instanceof RexLiteral literal
                ? value(literal, column.type())
                : constantValue(right, column.type());
        if (value == null) {
          return null;
        }
        return new ColumnPredicate.Comparison(column.name(), operator(operator), value);
      }
      case SEARCH -> {
        return search(call, columns);
      }
      case LIKE -> {
        if (call.getOperands().size() != 2
            || call.getOperator().getName().equalsIgnoreCase("ILIKE")) {
          return null;
        }
        ColumnSchema column = column(call.getOperands().get(0), columns);
        if (column == null || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
          return null;
        }
        String pattern = literal.getValueAs(String.class);
        if (pattern == null || !pattern.endsWith("%")) {
          return null;
        }
        String prefix = pattern.substring(0, pattern.length() - 1);
        if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0 || prefix.indexOf('\\') >= 0) {
          return null;
        }
        return new ColumnPredicate.LikePrefix(column.name(), prefix);
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * {@code CAST(date_column AS TIMESTAMP) op timestamp} as a predicate on the DATE column: the form
   * PostgreSQL's {@code day >= current_date - INTERVAL '7 days'} takes, since a date minus an
   * interval is a timestamp. A date compares with a timestamp as its midnight, so {@code >=} and
   * {@code <} round the timestamp up to a day, {@code >} and {@code <=} down, and {@code =} holds
   * only for a midnight.
   */
  private static @Nullable ColumnPredicate dateAsTimestamp(
      RexNode left, SqlKind operator, RexNode right, List<ColumnSchema> columns) {
    if (left.getKind() != SqlKind.CAST
        || left.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP
        || operator == SqlKind.NOT_EQUALS) {
      return null;
    }
    ColumnSchema column = column(((RexCall) left).getOperands().get(0), columns);
    if (column == null || column.type().kind() != TypeKind.DATE) {
      return null;
    }
    Object value =
        right instanceof RexLiteral literal
            ? value(literal, DataType.TIMESTAMP)
            : constantValue(right, DataType.TIMESTAMP);
    if (!(value instanceof Long micros)) {
      return null;
    }
    long floor = Math.floorDiv(micros, MICROS_PER_DAY);
    long ceiling = Math.floorDiv(micros + MICROS_PER_DAY - 1, MICROS_PER_DAY);
    long day =
        switch (operator) {
          case GREATER_THAN_OR_EQUAL, LESS_THAN -> ceiling;
          default -> floor;
        };
    if (operator == SqlKind.EQUALS && floor != ceiling) {
      return null;
    }
    return new ColumnPredicate.Comparison(column.name(), operator(operator), day);
  }

  private static @Nullable ColumnPredicate search(RexCall call, List<ColumnSchema> columns) {
    ColumnSchema column = column(call.getOperands().get(0), columns);
    if (column == null || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
      return null;
    }
    Sarg<?> sarg = literal.getValueAs(Sarg.class);
    if (sarg == null
        || sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.UNKNOWN
            && sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.FALSE) {
      return null;
    }
    DataType type = column.type();
    if (sarg.isPoints()) {
      List<Object> values = new ArrayList<>();
      for (Range<?> range : sarg.rangeSet.asRanges()) {
        Object value = convert(range.lowerEndpoint(), type);
        if (value == null) {
          return null;
        }
        values.add(value);
      }
      return new ColumnPredicate.In(column.name(), values);
    }
    if (sarg.rangeSet.asRanges().size() == 1) {
      Range<?> range = sarg.rangeSet.asRanges().iterator().next();
      if (range.hasLowerBound()
          && range.hasUpperBound()
          && range.lowerBoundType() == BoundType.CLOSED
          && range.upperBoundType() == BoundType.CLOSED) {
        Object low = convert(range.lowerEndpoint(), type);
        Object high = convert(range.upperEndpoint(), type);
        return low == null || high == null
            ? null
            : new ColumnPredicate.Between(column.name(), low, high);
      }
    }
    return null;
  }

  private static ColumnPredicate.Operator operator(SqlKind kind) {
    return switch (kind) {
      case EQUALS -> ColumnPredicate.Operator.EQUAL;
      case NOT_EQUALS -> ColumnPredicate.Operator.NOT_EQUAL;
      case LESS_THAN -> ColumnPredicate.Operator.LESS_THAN;
      case LESS_THAN_OR_EQUAL -> ColumnPredicate.Operator.LESS_THAN_OR_EQUAL;
      case GREATER_THAN -> ColumnPredicate.Operator.GREATER_THAN;
      case GREATER_THAN_OR_EQUAL -> ColumnPredicate.Operator.GREATER_THAN_OR_EQUAL;
      default -> throw new IllegalArgumentException("not a comparison: " + kind);
    };
  }

  /**
   * The value of a constant operand that is not a literal, such as {@code CAST('2026-11-27' AS
   * TIMESTAMP)} or {@code now() - INTERVAL '1' HOUR}, in storage's normalized form for a column of
   * {@code type}: evaluated once, here, by the same expression code that would otherwise evaluate
   * it for every row. Null (the conjunct stays in the residual filter) when the operand reads a
   * column or is not deterministic, when its type is not exactly the column's, when it is NULL, or
   * when it fails: the residual filter then raises the same error at run time.
   */
  private static @Nullable Object constantValue(RexNode node, DataType type) {
    if (!isConstant(node) || !ExpressionCompiler.toDataType(node.getType()).equals(type)) {
      return null;
    }
    Object value;
    try {
      Block block = ExpressionCompiler.compile(node, List.of()).evaluate(new Page(1));
      value = block.isNull(0) ? null : block.objectValue(0);
    } catch (RuntimeException e) {
      return null;
    }
    return switch (type.kind()) {
      case SMALLINT, INTEGER, BIGINT, DECIMAL, DATE, TIMESTAMP ->
          value instanceof Number number && !(value instanceof Double || value instanceof Float)
              ? (Object) number.longValue()
              : null;
      case REAL, DOUBLE -> value instanceof Number number ? (Object) number.doubleValue() : null;
      case BOOLEAN -> value instanceof Boolean ? value : null;
      case VARCHAR -> value instanceof String ? value : null;
    };
  }

  /**
   * Whether {@code node} has the same value for every row of one query: no column, correlation or
   * window, and only deterministic operators ({@code now()} is fixed per query).
   */
  private static boolean isConstant(RexNode node) {
    // A dynamic parameter never reaches here: parameters are spliced into the text before planning.
    return RexUtil.isDeterministic(node)
        && !RexUtil.containsInputRef(node)
        && !RexUtil.containsFieldAccess(node)
        && !RexUtil.containsCorrelation(node)
        && !RexOver.containsOver(node);
  }

  private static @Nullable ColumnSchema column(RexNode node, List<ColumnSchema> columns) {
    return node instanceof RexInputRef reference ? columns.get(reference.getIndex()) : null;
  }

  private static @Nullable Object value(RexLiteral literal, DataType type) {
    if (literal.isNull()) {
      return null;
    }
    Object value =
        switch (type.kind()) {
          case DATE -> literal.getValueAs(DateString.class);
          case TIMESTAMP -> literal.getValueAs(TimestampString.class);
          case VARCHAR -> literal.getValueAs(NlsString.class);
          case BOOLEAN -> literal.getValueAs(Boolean.class);
          default -> literal.getValueAs(BigDecimal.class);
        };
    return convert(value, type);
  }

  /**
   * A Calcite literal value in storage's normalized form for a column of {@code type}, or null when
   * it cannot be represented exactly (then the conjunct is not pushed).
   */
  private static @Nullable Object convert(@Nullable Object value, DataType type) {
    if (value == null) {
      return null;
    }
    switch (type.kind()) {
      case SMALLINT, INTEGER, BIGINT -> {
        if (value instanceof BigDecimal decimal) {
          try {
            return decimal.longValueExact();
          } catch (ArithmeticException e) {
            return null;
          }
        }
        return null;
      }
      case DECIMAL -> {
        if (value instanceof BigDecimal decimal) {
          try {
            return decimal.setScale(type.scale()).unscaledValue().longValueExact();
          } catch (ArithmeticException e) {
            return null;
          }
        }
        return null;
      }
      case REAL, DOUBLE -> {
        if (value instanceof BigDecimal decimal) {
          double converted = decimal.doubleValue();
          return type.kind() == io.aurora.storage.type.TypeKind.REAL
                  && (double) (float) converted != converted
              ? null
              : converted;
        }
        return value instanceof Double number ? number : null;
      }
      case BOOLEAN -> {
        return value instanceof Boolean bool ? bool : null;
      }
      case VARCHAR -> {
        if (value instanceof NlsString string) {
          String text = string.getValue();
          return text.endsWith(" ") ? null : text;
        }
        return null;
      }
      case DATE -> {
        return value instanceof DateString date ? (long) date.getDaysSinceEpoch() : null;
      }
      case TIMESTAMP -> {
        if (value instanceof TimestampString timestamp) {
          return timestampMicros(timestamp);
        }
        return null;
      }
    }
    return null;
  }

  private static long timestampMicros(TimestampString timestamp) {
    String text = timestamp.toString();
    long millis = timestamp.getMillisSinceEpoch();
    int dot = text.indexOf('.');
    long micros = Math.floorDiv(millis, 1000) * 1_000_000L;
    if (dot >= 0) {
      String fraction = (text.substring(dot + 1) + "000000").substring(0, 6);
      micros += Long.parseLong(fraction);
    }
    return micros;
  }
}
