package io.aurora.sql.planner;

import io.aurora.sql.expression.Expression;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;
import org.jspecify.annotations.Nullable;

/**
 * Folds constant expressions during planning with Aurora's own expression code, so that a folded
 * constant has the value the executor would compute: {@code CAST(true AS VARCHAR)} is {@code
 * 'true'}, {@code CAST(-0.05 AS VARCHAR)} is {@code '-0.05'} and timestamps keep their
 * microseconds, where Calcite's generated code prints {@code 'TRUE'} and {@code '-.05'} and works
 * in milliseconds.
 *
 * <p>An expression whose value is an error in the data (a bad cast, division by zero) stays as it
 * is, so that the executor raises the error with its SQLSTATE. One that Aurora cannot compile, or
 * whose type has no Aurora value (intervals, CHAR(n), symbols), goes to Calcite's executor.
 */
final class AuroraRexExecutor implements RexExecutor {
  static final AuroraRexExecutor INSTANCE = new AuroraRexExecutor();

  private AuroraRexExecutor() {}

  @Override
  public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
    for (RexNode node : constExps) {
      reducedValues.add(reduce(rexBuilder, node));
    }
  }

  private static RexNode reduce(RexBuilder rexBuilder, RexNode node) {
    RexNode reduced = isFoldable(node.getType()) ? evaluate(rexBuilder, node) : null;
    if (reduced != null) {
      return reduced;
    }
    List<RexNode> calcite = new ArrayList<>(1);
    RexUtil.EXECUTOR.reduce(rexBuilder, List.of(node), calcite);
    return calcite.get(0);
  }

  private static boolean isFoldable(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN,
          TINYINT,
          SMALLINT,
          INTEGER,
          BIGINT,
          DECIMAL,
          REAL,
          FLOAT,
          DOUBLE,
          VARCHAR,
          DATE,
          TIMESTAMP ->
          true;
      default -> false;
    };
  }

  /** The value of {@code node} as a literal, {@code node} itself, or null for Calcite's turn. */
  private static @Nullable RexNode evaluate(RexBuilder rexBuilder, RexNode node) {
    Block block;
    try {
      Expression expression = ExpressionCompiler.compile(node, List.of());
      block = expression.evaluate(new Page(1));
    } catch (AuroraException e) {
      return e.errorCode() == ErrorCode.FEATURE_NOT_SUPPORTED ? null : node;
    }
    RelDataType type = node.getType();
    if (block.isNull(0)) {
      return rexBuilder.makeNullLiteral(type);
    }
    Object value =
        switch (type.getSqlTypeName()) {
          case BOOLEAN -> ((BooleanBlock) block).value(0);
          case TINYINT, SMALLINT, INTEGER, BIGINT -> BigDecimal.valueOf(longValue(block));
          case DECIMAL -> BigDecimal.valueOf(longValue(block), Math.max(0, type.getScale()));
          case REAL, FLOAT, DOUBLE -> {
            double d =
                block instanceof FloatBlock floats
                    ? floats.value(0)
                    : ((DoubleBlock) block).value(0);
            yield Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
          }
          case VARCHAR -> {
            VarcharBlock strings =
                block instanceof DictionaryBlock dictionary
                    ? dictionary.dictionary()
                    : (VarcharBlock) block;
            yield strings.string(
                block instanceof DictionaryBlock dictionary ? dictionary.ids()[0] : 0);
          }
          case DATE -> DateString.fromDaysSinceEpoch((int) longValue(block));
          case TIMESTAMP -> timestamp(longValue(block));
          default -> null;
        };
    return value == null ? node : rexBuilder.makeLiteral(value, type, false);
  }

  private static long longValue(Block block) {
    return block instanceof IntBlock ints ? ints.value(0) : ((LongBlock) block).value(0);
  }

  private static TimestampString timestamp(long micros) {
    long millis = Math.floorDiv(micros, 1000);
    int microsOfMilli = Math.floorMod(micros, 1000);
    TimestampString timestamp = TimestampString.fromMillisSinceEpoch(millis);
    int nanos = Math.floorMod(millis, 1000) * 1_000_000 + microsOfMilli * 1000;
    return nanos == 0 ? timestamp : timestamp.withNanos(nanos);
  }
}
