package io.aurora.sql.engine;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;
import org.jspecify.annotations.Nullable;

/**
 * {@code INSERT INTO t [(columns)] VALUES (...), ...} whose values are all literals, turned
 * straight into a page of the table's types without planning. Planning such a statement through
 * Calcite costs milliseconds per row (a VALUES list with casts becomes a UNION of projections that
 * every rule pass walks), which made small-batch ingest over the PostgreSQL protocol slow; this
 * path costs microseconds.
 *
 * <p>It takes only values whose conversion to the column's type is exact and unambiguous: integer
 * literals in range for integer columns, numeric literals for floating-point columns, decimals that
 * fit the column's scale without rounding, strings for text, typed or ISO-formatted date and
 * timestamp literals, booleans, and NULL for nullable columns. Anything else (an expression, a
 * rounding cast, a NULL for a NOT NULL column, a wrong number of values) returns null, and the
 * statement takes the planned path, which applies PostgreSQL's casts and reports the errors.
 */
final class LiteralInsert {
  private LiteralInsert() {}

  /**
   * The target table's name: the last part of the INSERT's target, or null when the target is
   * qualified by a schema other than {@code public} (a system table, which the planned path
   * rejects; looking up its bare name would find a user table of the same name).
   */
  static @Nullable String tableName(SqlInsert insert) {
    if (!(insert.getTargetTable() instanceof SqlIdentifier identifier)) {
      return null;
    }
    List<String> names = identifier.names;
    if (names.size() > 1 && !names.get(names.size() - 2).equals(SystemSchemas.PUBLIC)) {
      return null;
    }
    String name = names.get(names.size() - 1);
    // Aurora's own tables are not the users' to write, not even by their quoted catalog name.
    return Catalog.isInternal(name) ? null : name;
  }

  /** The rows of a literal VALUES insert into {@code table}, or null to plan the statement. */
  static @Nullable Page tryBuild(SqlInsert insert, Table table) {
    SqlNode source = insert.getSource();
    if (source.getKind() != SqlKind.VALUES || !(source instanceof SqlCall values)) {
      return null;
    }
    List<ColumnSchema> columns = table.schema().columns();
    int[] targets = targetChannels(insert.getTargetColumnList(), columns);
    if (targets == null) {
      return null;
    }
    List<SqlNode> rows = values.getOperandList();
    BlockBuilder[] builders = new BlockBuilder[columns.size()];
    for (int c = 0; c < builders.length; c++) {
      builders[c] = BlockBuilder.forType(columns.get(c).type(), rows.size());
    }
    Object[] row = new Object[columns.size()];
    for (SqlNode node : rows) {
      if (node.getKind() != SqlKind.ROW || !(node instanceof SqlCall call)) {
        return null;
      }
      List<SqlNode> operands = call.getOperandList();
      if (operands.size() != targets.length) {
        return null;
      }
      Arrays.fill(row, null);
      for (int i = 0; i < targets.length; i++) {
        ColumnSchema column = columns.get(targets[i]);
        Object value = convert(operands.get(i), column.type());
        if (value == NOT_LITERAL) {
          return null;
        }
        row[targets[i]] = value;
      }
      for (int c = 0; c < row.length; c++) {
        if (row[c] == null && !columns.get(c).nullable()) {
          return null;
        }
        builders[c].appendObject(row[c], columns.get(c).type());
      }
    }
    Block[] blocks = new Block[builders.length];
    for (int c = 0; c < blocks.length; c++) {
      blocks[c] = builders[c].build();
    }
    return new Page(rows.size(), blocks);
  }

  /** Table channels in the order of the statement's values; null when the list is not simple. */
  private static int @Nullable [] targetChannels(
      @Nullable SqlNodeList targetColumns, List<ColumnSchema> columns) {
    if (targetColumns == null) {
      int[] all = new int[columns.size()];
      Arrays.setAll(all, c -> c);
      return all;
    }
    int[] targets = new int[targetColumns.size()];
    boolean[] isUsed = new boolean[columns.size()];
    for (int i = 0; i < targets.length; i++) {
      if (!(targetColumns.get(i) instanceof SqlIdentifier identifier) || !identifier.isSimple()) {
        return null;
      }
      int channel = indexOf(columns, identifier.getSimple());
      if (channel < 0 || isUsed[channel]) {
        return null;
      }
      isUsed[channel] = true;
      targets[i] = channel;
    }
    return targets;
  }

  private static int indexOf(List<ColumnSchema> columns, String name) {
    for (int c = 0; c < columns.size(); c++) {
      if (columns.get(c).name().equals(name)) {
        return c;
      }
    }
    return -1;
  }

  private static final Object NOT_LITERAL = new Object();

  /**
   * The value of a literal as {@link BlockBuilder#appendObject} takes it for {@code type}, null for
   * SQL NULL, or {@link #NOT_LITERAL} when the conversion is not exact.
   */
  private static @Nullable Object convert(SqlNode node, DataType type) {
    boolean isNegative = false;
    if (node.getKind() == SqlKind.MINUS_PREFIX && node instanceof SqlBasicCall minus) {
      isNegative = true;
      node = minus.operand(0);
      if (!(node instanceof SqlNumericLiteral)) {
        return NOT_LITERAL;
      }
    }
    if (!(node instanceof SqlLiteral literal)) {
      return NOT_LITERAL;
    }
    if (literal.getTypeName() == SqlTypeName.NULL) {
      return null;
    }
    try {
      return switch (type.kind()) {
        case BOOLEAN ->
            literal.getTypeName() == SqlTypeName.BOOLEAN
                ? literal.getValueAs(Boolean.class)
                : NOT_LITERAL;
        case SMALLINT, INTEGER, BIGINT -> integer(literal, isNegative, type);
        case REAL, DOUBLE -> {
          if (literal.getTypeName() == SqlTypeName.CHAR && !isNegative) {
            yield floatText(literal.getValueAs(NlsString.class).getValue());
          }
          if (!(literal instanceof SqlNumericLiteral numeric)) {
            yield NOT_LITERAL;
          }
          double value = numeric.getValueAs(BigDecimal.class).doubleValue();
          yield isNegative ? -value : value;
        }
        case DECIMAL -> decimal(literal, isNegative, type);
        case VARCHAR ->
            literal.getTypeName() == SqlTypeName.CHAR
                ? literal.getValueAs(NlsString.class).getValue()
                : NOT_LITERAL;
        case DATE -> date(literal);
        case TIMESTAMP -> timestamp(literal);
      };
    } catch (ArithmeticException | DateTimeParseException e) {
      // Not exact or not ISO: the planned path converts or reports it.
      return NOT_LITERAL;
    }
  }

  private static final java.util.regex.Pattern FLOAT_TEXT =
      java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /**
   * A string for a REAL or DOUBLE column as PostgreSQL's {@code float8in} reads it: a decimal
   * number, or NaN, Infinity and inf in any case and with a sign, surrounding spaces allowed (so
   * that {@code 'NaN'} can stand in a VALUES list beside numbers, as in PostgreSQL).
   */
  private static Object floatText(String text) {
    String value = text.strip();
    String word = value.toLowerCase(java.util.Locale.ROOT);
    boolean isNegative = word.startsWith("-");
    String unsigned = isNegative || word.startsWith("+") ? word.substring(1) : word;
    if (unsigned.equals("infinity") || unsigned.equals("inf")) {
      return isNegative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (word.equals("nan")) {
      return Double.NaN;
    }
    return FLOAT_TEXT.matcher(value).matches() ? (Object) Double.parseDouble(value) : NOT_LITERAL;
  }

  private static Object integer(SqlLiteral literal, boolean isNegative, DataType type) {
    if (!(literal instanceof SqlNumericLiteral numeric) || !numeric.isExact()) {
      return NOT_LITERAL;
    }
    BigDecimal value = numeric.getValueAs(BigDecimal.class);
    long exact = (isNegative ? value.negate() : value).longValueExact();
    boolean fits =
        switch (type.kind()) {
          case SMALLINT -> exact >= Short.MIN_VALUE && exact <= Short.MAX_VALUE;
          case INTEGER -> exact >= Integer.MIN_VALUE && exact <= Integer.MAX_VALUE;
          default -> true;
        };
    return fits ? (Object) exact : NOT_LITERAL;
  }

  private static Object decimal(SqlLiteral literal, boolean isNegative, DataType type) {
    if (!(literal instanceof SqlNumericLiteral numeric) || !numeric.isExact()) {
      return NOT_LITERAL;
    }
    BigDecimal value = numeric.getValueAs(BigDecimal.class);
    // PostgreSQL rounds half away from zero to the column's scale.
    BigDecimal scaled =
        (isNegative ? value.negate() : value).setScale(type.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() > type.precision()) {
      return NOT_LITERAL;
    }
    return scaled.unscaledValue().longValueExact();
  }

  private static Object date(SqlLiteral literal) {
    if (literal instanceof SqlDateLiteral date) {
      return LocalDate.ofEpochDay(date.getValueAs(DateString.class).getDaysSinceEpoch());
    }
    String text = text(literal, "DATE");
    return text == null ? NOT_LITERAL : LocalDate.parse(text);
  }

  private static Object timestamp(SqlLiteral literal) {
    String text =
        literal instanceof SqlTimestampLiteral timestamp
            ? timestamp.getValueAs(TimestampString.class).toString()
            : text(literal, "TIMESTAMP");
    if (text == null) {
      return NOT_LITERAL;
    }
    LocalDateTime value = LocalDateTime.parse(text.replace(' ', 'T'));
    long seconds = value.toEpochSecond(ZoneOffset.UTC);
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), value.getNano() / 1000);
  }

  /**
   * The text of a string literal, or of a typed literal such as {@code DATE '2026-11-26'}, which
   * the Babel parser leaves unresolved until validation; null for anything else.
   */
  private static @Nullable String text(SqlLiteral literal, String typeTag) {
    if (literal instanceof SqlUnknownLiteral unknown) {
      return unknown.tag.equalsIgnoreCase(typeTag) ? unknown.getValue() : null;
    }
    if (literal.getTypeName() == SqlTypeName.CHAR) {
      return literal.getValueAs(NlsString.class).getValue();
    }
    return null;
  }
}
