package io.aurora.sql.expression;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.SqlTypeName;
import org.jspecify.annotations.Nullable;

/**
 * Builds RexNodes over typed input columns and evaluates them on pages, for the expression tests.
 */
final class ExpressionTester {
  static final long QUERY_START = 1_700_000_000_123_456L;

  final RelDataTypeFactory typeFactory = new JavaTypeFactoryImpl();
  final RexBuilder rex = new RexBuilder(typeFactory);
  private final List<RelDataType> columnTypes = new ArrayList<>();
  private final List<DataType> dataTypes = new ArrayList<>();
  private final List<Block> blocks = new ArrayList<>();

  /** Adds a nullable input column with the given values and returns a reference to it. */
  RexNode column(RelDataType type, @Nullable Object... values) {
    RelDataType nullable = typeFactory.createTypeWithNullability(type, true);
    DataType dataType = ExpressionCompiler.toDataType(nullable);
    BlockBuilder builder = BlockBuilder.forType(dataType, values.length);
    for (Object value : values) {
      builder.appendObject(value, dataType);
    }
    columnTypes.add(nullable);
    dataTypes.add(dataType);
    blocks.add(builder.build());
    return rex.makeInputRef(nullable, columnTypes.size() - 1);
  }

  RexNode column(SqlTypeName type, @Nullable Object... values) {
    return column(typeFactory.createSqlType(type), values);
  }

  /** Adds an already-built input block (for dictionary blocks). */
  RexNode column(RelDataType type, Block block) {
    RelDataType nullable = typeFactory.createTypeWithNullability(type, true);
    columnTypes.add(nullable);
    dataTypes.add(ExpressionCompiler.toDataType(nullable));
    blocks.add(block);
    return rex.makeInputRef(nullable, columnTypes.size() - 1);
  }

  RelDataType type(SqlTypeName name) {
    return typeFactory.createSqlType(name);
  }

  RelDataType decimal(int precision, int scale) {
    return typeFactory.createSqlType(SqlTypeName.DECIMAL, precision, scale);
  }

  RexNode call(SqlOperator operator, RexNode... operands) {
    return rex.makeCall(operator, operands);
  }

  RexNode integer(long value) {
    return rex.makeExactLiteral(BigDecimal.valueOf(value), type(SqlTypeName.INTEGER));
  }

  RexNode string(String value) {
    return rex.makeLiteral(value);
  }

  Expression compile(RexNode node) {
    return ExpressionCompiler.compile(
        node, dataTypes, new ExpressionContext(QUERY_START, ZoneOffset.UTC));
  }

  Page page() {
    return new Page(blocks.get(0).positionCount(), blocks.toArray(new Block[0]));
  }

  /** The values of {@code node} on all rows of the input, as Java objects. */
  List<@Nullable Object> evaluate(RexNode node) {
    return values(compile(node), page());
  }

  /** The values of {@code node} on the selected positions only. */
  List<@Nullable Object> evaluate(RexNode node, int... selection) {
    Page page = page().withSelection(selection, selection.length);
    return values(compile(node), page);
  }

  static List<@Nullable Object> values(Expression expression, Page page) {
    Block block = expression.evaluate(page);
    List<@Nullable Object> values = new ArrayList<>();
    for (int row = 0; row < page.rowCount(); row++) {
      values.add(block.objectValue(page.position(row)));
    }
    return values;
  }

  static List<@Nullable Object> list(@Nullable Object... values) {
    return Arrays.asList(values);
  }
}
