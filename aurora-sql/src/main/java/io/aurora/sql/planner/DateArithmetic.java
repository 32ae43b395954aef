package io.aurora.sql.planner;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlMonotonicBinaryOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexContext;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * PostgreSQL's arithmetic on dates, which Calcite's {@code +} and {@code -} do not have: {@code
 * date + integer} and {@code date - integer} are dates (days added), {@code date - date} is an
 * integer (days between), {@code date + interval} and {@code date - interval} are timestamps (the
 * date at midnight, moved), and {@code timestamp - timestamp} is an interval.
 *
 * <p>{@link #install} replaces the parser's {@code +} and {@code -} in a statement with operators
 * that accept these operands besides Calcite's, before validation; {@link #CONVERTLETS} turns them
 * back into Calcite's operators when the statement becomes relational algebra, so nothing after the
 * planner sees them.
 */
final class DateArithmetic {
  static final SqlBinaryOperator PLUS = new Operator(SqlStdOperatorTable.PLUS);
  static final SqlBinaryOperator MINUS = new Operator(SqlStdOperatorTable.MINUS);

  /** Calcite's convertlets, and for the operators here their conversion. */
  static final SqlRexConvertletTable CONVERTLETS =
      call ->
          call.getOperator() instanceof Operator operator
              ? operator::convert
              : StandardConvertletTable.INSTANCE.get(call);

  private DateArithmetic() {}

  /** Replaces Calcite's {@code +} and {@code -} in a parsed statement with these, in place. */
  static void install(SqlNode statement) {
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public @Nullable Void visit(SqlCall call) {
            if (call instanceof SqlBasicCall basic) {
              if (basic.getOperator() == SqlStdOperatorTable.PLUS) {
                basic.setOperator(PLUS);
              } else if (basic.getOperator() == SqlStdOperatorTable.MINUS) {
                basic.setOperator(MINUS);
              }
            }
            return super.visit(call);
          }
        });
  }

  private static boolean isDate(RelDataType type) {
    return type.getSqlTypeName() == SqlTypeName.DATE;
  }

  private static boolean isTimestamp(RelDataType type) {
    return type.getSqlTypeName() == SqlTypeName.TIMESTAMP;
  }

  private static boolean isInteger(RelDataType type) {
    return SqlTypeName.INT_TYPES.contains(type.getSqlTypeName());
  }

  private static boolean isInterval(RelDataType type) {
    return SqlTypeName.INTERVAL_TYPES.contains(type.getSqlTypeName());
  }

  /** {@code +} or {@code -}, also over the operands PostgreSQL adds. */
  private static final class Operator extends SqlMonotonicBinaryOperator {
    private final SqlBinaryOperator standard;

    Operator(SqlBinaryOperator standard) {
      super(
          standard.getName(),
          standard.getKind(),
          standard.getLeftPrec(),
          true,
          binding -> returnType(standard, binding),
          standard.getOperandTypeInference(),
          new Operands(standard));
      this.standard = standard;
    }

    private static @Nullable RelDataType returnType(
        SqlBinaryOperator standard, SqlOperatorBinding binding) {
      RelDataType left = binding.getOperandType(0);
      RelDataType right = binding.getOperandType(1);
      RelDataTypeFactory types = binding.getTypeFactory();
      boolean isNullable = left.isNullable() || right.isNullable();
      SqlTypeName result = null;
      if ((isDate(left) && isInteger(right)) || (isInteger(left) && isDate(right))) {
        result = SqlTypeName.DATE;
      } else if (isDate(left) && isDate(right)) {
        result = SqlTypeName.INTEGER;
      } else if ((isDate(left) && isInterval(right)) || (isInterval(left) && isDate(right))) {
        result = SqlTypeName.TIMESTAMP;
      } else if (isTimestamp(left) && isTimestamp(right)) {
        return types.createTypeWithNullability(
            types.createSqlIntervalType(
                new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO)),
            isNullable);
      }
      if (result == null) {
        return requireNonNull(standard.getReturnTypeInference()).inferReturnType(binding);
      }
      return types.createTypeWithNullability(types.createSqlType(result), isNullable);
    }

    private RexNode convert(SqlRexContext context, SqlCall call) {
      SqlValidator validator = context.getValidator();
      RelDataType type = validator.getValidatedNodeType(call);
      RelDataType left = validator.getValidatedNodeType(call.operand(0));
      RelDataType right = validator.getValidatedNodeType(call.operand(1));
      RexBuilder rexBuilder = context.getRexBuilder();
      boolean isDateArithmetic =
          isDate(left) || isDate(right) || (isTimestamp(left) && isTimestamp(right));
      if (!isDateArithmetic) {
        SqlCall standardCall = standard.createCall(call.getParserPosition(), call.getOperandList());
        validator.setValidatedNodeType(standardCall, type);
        SqlRexConvertlet convertlet =
            requireNonNull(StandardConvertletTable.INSTANCE.get(standardCall));
        return convertlet.convertCall(context, standardCall);
      }
      RexNode leftNode = context.convertExpression(call.operand(0));
      RexNode rightNode = context.convertExpression(call.operand(1));
      if (isInterval(left) || isInterval(right)) {
        RexNode date = isDate(left) ? leftNode : rightNode;
        RexNode interval = isDate(left) ? rightNode : leftNode;
        RelDataType timestamp =
            rexBuilder
                .getTypeFactory()
                .createTypeWithNullability(
                    rexBuilder.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP),
                    date.getType().isNullable());
        RexNode moved = rexBuilder.makeCast(timestamp, date);
        return rexBuilder.makeCall(
            type,
            standard == SqlStdOperatorTable.PLUS
                ? SqlStdOperatorTable.DATETIME_PLUS
                : SqlStdOperatorTable.MINUS_DATE,
            List.of(moved, interval));
      }
      return rexBuilder.makeCall(type, standard, List.of(leftNode, rightNode));
    }
  }

  /** Calcite's operands of {@code +} or {@code -}, and PostgreSQL's over dates. */
  private static final class Operands implements SqlOperandTypeChecker {
    private final SqlBinaryOperator standard;
    private final SqlOperandTypeChecker checker;

    Operands(SqlBinaryOperator standard) {
      this.standard = standard;
      this.checker = requireNonNull(standard.getOperandTypeChecker());
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      RelDataType left = binding.getOperandType(0);
      RelDataType right = binding.getOperandType(1);
      boolean isPlus = standard == SqlStdOperatorTable.PLUS;
      boolean isDateForm =
          (isDate(left) && isInteger(right))
              || (isPlus && isInteger(left) && isDate(right))
              || (!isPlus && isDate(left) && isDate(right))
              || (!isPlus && isTimestamp(left) && isTimestamp(right));
      return isDateForm || checker.checkOperandTypes(binding, throwOnFailure);
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.of(2);
    }

    @Override
    public String getAllowedSignatures(SqlOperator operator, String name) {
      String dates =
          standard == SqlStdOperatorTable.PLUS
              ? "'<DATE> + <INTEGER>'\n'<INTEGER> + <DATE>'"
              : "'<DATE> - <INTEGER>'\n'<DATE> - <DATE>'\n'<TIMESTAMP> - <TIMESTAMP>'";
      return checker.getAllowedSignatures(operator, name) + "\n" + dates;
    }
  }
}
