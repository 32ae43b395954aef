package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.jspecify.annotations.Nullable;

/**
 * Compiles Calcite row expressions ({@link RexNode}) into vectorized {@link Expression}s over
 * pages, with PostgreSQL semantics. {@link RexInputRef} {@code i} reads channel {@code i} of the
 * page.
 *
 * <pre>{@code
 * Expression predicate = ExpressionCompiler.compile(condition, inputTypes);
 * int[] rows = new int[page.positionCount()];
 * int count = ExpressionCompiler.filter(predicate, page, rows);
 * Page filtered = page.withSelection(rows, count);
 * }</pre>
 *
 * <p>Types map as in {@link #toDataType(RelDataType)}. Mixed-type operands are cast to a common
 * type first; casts of constants are folded at compile time. Operators that are not supported raise
 * {@code FEATURE_NOT_SUPPORTED} at compile time, never at run time.
 */
public final class ExpressionCompiler {
  private final List<DataType> inputTypes;
  private final ExpressionContext context;
  private final RexBuilder rexBuilder = new RexBuilder(new JavaTypeFactoryImpl());

  private ExpressionCompiler(List<DataType> inputTypes, ExpressionContext context) {
    this.inputTypes = List.copyOf(requireNonNull(inputTypes, "inputTypes is null"));
    this.context = requireNonNull(context, "context is null");
  }

  /** Compiles {@code node}; {@code CURRENT_TIMESTAMP} is the time of this call, in UTC. */
  public static Expression compile(RexNode node, List<DataType> inputTypes) {
    return compile(node, inputTypes, ExpressionContext.startingNow());
  }

  public static Expression compile(
      RexNode node, List<DataType> inputTypes, ExpressionContext context) {
    return new ExpressionCompiler(inputTypes, context).compileNode(node, null);
  }

  /**
   * The storage type of a Calcite type. TINYINT becomes SMALLINT, FLOAT becomes REAL, CHAR becomes
   * VARCHAR. A DECIMAL wider than 18 digits becomes {@code DECIMAL(18, min(scale, 18))}: Calcite's
   * derived types for multiplication and division are often wider than their values, so refusing
   * them would refuse ordinary queries; a value that really needs more digits fails at run time
   * with {@code 22003}. Day-time intervals are BIGINT microseconds and year-month intervals INTEGER
   * months. The NULL type has no storage type of its own: this returns BOOLEAN, and the compiler
   * gives a NULL literal the type its consumer expects instead.
   */
  public static DataType toDataType(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    if (SqlTypeName.DAY_INTERVAL_TYPES.contains(name)) {
      return DataType.BIGINT;
    }
    if (SqlTypeName.YEAR_INTERVAL_TYPES.contains(name)) {
      return DataType.INTEGER;
    }
    return switch (name) {
      case BOOLEAN, NULL -> DataType.BOOLEAN;
      case TINYINT, SMALLINT -> DataType.SMALLINT;
      case INTEGER -> DataType.INTEGER;
      case BIGINT -> DataType.BIGINT;
      case REAL, FLOAT -> DataType.REAL;
      case DOUBLE -> DataType.DOUBLE;
      case DECIMAL -> {
        int precision = type.getPrecision();
        int scale = Math.max(0, type.getScale());
        if (precision > DataType.MAX_DECIMAL_PRECISION) {
          precision = DataType.MAX_DECIMAL_PRECISION;
          scale = Math.min(scale, DataType.MAX_DECIMAL_PRECISION);
        }
        yield DataType.decimal(Math.max(1, precision), scale);
      }
      case CHAR, VARCHAR -> DataType.VARCHAR;
      case DATE -> DataType.DATE;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> DataType.TIMESTAMP;
      default ->
          throw new AuroraException(
              ErrorCode.FEATURE_NOT_SUPPORTED, "Type[" + name + "] is not supported");
    };
  }

  /**
   * Evaluates {@code predicate} (a BOOLEAN expression) on {@code page} and writes to {@code out}
   * the positions, among the page's rows, where it is true (not false, not null), ascending.
   * Returns how many were written; {@code out} needs room for {@code page.rowCount()} entries.
   */
  public static int filter(Expression predicate, Page page, int[] out) {
    BooleanBlock result = (BooleanBlock) predicate.evaluate(page);
    boolean[] values = result.values();
    boolean[] nulls = result.nulls();
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    int written = 0;
    if (nulls == null) {
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        out[written] = p;
        written += values[p] ? 1 : 0;
      }
    } else {
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        out[written] = p;
        written += values[p] & !nulls[p] ? 1 : 0;
      }
    }
    return written;
  }

  static AuroraException notSupported(String name) {
    return new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "Function[" + name + "] is not supported");
  }

  /** Compiles {@code node}; an untyped NULL literal takes {@code hint} as its type. */
  Expression compileNode(RexNode node, @Nullable DataType hint) {
    if (node instanceof RexInputRef reference) {
      return new InputReference(reference.getIndex(), inputTypes.get(reference.getIndex()));
    }
    if (node instanceof RexLiteral literal) {
      return Literals.toConstant(literal, hint);
    }
    if (node instanceof RexCall call) {
      return compileCall(call);
    }
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "Expression[" + node.getKind() + "] is not supported");
  }

  List<Expression> compileAll(List<RexNode> nodes, @Nullable DataType hint) {
    List<Expression> compiled = new ArrayList<>(nodes.size());
    for (RexNode node : nodes) {
      compiled.add(compileNode(node, hint));
    }
    return compiled;
  }

  ExpressionContext context() {
    return context;
  }

  RexBuilder rexBuilder() {
    return rexBuilder;
  }

  private Expression compileCall(RexCall call) {
    List<RexNode> operands = call.getOperands();
    DataType type =
        call.getType().getSqlTypeName() == SqlTypeName.NULL ? null : toDataType(call.getType());
    SqlKind kind = call.getKind();
    switch (kind) {
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
        return arithmetic(call);
      }
      case MINUS_PREFIX -> {
        Expression operand = coerce(compileNode(operands.get(0), type), requireNonNull(type));
        Expression minusOne =
            type.kind() == TypeKind.DECIMAL
                ? ConstantExpression.ofLong(DataType.decimal(1, 0), -1)
                : Literals.fold(
                    new CastExpression(ConstantExpression.ofLong(DataType.INTEGER, -1), type));
        return new ArithmeticExpression(
            ArithmeticExpression.Operator.MULTIPLY, operand, minusOne, type);
      }
      case PLUS_PREFIX, REINTERPRET -> {
        return coerce(compileNode(operands.get(0), type), requireNonNull(type));
      }
      case EQUALS,
          NOT_EQUALS,
          LESS_THAN,
          LESS_THAN_OR_EQUAL,
          GREATER_THAN,
          GREATER_THAN_OR_EQUAL,
          IS_DISTINCT_FROM,
          IS_NOT_DISTINCT_FROM -> {
        return comparison(kind, operands.get(0), operands.get(1));
      }
      case AND, OR -> {
        return new LogicalExpression(kind == SqlKind.AND, compileAll(operands, DataType.BOOLEAN));
      }
      case NOT -> {
        return new PredicateExpression(
            PredicateExpression.Test.NOT, compileNode(operands.get(0), DataType.BOOLEAN));
      }
      case IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> {
        return new PredicateExpression(
            PredicateExpression.Test.valueOf(kind.name()),
            compileNode(operands.get(0), DataType.BOOLEAN));
      }
      case CASE -> {
        return caseExpression(operands, requireNonNull(type));
      }
      case COALESCE -> {
        List<Expression> values = new ArrayList<>();
        for (RexNode operand : operands) {
          values.add(coerce(compileNode(operand, type), requireNonNull(type)));
        }
        return values.size() == 1 ? values.get(0) : CaseExpression.coalesce(values, type);
      }
      case NULLIF -> {
        Expression value = coerce(compileNode(operands.get(0), type), requireNonNull(type));
        Expression equal = comparison(SqlKind.EQUALS, operands.get(0), operands.get(1));
        return CaseExpression.searched(
            List.of(equal), List.of(ConstantExpression.ofNull(type)), value, type);
      }
      case SEARCH -> {
        Expression search = SearchExpression.create(this, call);
        return search != null
            ? search
            : compileNode(RexUtil.expandSearch(rexBuilder, null, call), null);
      }
      case CAST, SAFE_CAST -> {
        return cast(call);
      }
      case LIKE -> {
        SqlLikeOperator like = (SqlLikeOperator) call.getOperator();
        return LikeExpression.create(
            compileNode(operands.get(0), DataType.VARCHAR),
            constantString(operands.get(1), "LIKE pattern"),
            operands.size() > 2 ? constantString(operands.get(2), "LIKE escape") : null,
            !like.isCaseSensitive(),
            like.isNegated());
      }
      case POSIX_REGEX_CASE_SENSITIVE, POSIX_REGEX_CASE_INSENSITIVE -> {
        SqlOperator operator = call.getOperator();
        return new RegexExpression(
            compileNode(operands.get(0), DataType.VARCHAR),
            constantString(operands.get(1), "regular expression"),
            kind == SqlKind.POSIX_REGEX_CASE_INSENSITIVE,
            operator == SqlStdOperatorTable.NEGATED_POSIX_REGEX_CASE_SENSITIVE
                || operator == SqlStdOperatorTable.NEGATED_POSIX_REGEX_CASE_INSENSITIVE);
      }
      case GREATEST, LEAST -> {
        List<Expression> values = new ArrayList<>();
        for (RexNode operand : operands) {
          values.add(coerce(compileNode(operand, type), requireNonNull(type)));
        }
        return new GreatestExpression(values, kind == SqlKind.GREATEST, type);
      }
      default -> {
        return function(call, type);
      }
    }
  }

  private Expression function(RexCall call, @Nullable DataType type) {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    Expression expression = DateTimeFunctions.compile(this, call, name, type);
    if (expression == null) {
      expression = StringFunctions.compile(this, call, name, type);
    }
    if (expression == null) {
      expression = MathFunctions.compile(this, call, name, type);
    }
    if (expression == null) {
      expression = FormatFunctions.compile(this, call, name);
    }
    if (expression == null) {
      expression = SessionFunctions.compile(this, call, name);
    }
    if (expression == null) {
      throw notSupported(call.getOperator().getName());
    }
    return expression;
  }

  /** The value of a constant string operand, for patterns and units that are compiled once. */
  String constantString(RexNode node, String what) {
    if (node instanceof RexLiteral literal && !literal.isNull()) {
      String value = literal.getValueAs(String.class);
      if (value != null) {
        return value;
      }
    }
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "A non-constant " + what + " is not supported");
  }

  private Expression arithmetic(RexCall call) {
    RelDataType leftType = call.getOperands().get(0).getType();
    RelDataType rightType = call.getOperands().get(1).getType();
    if (isDatetimeOrInterval(leftType)
        || isDatetimeOrInterval(rightType)
        || isDatetimeOrInterval(call.getType())) {
      Expression datetime = DateTimeFunctions.arithmetic(this, call);
      if (datetime != null) {
        return datetime;
      }
    }
    DataType type = toDataType(call.getType());
    Expression left = compileNode(call.getOperands().get(0), type);
    Expression right = compileNode(call.getOperands().get(1), type);
    if (call.getKind() == SqlKind.MOD && isInteger(left.type()) && isInteger(right.type())) {
      // Calcite types BIGINT % INTEGER as INTEGER. The remainder always fits the result, but the
      // dividend need not: compute in the wider type, then narrow.
      DataType wide =
          left.type().kind() == TypeKind.BIGINT || right.type().kind() == TypeKind.BIGINT
              ? DataType.BIGINT
              : type;
      Expression remainder =
          new ArithmeticExpression(
              ArithmeticExpression.Operator.MODULUS, coerce(left, wide), coerce(right, wide), wide);
      return coerce(remainder, type);
    }
    if (type.kind() == TypeKind.DECIMAL) {
      left = toDecimalOperand(left);
      right = toDecimalOperand(right);
    } else {
      left = coerce(left, type);
      right = coerce(right, type);
    }
    ArithmeticExpression.Operator operator =
        switch (call.getKind()) {
          case PLUS -> ArithmeticExpression.Operator.ADD;
          case MINUS -> ArithmeticExpression.Operator.SUBTRACT;
          case TIMES -> ArithmeticExpression.Operator.MULTIPLY;
          case DIVIDE -> ArithmeticExpression.Operator.DIVIDE;
          default -> ArithmeticExpression.Operator.MODULUS;
        };
    return new ArithmeticExpression(operator, left, right, type);
  }

  private Expression toDecimalOperand(Expression operand) {
    return switch (operand.type().kind()) {
      case DECIMAL -> operand;
      case SMALLINT, INTEGER -> coerce(operand, DataType.decimal(10, 0));
      case BIGINT -> coerce(operand, DataType.decimal(18, 0));
      default -> coerce(operand, DataType.decimal(18, 6));
    };
  }

  private static boolean isInteger(DataType type) {
    return type.kind() == TypeKind.SMALLINT
        || type.kind() == TypeKind.INTEGER
        || type.kind() == TypeKind.BIGINT;
  }

  static boolean isDatetimeOrInterval(RelDataType type) {
    SqlTypeFamily family = type.getSqlTypeName().getFamily();
    return family == SqlTypeFamily.DATE
        || family == SqlTypeFamily.TIMESTAMP
        || family == SqlTypeFamily.INTERVAL_DAY_TIME
        || family == SqlTypeFamily.INTERVAL_YEAR_MONTH;
  }

  Expression comparison(SqlKind kind, RexNode leftNode, RexNode rightNode) {
    Expression left = compileNode(leftNode, null);
    Expression right = compileNode(rightNode, left.type());
    if (left instanceof ConstantExpression constant && constant.isNull()) {
      left = ConstantExpression.ofNull(right.type());
    }
    DataType common = commonType(left.type(), right.type());
    left = coerce(left, common);
    right = coerce(right, common);
    ComparisonExpression.Operator operator =
        ComparisonExpression.Operator.valueOf(
            switch (kind) {
              case EQUALS -> "EQUAL";
              case NOT_EQUALS -> "NOT_EQUAL";
              default -> kind.name();
            });
    if (left instanceof ConstantExpression && !(right instanceof ConstantExpression)) {
      return new ComparisonExpression(operator.flip(), right, left);
    }
    return new ComparisonExpression(operator, left, right);
  }

  /** The type two operands are cast to before they are compared or merged. */
  static DataType commonType(DataType left, DataType right) {
    if (left.equals(right)) {
      return left;
    }
    TypeKind a = left.kind();
    TypeKind b = right.kind();
    if (a == TypeKind.VARCHAR) {
      return right;
    }
    if (b == TypeKind.VARCHAR) {
      return left;
    }
    if (a == b && a != TypeKind.DECIMAL) {
      return left;
    }
    if ((a == TypeKind.DATE && b == TypeKind.TIMESTAMP)
        || (a == TypeKind.TIMESTAMP && b == TypeKind.DATE)) {
      return DataType.TIMESTAMP;
    }
    if (a == TypeKind.REAL && b == TypeKind.REAL) {
      return DataType.REAL;
    }
    if (a == TypeKind.DOUBLE || b == TypeKind.DOUBLE || a == TypeKind.REAL || b == TypeKind.REAL) {
      return DataType.DOUBLE;
    }
    if (a == TypeKind.DECIMAL || b == TypeKind.DECIMAL) {
      int scale = Math.max(left.scale(), right.scale());
      int integerDigits = Math.max(integerDigits(left), integerDigits(right));
      return DataType.decimal(
          Math.min(DataType.MAX_DECIMAL_PRECISION, integerDigits + scale), scale);
    }
    if (a == TypeKind.BIGINT || b == TypeKind.BIGINT) {
      return DataType.BIGINT;
    }
    if (a == TypeKind.INTEGER || b == TypeKind.INTEGER) {
      return DataType.INTEGER;
    }
    return left;
  }

  private static int integerDigits(DataType type) {
    return switch (type.kind()) {
      case DECIMAL -> type.precision() - type.scale();
      case SMALLINT -> 5;
      case INTEGER -> 10;
      default -> 18;
    };
  }

  /** {@code expression} as {@code type}: itself, a folded constant or a cast. */
  static Expression coerce(Expression expression, DataType type) {
    if (expression.type().equals(type)) {
      return expression;
    }
    if (expression instanceof ConstantExpression constant && constant.isNull()) {
      return ConstantExpression.ofNull(type);
    }
    return Literals.fold(new CastExpression(expression, type, -1));
  }

  private Expression cast(RexCall call) {
    RelDataType target = call.getType();
    RexNode operandNode = call.getOperands().get(0);
    DataType type = toDataType(target);
    Expression operand = compileNode(operandNode, type);
    RelDataType sourceType = operandNode.getType();
    if (SqlTypeName.INTERVAL_TYPES.contains(target.getSqlTypeName())
        || SqlTypeName.INTERVAL_TYPES.contains(sourceType.getSqlTypeName())) {
      Expression interval = DateTimeFunctions.intervalCast(operand, sourceType, target);
      if (interval != null) {
        return interval;
      }
      if (type.kind() == TypeKind.VARCHAR
          && SqlTypeName.INTERVAL_TYPES.contains(sourceType.getSqlTypeName())) {
        return new IntervalText(
            operand,
            SqlTypeName.YEAR_INTERVAL_TYPES.contains(sourceType.getSqlTypeName()),
            startsAtDays(sourceType));
      }
    }
    int length = -1;
    if (type.kind() == TypeKind.VARCHAR
        && target.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
        && sourceType.getSqlTypeName() != SqlTypeName.CHAR) {
      length = target.getPrecision();
    }
    if (operand.type().equals(type) && length < 0) {
      return operand;
    }
    if (target.getSqlTypeName() == SqlTypeName.TINYINT) {
      return Literals.fold(new CastExpression(operand, type, -1, Byte.MIN_VALUE, Byte.MAX_VALUE));
    }
    return Literals.fold(new CastExpression(operand, type, length));
  }

  /** Whether a day-time interval type starts at days ({@code DAY TO HOUR}), not at a time unit. */
  private static boolean startsAtDays(RelDataType interval) {
    SqlIntervalQualifier qualifier = interval.getIntervalQualifier();
    return qualifier == null || qualifier.getStartUnit() == TimeUnit.DAY;
  }

  private Expression caseExpression(List<RexNode> operands, DataType type) {
    List<Expression> conditions = new ArrayList<>();
    List<Expression> values = new ArrayList<>();
    int pairs = (operands.size() - 1) / 2;
    if (pairs > 100) {
      List<RexNode> rest = operands.subList(200, operands.size());
      Expression nested = caseExpression(rest, type);
      return caseOf(operands.subList(0, 200), nested, type);
    }
    Expression otherwise = coerce(compileNode(operands.get(operands.size() - 1), type), type);
    for (int i = 0; i < pairs; i++) {
      conditions.add(compileNode(operands.get(2 * i), DataType.BOOLEAN));
      values.add(coerce(compileNode(operands.get(2 * i + 1), type), type));
    }
    return CaseExpression.searched(conditions, values, otherwise, type);
  }

  private Expression caseOf(List<RexNode> pairs, Expression otherwise, DataType type) {
    List<Expression> conditions = new ArrayList<>();
    List<Expression> values = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      conditions.add(compileNode(pairs.get(i), DataType.BOOLEAN));
      values.add(coerce(compileNode(pairs.get(i + 1), type), type));
    }
    return CaseExpression.searched(conditions, values, otherwise, type);
  }

  /** Evaluates an expression of constants once; used to fold constant arguments. */
  static Block evaluateOnce(Expression expression) {
    return expression.evaluate(new Page(1));
  }
}
