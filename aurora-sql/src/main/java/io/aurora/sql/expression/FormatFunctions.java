package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's formatting functions with a constant pattern: {@code to_char(timestamp | date,
 * pattern)} ({@link DateTimePattern}), {@code to_char(number, pattern)} ({@link NumberPattern}),
 * and {@code to_timestamp(text, pattern)} and {@code to_date(text, pattern)}, which read text by a
 * date/time pattern. The pattern is compiled once; formatting a date or timestamp allocates a date
 * per row, formatting a number a {@link BigDecimal}.
 */
final class FormatFunctions implements Expression {
  enum Function {
    DATE_TIME_TO_CHAR,
    NUMBER_TO_CHAR,
    TO_TIMESTAMP,
    TO_DATE
  }

  private final Function function;
  private final Expression value;
  private final @Nullable DateTimePattern dateTimePattern;
  private final @Nullable NumberPattern numberPattern;
  private final DataType type;

  private FormatFunctions(
      Function function,
      Expression value,
      @Nullable DateTimePattern dateTimePattern,
      @Nullable NumberPattern numberPattern,
      DataType type) {
    this.function = function;
    this.value = requireNonNull(value, "value is null");
    this.dateTimePattern = dateTimePattern;
    this.numberPattern = numberPattern;
    this.type = requireNonNull(type, "type is null");
  }

  static @Nullable Expression compile(ExpressionCompiler compiler, RexCall call, String name) {
    List<RexNode> operands = call.getOperands();
    if (operands.size() != 2
        || !(name.equals("TO_CHAR") || name.equals("TO_TIMESTAMP") || name.equals("TO_DATE"))) {
      return null;
    }
    String pattern = compiler.constantString(operands.get(1), "pattern");
    Expression value = compiler.compileNode(operands.get(0), null);
    if (!name.equals("TO_CHAR")) {
      return new FormatFunctions(
          name.equals("TO_DATE") ? Function.TO_DATE : Function.TO_TIMESTAMP,
          ExpressionCompiler.coerce(value, DataType.VARCHAR),
          DateTimePattern.compile(pattern),
          null,
          name.equals("TO_DATE") ? DataType.DATE : DataType.TIMESTAMP);
    }
    TypeKind kind = value.type().kind();
    if (kind == TypeKind.DATE || kind == TypeKind.TIMESTAMP) {
      return new FormatFunctions(
          Function.DATE_TIME_TO_CHAR,
          ExpressionCompiler.coerce(value, DataType.TIMESTAMP),
          DateTimePattern.compile(pattern),
          null,
          DataType.VARCHAR);
    }
    if (kind == TypeKind.REAL) {
      value = ExpressionCompiler.coerce(value, DataType.DOUBLE);
    }
    return new FormatFunctions(
        Function.NUMBER_TO_CHAR, value, null, NumberPattern.compile(pattern), DataType.VARCHAR);
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = value.evaluate(page);
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    int positionCount = page.positionCount();
    if (function == Function.TO_TIMESTAMP || function == Function.TO_DATE) {
      boolean isDate = function == Function.TO_DATE;
      long[] longs = isDate ? null : new long[positionCount];
      int[] ints = isDate ? new int[positionCount] : null;
      VarcharBlock strings = Rows.stringValues(block);
      int[] ids = Rows.stringIds(block);
      for (int i = 0; i < count; i++) {
        int p = positions[i];
        if (!block.isNull(p)) {
          long micros =
              requireNonNull(dateTimePattern).parse(strings.string(ids == null ? p : ids[p]));
          if (isDate) {
            ints[p] = Math.toIntExact(Math.floorDiv(micros, DateTimeFunctions.MICROS_PER_DAY));
          } else {
            longs[p] = micros;
          }
        }
      }
      return isDate
          ? new IntBlock(positionCount, ints, block.nulls())
          : new LongBlock(positionCount, longs, block.nulls());
    }
    VarcharOutput out = new VarcharOutput(positionCount, count * 16);
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (block.isNull(p)) {
        out.appendNull(p);
        continue;
      }
      out.begin(p);
      if (function == Function.DATE_TIME_TO_CHAR) {
        requireNonNull(dateTimePattern).format(((LongBlock) block).value(p), out);
      } else {
        BigDecimal number = number(block, p);
        if (number == null) {
          out.write(TextFormats.formatDouble(((DoubleBlock) block).value(p)));
        } else {
          requireNonNull(numberPattern).format(number, out);
        }
      }
      out.end(p);
    }
    return out.build();
  }

  /** The number at {@code p}, or null for NaN and infinities, which have no digits. */
  private @Nullable BigDecimal number(Block block, int p) {
    DataType source = value.type();
    return switch (source.kind()) {
      case SMALLINT, INTEGER -> BigDecimal.valueOf(((IntBlock) block).value(p));
      case BIGINT -> BigDecimal.valueOf(((LongBlock) block).value(p));
      case DECIMAL -> BigDecimal.valueOf(((LongBlock) block).value(p), source.scale());
      default -> {
        double d = ((DoubleBlock) block).value(p);
        yield Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
      }
    };
  }
}
