package io.aurora.sql.planner;

import java.util.List;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.util.Optionality;
import org.jspecify.annotations.Nullable;

/**
 * The functions SQL statements may call: Calcite's standard operators, its PostgreSQL library
 * (ILIKE, strpos, left, right, regexp_replace, to_timestamp, ...), and Aurora's own: {@code
 * date_trunc(unit, value)} in PostgreSQL's argument order, {@code now()}, and {@code
 * approx_percentile(value, fraction)}. {@link PlanRewriter} turns the first two into Calcite's
 * standard forms after planning.
 */
public final class AuroraOperatorTable {
  /** {@code date_trunc('day', ts)}: rewritten to {@code FLOOR(ts TO DAY)}. */
  public static final SqlFunction DATE_TRUNC =
      new SqlFunction(
          "DATE_TRUNC",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 6).andThen(SqlTypeTransforms.TO_NULLABLE),
          null,
          OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME),
          SqlFunctionCategory.TIMEDATE);

  /** {@code now()}: the query's start time, rewritten to CURRENT_TIMESTAMP. */
  public static final SqlFunction NOW =
      new SqlFunction(
          "NOW",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 6),
          null,
          OperandTypes.NILADIC,
          SqlFunctionCategory.TIMEDATE);

  /** {@code approx_percentile(value, fraction)}: a t-digest estimate, DOUBLE. */
  public static final SqlAggFunction APPROX_PERCENTILE =
      new SqlAggFunction(
          "APPROX_PERCENTILE",
          null,
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          null,
          OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC),
          SqlFunctionCategory.NUMERIC,
          false,
          false,
          Optionality.FORBIDDEN) {};

  /** {@code bool_and(x)}: true when every non-null value is true. */
  public static final SqlAggFunction BOOL_AND = booleanAggregate("BOOL_AND");

  /** {@code bool_or(x)}: true when some non-null value is true. */
  public static final SqlAggFunction BOOL_OR = booleanAggregate("BOOL_OR");

  private static SqlAggFunction booleanAggregate(String name) {
    return new SqlAggFunction(
        name,
        null,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.BOOLEAN.andThen(SqlTypeTransforms.FORCE_NULLABLE),
        null,
        OperandTypes.BOOLEAN,
        SqlFunctionCategory.SYSTEM,
        false,
        false,
        Optionality.FORBIDDEN) {};
  }

  private static final SqlOperatorTable INSTANCE =
      caseInsensitive(
          SqlOperatorTables.chain(
              SqlOperatorTables.of(
                  List.of(
                      DATE_TRUNC,
                      NOW,
                      APPROX_PERCENTILE,
                      SqlLibraryOperators.STARTS_WITH,
                      BOOL_AND,
                      BOOL_OR)),
              SqlStdOperatorTable.instance(),
              SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.POSTGRESQL)));

  /**
   * Function names are case-insensitive in PostgreSQL, while the parser folds unquoted names to
   * lower case and Calcite's library functions are registered in upper case: look them up ignoring
   * case.
   */
  private static SqlOperatorTable caseInsensitive(SqlOperatorTable table) {
    return new SqlOperatorTable() {
      @Override
      public void lookupOperatorOverloads(
          SqlIdentifier opName,
          @Nullable SqlFunctionCategory category,
          SqlSyntax syntax,
          List<SqlOperator> operatorList,
          SqlNameMatcher nameMatcher) {
        table.lookupOperatorOverloads(
            opName, category, syntax, operatorList, SqlNameMatchers.withCaseSensitive(false));
      }

      @Override
      public List<SqlOperator> getOperatorList() {
        return table.getOperatorList();
      }
    };
  }

  private AuroraOperatorTable() {}

  public static SqlOperatorTable instance() {
    return INSTANCE;
  }
}
