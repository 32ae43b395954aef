package io.aurora.sql.planner;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlRankFunction;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlBasicAggFunction;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.util.Optionality;
import org.jspecify.annotations.Nullable;

/**
 * The functions SQL statements may call: Calcite's standard operators, its PostgreSQL library
 * (ILIKE, strpos, left, right, regexp_replace, lpad, split_part, ...), its {@code reverse}, and
 * Aurora's own: {@code date_trunc(unit, value)} in PostgreSQL's argument order, {@code now()},
 * {@code approx_percentile(value, fraction)}, and {@code round}, {@code trunc}, {@code to_char} and
 * {@code to_timestamp} with PostgreSQL's types, and {@code rank}, {@code dense_rank}, {@code
 * percent_rank} and {@code cume_dist} that need no ORDER BY, which replace Calcite's functions of
 * those names; plus PostgreSQL's catalog functions ({@code version()}, {@code format_type}, {@code
 * pg_table_is_visible}, {@code ::regclass}, ...) that {@link CatalogFunctions} evaluates at
 * planning time. {@link PlanRewriter} turns the first two into Calcite's standard forms after
 * planning. A function may be named with schema {@code pg_catalog}.
 */
public final class AuroraOperatorTable {
  private static final int MAX_DECIMAL_PRECISION = 18;

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

  /**
   * {@code percentile_cont(fraction, x) WITHIN GROUP (ORDER BY x)}, what {@link
   * OrderedSetAggregates} makes of PostgreSQL's {@code percentile_cont(fraction) WITHIN GROUP
   * (ORDER BY x)}: DOUBLE as in PostgreSQL, where Calcite's is of x's type.
   */
  public static final SqlAggFunction PERCENTILE_CONT =
      orderedSet(
          "PERCENTILE_CONT",
          ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.NUMERIC));

  /**
   * {@code percentile_disc(fraction, x) WITHIN GROUP (ORDER BY x)}, from {@code percentile_disc}:
   * of x's type, which may be any orderable type (Calcite's takes only numbers and datetimes).
   */
  public static final SqlAggFunction PERCENTILE_DISC =
      orderedSet(
          "PERCENTILE_DISC",
          ReturnTypes.ARG1.andThen(SqlTypeTransforms.FORCE_NULLABLE),
          OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.ANY));

  /**
   * {@code mode(x) WITHIN GROUP (ORDER BY x)}, from {@code mode() WITHIN GROUP (ORDER BY x)}, which
   * Calcite's MODE (one argument, no WITHIN GROUP) rejects.
   */
  public static final SqlAggFunction MODE =
      orderedSet(
          "MODE", ReturnTypes.ARG0.andThen(SqlTypeTransforms.FORCE_NULLABLE), OperandTypes.ANY);

  /**
   * The validator looks a call's function up again by name; Calcite's percentile functions take one
   * argument, and where Calcite's MODE matches too, this table comes first in the chain.
   */
  private static SqlAggFunction orderedSet(
      String name, SqlReturnTypeInference returnType, SqlOperandTypeChecker operandTypes) {
    return SqlBasicAggFunction.create(name, SqlKind.OTHER_FUNCTION, returnType, operandTypes)
        .withGroupOrder(Optionality.MANDATORY)
        .withFunctionType(SqlFunctionCategory.SYSTEM);
  }

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

  /**
   * {@code round(x[, n])} with PostgreSQL's result types: of a decimal, a decimal of scale {@code
   * n} (0 without n, or for a negative n), so that {@code round(10.0, 2)} prints {@code 10.00}; of
   * an integer with a constant n, such a decimal too; of a floating point value, the same type.
   */
  public static final SqlFunction ROUND = rounding("ROUND", true);

  /** {@code trunc(x[, n])}: toward zero, with the result types of {@link #ROUND}. */
  public static final SqlFunction TRUNC = rounding("TRUNC", false);

  private static SqlFunction rounding(String name, boolean canCarry) {
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        binding -> roundingType(binding, canCarry),
        null,
        OperandTypes.NUMERIC.or(OperandTypes.NUMERIC_INTEGER),
        SqlFunctionCategory.NUMERIC);
  }

  private static RelDataType roundingType(SqlOperatorBinding binding, boolean canCarry) {
    RelDataTypeFactory factory = binding.getTypeFactory();
    RelDataType value = binding.getOperandType(0);
    boolean isNullable = value.isNullable();
    Integer digits = 0;
    if (binding.getOperandCount() > 1) {
      isNullable |= binding.getOperandType(1).isNullable();
      digits =
          binding.isOperandLiteral(1, false) && !binding.isOperandNull(1, false)
              ? binding.getOperandLiteralValue(1, Integer.class)
              : null;
    }
    int integerDigits =
        switch (value.getSqlTypeName()) {
          case DECIMAL -> value.getPrecision() - value.getScale();
          case TINYINT, SMALLINT -> 5;
          case INTEGER -> 10;
          default -> -1;
        };
    RelDataType result = value;
    boolean isDecimal = value.getSqlTypeName() == SqlTypeName.DECIMAL;
    if (integerDigits >= 0 && digits != null && (isDecimal || binding.getOperandCount() > 1)) {
      int scale = Math.max(0, digits);
      int precision = Math.max(1, integerDigits + (canCarry ? 1 : 0) + scale);
      if (isDecimal || precision <= MAX_DECIMAL_PRECISION) {
        result =
            factory.createSqlType(
                SqlTypeName.DECIMAL,
                Math.min(MAX_DECIMAL_PRECISION, precision),
                Math.min(MAX_DECIMAL_PRECISION, scale));
      }
    }
    return factory.createTypeWithNullability(result, isNullable);
  }

  /**
   * {@code to_timestamp(seconds)}, the timestamp that many seconds after the Unix epoch, and {@code
   * to_timestamp(text, pattern)}; both are TIMESTAMP, as Aurora has no time zone type (Calcite's
   * two-argument form is TIMESTAMP WITH LOCAL TIME ZONE).
   */
  public static final SqlFunction TO_TIMESTAMP =
      new SqlFunction(
          "TO_TIMESTAMP",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 6).andThen(SqlTypeTransforms.TO_NULLABLE),
          null,
          OperandTypes.NUMERIC.or(OperandTypes.STRING_STRING),
          SqlFunctionCategory.TIMEDATE);

  /**
   * {@code to_char(value, pattern)} of a timestamp, a date or a number, with PostgreSQL's patterns;
   * Calcite's accepts only timestamps.
   */
  public static final SqlFunction TO_CHAR =
      new SqlFunction(
          "TO_CHAR",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.VARCHAR_NULLABLE,
          null,
          OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.CHARACTER)
              .or(OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.CHARACTER)),
          SqlFunctionCategory.STRING);

  /**
   * {@code rank()} that, as in PostgreSQL, needs no ORDER BY in its window: without one all rows of
   * a partition are peers and rank 1. Calcite's requires ORDER BY.
   */
  public static final SqlRankFunction RANK =
      new SqlRankFunction(SqlKind.RANK, ReturnTypes.RANK, false);

  /** {@code dense_rank()} without a required ORDER BY, as {@link #RANK}. */
  public static final SqlRankFunction DENSE_RANK =
      new SqlRankFunction(SqlKind.DENSE_RANK, ReturnTypes.RANK, false);

  /** {@code percent_rank()} without a required ORDER BY: 0 when all rows are peers. */
  public static final SqlRankFunction PERCENT_RANK =
      new SqlRankFunction(SqlKind.PERCENT_RANK, ReturnTypes.FRACTIONAL_RANK, false);

  /** {@code cume_dist()} without a required ORDER BY: 1 when all rows are peers. */
  public static final SqlRankFunction CUME_DIST =
      new SqlRankFunction(SqlKind.CUME_DIST, ReturnTypes.FRACTIONAL_RANK, false);

  /** Aurora's functions that replace Calcite's of the same name. */
  private static final List<SqlOperator> REPLACEMENTS =
      List.of(ROUND, TRUNC, TO_CHAR, TO_TIMESTAMP, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST);

  /** {@code version()}: PostgreSQL's version string, with Aurora's name and version. */
  public static final SqlFunction VERSION = constant("VERSION", SqlTypeName.VARCHAR, 0, 0);

  /** {@code current_database()}: the one database, {@code aurora}. */
  public static final SqlFunction CURRENT_DATABASE =
      constant("CURRENT_DATABASE", SqlTypeName.VARCHAR, 0, 0);

  /**
   * {@code pg_backend_pid()}: the calling session's process id, as {@code pg_stat_activity} lists
   * it ({@link io.aurora.sql.catalog.CurrentSession}).
   */
  public static final SqlFunction PG_BACKEND_PID =
      constant("PG_BACKEND_PID", SqlTypeName.INTEGER, 0, 0);

  /**
   * {@code pg_cancel_backend(pid)}: cancels the statement that session {@code pid} of this node
   * runs; true when the session exists (PostgreSQL's answer), false otherwise. Evaluated when the
   * query runs, once per row, never while planning ({@code SessionFunctions} in the executor).
   */
  public static final SqlFunction PG_CANCEL_BACKEND =
      constant("PG_CANCEL_BACKEND", SqlTypeName.BOOLEAN, 1, 1);

  /**
   * {@code pg_terminate_backend(pid [, timeout])}: ends session {@code pid} of this node, as {@link
   * #PG_CANCEL_BACKEND} cancels; the timeout is accepted and not waited for.
   */
  public static final SqlFunction PG_TERMINATE_BACKEND =
      constant("PG_TERMINATE_BACKEND", SqlTypeName.BOOLEAN, 1, 2);

  /**
   * {@code cancel_query(query_id)}, Aurora's own: cancels the statement {@code system.queries}
   * lists under that id on this node, from any protocol (as ClickHouse's {@code KILL QUERY}); true
   * when it was running. Evaluated when the query runs, as {@link #PG_CANCEL_BACKEND}.
   */
  public static final SqlFunction CANCEL_QUERY =
      constant("CANCEL_QUERY", SqlTypeName.BOOLEAN, 1, 1);

  /** {@code pg_get_userbyid(oid)}: the owner's name, always {@code aurora}. */
  public static final SqlFunction PG_GET_USERBYID =
      constant("PG_GET_USERBYID", SqlTypeName.VARCHAR, 1, 1);

  /**
   * {@code pg_table_is_visible(oid)}: whether the relation's schema is on the search path ({@code
   * pg_catalog} and {@code public}, not {@code information_schema}).
   */
  public static final SqlFunction PG_TABLE_IS_VISIBLE =
      constant("PG_TABLE_IS_VISIBLE", SqlTypeName.BOOLEAN, 1, 1);

  /** {@code pg_type_is_visible(oid)}: true. */
  public static final SqlFunction PG_TYPE_IS_VISIBLE =
      constant("PG_TYPE_IS_VISIBLE", SqlTypeName.BOOLEAN, 1, 1);

  /** {@code pg_encoding_to_char(encoding)}: {@code UTF8}, the only encoding. */
  public static final SqlFunction PG_ENCODING_TO_CHAR =
      constant("PG_ENCODING_TO_CHAR", SqlTypeName.VARCHAR, 1, 1);

  /**
   * {@code has_table_privilege([user,] table, privilege)}: from the catalog's privileges, folded
   * into the plan by {@code CatalogFunctions}.
   */
  public static final SqlFunction HAS_TABLE_PRIVILEGE =
      constant("HAS_TABLE_PRIVILEGE", SqlTypeName.BOOLEAN, 2, 3);

  /** {@code has_schema_privilege([user,] schema, privilege)}: as {@link #HAS_TABLE_PRIVILEGE}. */
  public static final SqlFunction HAS_SCHEMA_PRIVILEGE =
      constant("HAS_SCHEMA_PRIVILEGE", SqlTypeName.BOOLEAN, 2, 3);

  /** {@code has_database_privilege(...)}: true; every role may connect to the one database. */
  public static final SqlFunction HAS_DATABASE_PRIVILEGE =
      constant("HAS_DATABASE_PRIVILEGE", SqlTypeName.BOOLEAN, 2, 3);

  /** {@code pg_is_in_recovery()}: false. */
  public static final SqlFunction PG_IS_IN_RECOVERY =
      constant("PG_IS_IN_RECOVERY", SqlTypeName.BOOLEAN, 0, 0);

  /**
   * Descriptions and definitions of objects Aurora does not have (comments, column defaults,
   * indexes, constraints, views, partition keys): NULL.
   */
  public static final SqlFunction OBJ_DESCRIPTION =
      constant("OBJ_DESCRIPTION", SqlTypeName.VARCHAR, 1, 2);

  public static final SqlFunction COL_DESCRIPTION =
      constant("COL_DESCRIPTION", SqlTypeName.VARCHAR, 2, 2);

  public static final SqlFunction SHOBJ_DESCRIPTION =
      constant("SHOBJ_DESCRIPTION", SqlTypeName.VARCHAR, 2, 2);

  public static final SqlFunction PG_GET_EXPR = constant("PG_GET_EXPR", SqlTypeName.VARCHAR, 2, 3);

  public static final SqlFunction PG_GET_INDEXDEF =
      constant("PG_GET_INDEXDEF", SqlTypeName.VARCHAR, 1, 3);

  public static final SqlFunction PG_GET_CONSTRAINTDEF =
      constant("PG_GET_CONSTRAINTDEF", SqlTypeName.VARCHAR, 1, 2);

  public static final SqlFunction PG_GET_VIEWDEF =
      constant("PG_GET_VIEWDEF", SqlTypeName.VARCHAR, 1, 2);

  public static final SqlFunction PG_GET_PARTKEYDEF =
      constant("PG_GET_PARTKEYDEF", SqlTypeName.VARCHAR, 1, 1);

  public static final SqlFunction PG_GET_STATISTICSOBJDEF_COLUMNS =
      constant("PG_GET_STATISTICSOBJDEF_COLUMNS", SqlTypeName.VARCHAR, 1, 1);

  public static final SqlFunction PG_GET_TRIGGERDEF =
      constant("PG_GET_TRIGGERDEF", SqlTypeName.VARCHAR, 1, 2);

  public static final SqlFunction PG_GET_RULEDEF =
      constant("PG_GET_RULEDEF", SqlTypeName.VARCHAR, 1, 2);

  /**
   * {@code json_build_object(key, value, ...)}, validated so that catalog queries over empty
   * catalogs (SQLAlchemy's identity columns over {@code pg_sequence}) plan; the executor has no
   * JSON functions, so evaluating it fails with 0A000.
   */
  public static final SqlFunction JSON_BUILD_OBJECT =
      new SqlFunction(
          "JSON_BUILD_OBJECT",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          null,
          OperandTypes.VARIADIC,
          SqlFunctionCategory.SYSTEM);

  /**
   * {@code json_extract_path_text(json, key, ...)}: the value at that path of a JSON text (object
   * keys, or array positions from 0), as text: a string without its quotes, other values as their
   * JSON; NULL where the path leads nowhere or to a JSON null. Aurora keeps JSON as text, so {@code
   * json} and {@code jsonb} are text too; the {@code jsonb_} spellings are the same functions.
   */
  public static final SqlFunction JSON_EXTRACT_PATH_TEXT = jsonPath("JSON_EXTRACT_PATH_TEXT");

  /** {@code json_extract_path(json, key, ...)}: as above, the value as its JSON text. */
  public static final SqlFunction JSON_EXTRACT_PATH = jsonPath("JSON_EXTRACT_PATH");

  public static final SqlFunction JSONB_EXTRACT_PATH_TEXT = jsonPath("JSONB_EXTRACT_PATH_TEXT");

  public static final SqlFunction JSONB_EXTRACT_PATH = jsonPath("JSONB_EXTRACT_PATH");

  private static SqlFunction jsonPath(String name) {
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE),
        null,
        OperandTypes.repeat(SqlOperandCountRanges.from(2), OperandTypes.CHARACTER),
        SqlFunctionCategory.SYSTEM);
  }

  /** {@code pg_get_serial_sequence(table, column)}: NULL, Aurora has no sequences. */
  public static final SqlFunction PG_GET_SERIAL_SEQUENCE =
      constant("PG_GET_SERIAL_SEQUENCE", SqlTypeName.VARCHAR, 2, 2);

  /** {@code pg_relation_is_publishable(oid)}: false; Aurora has no logical replication. */
  public static final SqlFunction PG_RELATION_IS_PUBLISHABLE =
      constant("PG_RELATION_IS_PUBLISHABLE", SqlTypeName.BOOLEAN, 1, 1);

  /** {@code array_upper(array, dimension)}: NULL, as for an empty array. */
  public static final SqlFunction ARRAY_UPPER = constant("ARRAY_UPPER", SqlTypeName.INTEGER, 2, 2);

  /**
   * {@code current_schemas(include_implicit)}: the search path as an array; the planner folds
   * {@code current_schemas(b)[i]} to the schema's name, the executor runs no other use of it.
   */
  public static final SqlFunction CURRENT_SCHEMAS =
      new SqlFunction(
          "CURRENT_SCHEMAS",
          SqlKind.OTHER_FUNCTION,
          binding ->
              binding
                  .getTypeFactory()
                  .createArrayType(binding.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), -1),
          null,
          OperandTypes.BOOLEAN,
          SqlFunctionCategory.SYSTEM);

  /**
   * {@code array_element(array, index)}, what {@code array[index]} becomes: NULL, since the system
   * tables' arrays are empty.
   */
  public static final SqlFunction ARRAY_ELEMENT =
      constant("ARRAY_ELEMENT", SqlTypeName.INTEGER, 2, 2);

  public static final SqlFunction PG_FUNCTION_IS_VISIBLE =
      constant("PG_FUNCTION_IS_VISIBLE", SqlTypeName.BOOLEAN, 1, 1);

  /**
   * {@code pg_conversion_is_visible}, {@code pg_operator_is_visible} and {@code
   * pg_ts_config_is_visible}: true. Aurora has no such objects (their catalogs are empty), so these
   * answer only for psql's {@code \dc}, {@code \do} and {@code \dF} to list nothing.
   */
  public static final SqlFunction PG_CONVERSION_IS_VISIBLE =
      constant("PG_CONVERSION_IS_VISIBLE", SqlTypeName.BOOLEAN, 1, 1);

  public static final SqlFunction PG_OPERATOR_IS_VISIBLE =
      constant("PG_OPERATOR_IS_VISIBLE", SqlTypeName.BOOLEAN, 1, 1);

  public static final SqlFunction PG_TS_CONFIG_IS_VISIBLE =
      constant("PG_TS_CONFIG_IS_VISIBLE", SqlTypeName.BOOLEAN, 1, 1);

  public static final SqlFunction PG_GET_FUNCTION_RESULT =
      constant("PG_GET_FUNCTION_RESULT", SqlTypeName.VARCHAR, 1, 1);

  public static final SqlFunction PG_GET_FUNCTION_ARGUMENTS =
      constant("PG_GET_FUNCTION_ARGUMENTS", SqlTypeName.VARCHAR, 1, 1);

  /**
   * {@code pg_table_size(regclass)}, {@code pg_relation_size(regclass [, fork])} and {@code
   * pg_total_relation_size(regclass)}: the bytes of a table's segment files on this node (its
   * replicas; 0 for relations without storage). {@code pg_indexes_size}: 0, Aurora's indexes live
   * inside the segments. {@code pg_database_size(name)}: every table's bytes on this node.
   */
  public static final SqlFunction PG_TABLE_SIZE =
      constant("PG_TABLE_SIZE", SqlTypeName.BIGINT, 1, 1);

  public static final SqlFunction PG_RELATION_SIZE =
      constant("PG_RELATION_SIZE", SqlTypeName.BIGINT, 1, 2);

  public static final SqlFunction PG_TOTAL_RELATION_SIZE =
      constant("PG_TOTAL_RELATION_SIZE", SqlTypeName.BIGINT, 1, 1);

  public static final SqlFunction PG_INDEXES_SIZE =
      constant("PG_INDEXES_SIZE", SqlTypeName.BIGINT, 1, 1);

  public static final SqlFunction PG_DATABASE_SIZE =
      constant("PG_DATABASE_SIZE", SqlTypeName.BIGINT, 1, 1);

  /**
   * {@code pg_size_pretty(bytes)} of one of the sizes above, as PostgreSQL prints it ({@code 8192
   * bytes}, {@code 12 MB}); NULL of any other value.
   */
  public static final SqlFunction PG_SIZE_PRETTY =
      constant("PG_SIZE_PRETTY", SqlTypeName.VARCHAR, 1, 1);

  /**
   * {@code pg_stat_get_numscans(oid)}: NULL, as for an index without statistics; Aurora has no
   * indexes that {@code pg_index} lists.
   */
  public static final SqlFunction PG_STAT_GET_NUMSCANS =
      constant("PG_STAT_GET_NUMSCANS", SqlTypeName.BIGINT, 1, 1);

  /**
   * {@code pg_tablespace_location(oid)}: the empty string, as PostgreSQL answers for its built-in
   * tablespaces, the only ones Aurora lists.
   */
  public static final SqlFunction PG_TABLESPACE_LOCATION =
      constant("PG_TABLESPACE_LOCATION", SqlTypeName.VARCHAR, 1, 1);

  /**
   * {@code quote_ident(name)}: the name as an identifier, double-quoted unless it is a lower-case
   * word that is not a reserved keyword; {@link CatalogFunctions} expands it into an expression.
   */
  public static final SqlFunction QUOTE_IDENT =
      new SqlFunction(
          "QUOTE_IDENT",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE),
          null,
          OperandTypes.CHARACTER,
          SqlFunctionCategory.STRING);

  /**
   * {@code information_schema._pg_expandarray(array)}: PostgreSQL's set-returning function of
   * {@code (x, n)} rows that pgjdbc's getPrimaryKeys applies to {@code pg_index.indkey}. It is
   * declared so that such queries validate; {@code pg_index} is empty, so they return no rows
   * without calling it, and the executor refuses any query that would.
   */
  public static final SqlFunction PG_EXPANDARRAY =
      new SqlFunction(
          "_PG_EXPANDARRAY",
          SqlKind.OTHER_FUNCTION,
          binding ->
              binding
                  .getTypeFactory()
                  .createTypeWithNullability(
                      binding
                          .getTypeFactory()
                          .builder()
                          .add("x", SqlTypeName.INTEGER)
                          .nullable(true)
                          .add("n", SqlTypeName.INTEGER)
                          .nullable(true)
                          .build(),
                      true),
          null,
          OperandTypes.ANY,
          SqlFunctionCategory.SYSTEM);

  /** {@code current_setting(name)}: a server setting as {@code pg_settings} shows it. */
  public static final SqlFunction CURRENT_SETTING =
      constant("CURRENT_SETTING", SqlTypeName.VARCHAR, 1, 2);

  /**
   * {@code array_to_string(array, separator)}: the elements of an array's text ({@code {a,b}}, as
   * the system tables and {@code ARRAY(SELECT ...)} hold arrays) joined by the separator; an empty
   * array gives the empty string.
   */
  public static final SqlFunction ARRAY_TO_STRING =
      new SqlFunction(
          "ARRAY_TO_STRING",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE),
          null,
          OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.CHARACTER)
              .or(
                  OperandTypes.family(
                      SqlTypeFamily.ANY, SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER)),
          SqlFunctionCategory.SYSTEM);

  /** {@code format_type(type_oid, typmod)}: a type's SQL name, such as {@code numeric(10,2)}. */
  public static final SqlFunction FORMAT_TYPE =
      new SqlFunction(
          "FORMAT_TYPE",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE),
          null,
          OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.ANY),
          SqlFunctionCategory.SYSTEM);

  /**
   * {@code x::regclass} and the other object identifier types: of a string, the object's oid
   * (INTEGER); of an oid, the object's name (VARCHAR). The planner resolves them against the
   * catalog.
   */
  public static final SqlFunction REGCLASS = objectIdentifier("REGCLASS");

  public static final SqlFunction REGTYPE = objectIdentifier("REGTYPE");

  public static final SqlFunction REGNAMESPACE = objectIdentifier("REGNAMESPACE");

  /** {@code x::regproc}: a function's name, as the system tables' text columns hold it. */
  public static final SqlFunction REGPROC = functionName("REGPROC");

  public static final SqlFunction REGPROCEDURE = functionName("REGPROCEDURE");

  public static final SqlFunction REGROLE = objectIdentifier("REGROLE");

  /** {@code to_regclass(name)}: the table's oid, or NULL when there is no such table. */
  public static final SqlFunction TO_REGCLASS =
      new SqlFunction(
          "TO_REGCLASS",
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.explicit(SqlTypeName.INTEGER).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          null,
          OperandTypes.CHARACTER,
          SqlFunctionCategory.SYSTEM);

  /**
   * PostgreSQL's catalog functions. The planner ({@link CatalogFunctions}) computes the value of
   * each from the catalog, so that they never reach the executor, except {@link #PG_EXPANDARRAY}.
   */
  static final List<SqlFunction> CATALOG_FUNCTIONS =
      List.of(
          VERSION,
          CURRENT_DATABASE,
          PG_BACKEND_PID,
          PG_GET_USERBYID,
          PG_TABLE_IS_VISIBLE,
          PG_TYPE_IS_VISIBLE,
          PG_ENCODING_TO_CHAR,
          HAS_TABLE_PRIVILEGE,
          HAS_SCHEMA_PRIVILEGE,
          HAS_DATABASE_PRIVILEGE,
          PG_IS_IN_RECOVERY,
          OBJ_DESCRIPTION,
          COL_DESCRIPTION,
          SHOBJ_DESCRIPTION,
          PG_GET_EXPR,
          PG_GET_INDEXDEF,
          PG_GET_CONSTRAINTDEF,
          PG_GET_VIEWDEF,
          PG_GET_PARTKEYDEF,
          PG_GET_STATISTICSOBJDEF_COLUMNS,
          PG_GET_TRIGGERDEF,
          PG_GET_RULEDEF,
          PG_GET_SERIAL_SEQUENCE,
          JSON_BUILD_OBJECT,
          PG_RELATION_IS_PUBLISHABLE,
          ARRAY_UPPER,
          ARRAY_ELEMENT,
          PG_FUNCTION_IS_VISIBLE,
          PG_CONVERSION_IS_VISIBLE,
          PG_OPERATOR_IS_VISIBLE,
          PG_TS_CONFIG_IS_VISIBLE,
          PG_GET_FUNCTION_RESULT,
          PG_GET_FUNCTION_ARGUMENTS,
          PG_TABLE_SIZE,
          PG_RELATION_SIZE,
          PG_TOTAL_RELATION_SIZE,
          PG_INDEXES_SIZE,
          PG_DATABASE_SIZE,
          PG_SIZE_PRETTY,
          PG_STAT_GET_NUMSCANS,
          PG_TABLESPACE_LOCATION,
          QUOTE_IDENT,
          CURRENT_SCHEMAS,
          PG_EXPANDARRAY,
          CURRENT_SETTING,
          ARRAY_TO_STRING,
          FORMAT_TYPE,
          REGCLASS,
          REGTYPE,
          REGNAMESPACE,
          REGPROC,
          REGPROCEDURE,
          REGROLE,
          TO_REGCLASS);

  private static SqlFunction constant(
      String name, SqlTypeName type, int minArguments, int maxArguments) {
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(type).andThen(SqlTypeTransforms.FORCE_NULLABLE),
        null,
        minArguments == 0 && maxArguments == 0
            ? OperandTypes.NILADIC
            : OperandTypes.variadic(SqlOperandCountRanges.between(minArguments, maxArguments)),
        SqlFunctionCategory.SYSTEM) {
      @Override
      public boolean isDeterministic() {
        return false;
      }
    };
  }

  private static SqlFunction functionName(String name) {
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE),
        null,
        OperandTypes.ANY,
        SqlFunctionCategory.SYSTEM);
  }

  private static SqlFunction objectIdentifier(String name) {
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        binding ->
            binding
                .getTypeFactory()
                .createTypeWithNullability(
                    binding
                        .getTypeFactory()
                        .createSqlType(
                            SqlTypeUtil.isCharacter(binding.getOperandType(0))
                                ? SqlTypeName.INTEGER
                                : SqlTypeName.VARCHAR),
                    true),
        null,
        OperandTypes.ANY,
        SqlFunctionCategory.SYSTEM);
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
                      BOOL_OR,
                      DateArithmetic.PLUS,
                      DateArithmetic.MINUS,
                      SeriesFunction.INSTANCE,
                      PERCENTILE_CONT,
                      PERCENTILE_DISC,
                      MODE,
                      ROUND,
                      TRUNC,
                      TO_TIMESTAMP,
                      TO_CHAR,
                      SqlLibraryOperators.REVERSE,
                      JSON_EXTRACT_PATH_TEXT,
                      JSON_EXTRACT_PATH,
                      JSONB_EXTRACT_PATH_TEXT,
                      JSONB_EXTRACT_PATH,
                      RANK,
                      DENSE_RANK,
                      PERCENT_RANK,
                      CUME_DIST,
                      PG_CANCEL_BACKEND,
                      PG_TERMINATE_BACKEND,
                      CANCEL_QUERY)),
              SqlOperatorTables.of(CATALOG_FUNCTIONS),
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
        SqlIdentifier name = opName;
        if (name.names.size() == 2
            && (name.names.get(0).equalsIgnoreCase("pg_catalog")
                || name.names.get(0).equalsIgnoreCase("information_schema"))) {
          name = name.getComponent(1);
        }
        int start = operatorList.size();
        table.lookupOperatorOverloads(
            name, category, syntax, operatorList, SqlNameMatchers.withCaseSensitive(false));
        List<SqlOperator> found = operatorList.subList(start, operatorList.size());
        for (SqlOperator replacement : REPLACEMENTS) {
          if (found.contains(replacement)) {
            found.removeIf(
                operator ->
                    operator != replacement && operator.getName().equals(replacement.getName()));
          }
        }
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
