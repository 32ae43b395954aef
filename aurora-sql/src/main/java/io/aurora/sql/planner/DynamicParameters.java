package io.aurora.sql.planner;

import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's numbered parameters ({@code $1}, {@code $2}, ...) as Calcite's dynamic parameters
 * ({@code ?}), which Calcite numbers by where they occur: a parameter used twice is two {@code ?}.
 * A parameter whose type the client declared is cast to it ({@code CAST(? AS BIGINT)}); one left
 * open (or declared as text) is typed by Calcite from where it stands, as PostgreSQL does.
 */
final class DynamicParameters {
  private DynamicParameters() {}

  /**
   * The statement with Calcite's parameters.
   *
   * @param parameterOfOccurrence for each {@code ?} in order, the 0-based number of the parameter
   *     it stands for
   */
  record Rewritten(String sql, int[] parameterOfOccurrence) {}

  /**
   * Rewrites {@code $n} outside literals, quoted identifiers and comments; {@code types} are the
   * declared types by parameter number (null where open). Throws IllegalArgumentException for a
   * {@code $n} past the declared parameters.
   */
  static Rewritten rewrite(String sql, List<@Nullable DataType> types) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    List<Integer> occurrences = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      int inert = SqlText.inertEnd(sql, i);
      if (inert > i) {
        out.append(sql, i, inert);
        i = inert;
        continue;
      }
      int end = parameterEnd(sql, i);
      if (end == i) {
        out.append(sql.charAt(i));
        i++;
        continue;
      }
      int number = Integer.parseInt(sql.substring(i + 1, end));
      if (number < 1 || number > types.size()) {
        throw new IllegalArgumentException("$" + number + " of " + types.size() + " parameters");
      }
      DataType type = types.get(number - 1);
      String sqlType = type == null ? null : castType(type);
      out.append(sqlType == null ? " ? " : " CAST(? AS " + sqlType + ") ");
      occurrences.add(number - 1);
      i = end;
    }
    int[] parameterOfOccurrence = new int[occurrences.size()];
    for (int j = 0; j < parameterOfOccurrence.length; j++) {
      parameterOfOccurrence[j] = occurrences.get(j);
    }
    return new Rewritten(out.toString(), parameterOfOccurrence);
  }

  /** The SQL type a declared parameter is cast to; null for text, which Calcite types instead. */
  private static @Nullable String castType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case REAL -> "REAL";
      case DOUBLE -> "DOUBLE";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
      case DECIMAL, VARCHAR -> null;
    };
  }

  /** The end of a {@code $n} starting at {@code i}, or {@code i} when none starts there. */
  private static int parameterEnd(String sql, int i) {
    if (sql.charAt(i) != '$' || (i > 0 && SqlText.isWordChar(sql.charAt(i - 1)))) {
      return i;
    }
    int end = i + 1;
    while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
      end++;
    }
    return end > i + 1 && end - i <= 6 ? end : i;
  }
}
