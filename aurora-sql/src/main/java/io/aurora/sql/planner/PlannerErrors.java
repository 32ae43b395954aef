package io.aurora.sql.planner;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.tools.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * Turns Calcite's parse and validation errors into {@link AuroraException}s with PostgreSQL
 * SQLSTATEs, the position in the statement text, and "did you mean" candidates for misspelled
 * tables and columns.
 */
final class PlannerErrors {
  private static final Pattern TABLE_NOT_FOUND = Pattern.compile("Object '([^']*)' not found");
  private static final Pattern COLUMN_NOT_FOUND =
      Pattern.compile(
          "Column '([^']*)' not found in (?:any table|table '[^']*')"
              + "|The definition of column '([^']*)' depends on itself");
  private static final Pattern NO_FUNCTION =
      Pattern.compile("No match found for function signature (.*)");

  /** A PostgreSQL window frame in GROUPS units, which Calcite's parser stops at. */
  private static final Pattern GROUPS_FRAME =
      Pattern.compile("(?i)\\bGROUPS\\s+(BETWEEN|UNBOUNDED|CURRENT|[0-9])");

  private PlannerErrors() {}

  static AuroraException parseError(String sql, SqlParseException e) {
    String message = firstLine(e.getMessage());
    if (message.contains("Encountered \"GROUPS\"") && GROUPS_FRAME.matcher(sql).find()) {
      return new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "GROUPS window frames are not supported: Calcite's parser has no GROUPS frame unit",
          e,
          offset(sql, e.getPos()));
    }
    return new AuroraException(
        ErrorCode.SYNTAX_ERROR, "Syntax error: " + message, e, offset(sql, e.getPos()));
  }

  static AuroraException validationError(String sql, ValidationException e, Catalog catalog) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (cause instanceof AuroraException aurora) {
      // Aurora's own code failed while Calcite validated (a table's rows or statistics): its
      // error already says what and carries its SQLSTATE.
      return aurora;
    }
    if (!(cause instanceof CalciteException) && !(cause instanceof ValidationException)) {
      // Not a problem with the statement: a bug or a failure underneath, never a syntax error.
      return new AuroraException(
          ErrorCode.INTERNAL_ERROR,
          "Internal error while validating the statement: " + cause,
          cause);
    }
    int position = 0;
    String message = cause.getMessage();
    if (cause instanceof CalciteContextException context) {
      position = offset(sql, context.getPosLine(), context.getPosColumn());
      message = context.getCause() == null ? context.getMessage() : context.getCause().getMessage();
    }
    message = firstLine(message);
    Matcher table = TABLE_NOT_FOUND.matcher(message);
    if (table.find()) {
      String name = table.group(1);
      return new AuroraException(
          ErrorCode.UNDEFINED_TABLE,
          "Table[" + name + "] does not exist",
          null,
          suggestion(name, catalog.tableNames()),
          e,
          position);
    }
    Matcher column = COLUMN_NOT_FOUND.matcher(message);
    if (column.find()) {
      String name = column.group(1) != null ? column.group(1) : column.group(2);
      return new AuroraException(
          ErrorCode.UNDEFINED_COLUMN,
          "Column[" + name + "] does not exist",
          null,
          suggestion(name, allColumns(catalog)),
          e,
          position);
    }
    Matcher function = NO_FUNCTION.matcher(message);
    if (function.find()) {
      return new AuroraException(
          ErrorCode.UNDEFINED_FUNCTION,
          "Function " + function.group(1) + " does not exist",
          e,
          position);
    }
    if (message.contains("does not allow NULLs")) {
      return new AuroraException(ErrorCode.NOT_NULL_VIOLATION, message, e, position);
    }
    ErrorCode code =
        message.contains("Cannot apply") || message.contains("Cannot assign")
            ? ErrorCode.DATATYPE_MISMATCH
            : message.contains("not being grouped") || message.contains("GROUP BY")
                ? ErrorCode.GROUPING_ERROR
                : ErrorCode.SYNTAX_ERROR;
    return new AuroraException(code, message, e, position);
  }

  private static List<String> allColumns(Catalog catalog) {
    List<String> names = new ArrayList<>();
    for (String name : catalog.tableNames()) {
      Table table = catalog.table(name);
      if (table != null) {
        for (ColumnSchema column : table.schema().columns()) {
          names.add(column.name());
        }
      }
    }
    return names;
  }

  /** "Did you mean [x]?" for the closest candidate within a small edit distance, else null. */
  static @Nullable String suggestion(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance =
          editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    if (best == null || bestDistance > Math.max(2, name.length() / 3)) {
      return null;
    }
    return "Did you mean [" + best + "]?";
  }

  private static int editDistance(String left, String right) {
    int[] previous = new int[right.length() + 1];
    int[] current = new int[right.length() + 1];
    for (int j = 0; j <= right.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= left.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= right.length(); j++) {
        int cost = left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[right.length()];
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static int offset(String sql, @Nullable SqlParserPos position) {
    return position == null ? 0 : offset(sql, position.getLineNum(), position.getColumnNum());
  }

  /** The 1-based character offset of a 1-based line and column, or 0 when unknown. */
  private static int offset(String sql, int line, int column) {
    if (line < 1 || column < 1) {
      return 0;
    }
    int index = 0;
    for (int current = 1; current < line; current++) {
      int newline = sql.indexOf('\n', index);
      if (newline < 0) {
        return 0;
      }
      index = newline + 1;
    }
    return Math.min(sql.length(), index + column - 1) + 1;
  }
}
