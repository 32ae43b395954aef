package io.aurora.sql.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The output column names of a query as PostgreSQL gives them (its {@code FigureColname}) where
 * Calcite names an unaliased expression {@code EXPR$n}: a function call, also an aggregate or
 * window function, is named after the function ({@code count}, {@code row_number}); a cast after
 * its operand, or else after the type ({@code int4}, {@code varchar}); {@code CASE} is {@code
 * case}, {@code EXISTS (...)} is {@code exists}, a scalar subquery takes its column's name; and
 * anything else, such as {@code a + 1} or a literal, is {@code ?column?}.
 */
final class ColumnNames {
  private static final String UNNAMED = "?column?";

  private ColumnNames() {}

  /**
   * PostgreSQL's name for each item of a parsed query's select list, null where it is {@code
   * ?column?}; null when the list has a {@code *} or the query has no select list. Taken before
   * validation, which rewrites some calls ({@code coalesce} into {@code CASE}).
   */
  static @Nullable List<@Nullable String> figure(SqlNode parsed) {
    SqlSelect select = select(parsed);
    if (select == null) {
      return null;
    }
    List<@Nullable String> names = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      if (item instanceof SqlIdentifier identifier && identifier.isStar()) {
        return null;
      }
      names.add(name(item));
    }
    return names;
  }

  /**
   * The output column names: Calcite's, with each {@code EXPR$n} replaced by the name {@link
   * #figure} found for its item (or, when it found none, by the validated item's).
   */
  static List<String> postgresNames(
      @Nullable List<@Nullable String> figured, SqlNode validated, List<String> names) {
    SqlSelect select = select(validated);
    List<String> result = new ArrayList<>(names);
    for (int i = 0; i < result.size(); i++) {
      if (!result.get(i).startsWith("EXPR$")) {
        continue;
      }
      String name = null;
      if (figured != null && figured.size() == names.size()) {
        name = figured.get(i);
      } else if (select != null && select.getSelectList().size() == names.size()) {
        name = name(select.getSelectList().get(i));
      }
      result.set(i, name == null ? UNNAMED : name);
    }
    return result;
  }

  /** The SELECT whose list names the columns of a query, or null for VALUES and set operations. */
  private static @Nullable SqlSelect select(SqlNode query) {
    SqlNode node = query;
    while (true) {
      if (node instanceof SqlOrderBy orderBy) {
        node = orderBy.query;
      } else if (node instanceof SqlWith with) {
        node = with.body;
      } else {
        return node instanceof SqlSelect select ? select : null;
      }
    }
  }

  private static @Nullable String name(SqlNode node) {
    if (node instanceof SqlIdentifier identifier) {
      return identifier.isStar() ? null : identifier.names.get(identifier.names.size() - 1);
    }
    if (node instanceof SqlSelect select) {
      List<SqlNode> items = select.getSelectList();
      if (items.isEmpty()) {
        return null;
      }
      SqlNode item = items.get(0);
      return item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(1).toString() : name(item);
    }
    if (!(node instanceof SqlCall call)) {
      return null;
    }
    return switch (call.getKind()) {
      case AS -> call.operand(1).toString();
      case OVER, WITHIN_GROUP, FILTER, WITHIN_DISTINCT, NULLS_FIRST, NULLS_LAST, DESCENDING ->
          name(call.operand(0));
      case CAST -> {
        String operand = name(call.operand(0));
        yield operand != null ? operand : typeName(call.operand(1));
      }
      case CASE -> "case";
      case EXISTS -> "exists";
      case ROW -> "row";
      case ARRAY_VALUE_CONSTRUCTOR, ARRAY_QUERY_CONSTRUCTOR -> "array";
      case SCALAR_QUERY -> name(call.operand(0));
      default ->
          call.getOperator() instanceof SqlFunction function
              ? function.getName().toLowerCase(Locale.ROOT)
              : null;
    };
  }

  /** PostgreSQL's name of the type a cast names. */
  private static @Nullable String typeName(SqlNode type) {
    if (!(type instanceof SqlDataTypeSpec spec)
        || !(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic)) {
      return type instanceof SqlDataTypeSpec spec
          ? spec.getTypeName().getSimple().toLowerCase(Locale.ROOT)
          : null;
    }
    SqlTypeName name = SqlTypeName.get(basic.getTypeName().getSimple().toUpperCase(Locale.ROOT));
    if (name == null) {
      return basic.getTypeName().getSimple().toLowerCase(Locale.ROOT);
    }
    return switch (name) {
      case BOOLEAN -> "bool";
      case TINYINT, SMALLINT -> "int2";
      case INTEGER -> "int4";
      case BIGINT -> "int8";
      case REAL, FLOAT -> "float4";
      case DOUBLE -> "float8";
      case DECIMAL -> "numeric";
      case CHAR -> "bpchar";
      case VARCHAR -> "varchar";
      default -> name.getName().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }
}
