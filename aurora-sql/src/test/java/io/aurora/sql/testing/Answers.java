package io.aurora.sql.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Compares a benchmark query's rows from Aurora with the oracle's, both in {@link ResultValues}'
 * common form, the way the differential tests and the end-to-end benchmarks both check answers.
 *
 * <ul>
 *   <li>With sort columns (the output columns the query's ORDER BY determines), rows must come in
 *       the same order of those columns; rows that tie on all of them may come in any order and are
 *       compared as multisets. When a LIMIT cuts the result, the engines may cut the last run of
 *       tied rows at different rows, so only that run's sort columns are compared.
 *   <li>With no sort columns, a query with ORDER BY is compared row by row in order (its text
 *       determines the order completely, as ClickBench's query file does with tiebreakers) and one
 *       without is compared as a multiset.
 *   <li>A query with LIMIT and no ORDER BY may return any of the rows: see {@link
 *       #withoutUnorderedLimit} and {@link #differenceAnyRows}.
 * </ul>
 */
public final class Answers {
  private static final Pattern LIMIT = Pattern.compile("(?i)\\blimit\\s+(\\d+)\\s*;?\\s*$");

  private Answers() {}

  /**
   * For a query with a LIMIT and no ORDER BY, the query without its LIMIT (the oracle's rows of it
   * are what Aurora's rows must be among); otherwise null.
   */
  public static @Nullable String withoutUnorderedLimit(String sql) {
    Matcher limit = LIMIT.matcher(sql);
    if (isOrdered(sql) || !limit.find()) {
      return null;
    }
    return sql.substring(0, limit.start()).strip();
  }

  /** The LIMIT of a query, or -1. */
  public static int limit(String sql) {
    Matcher limit = LIMIT.matcher(sql);
    return limit.find() ? Integer.parseInt(limit.group(1)) : -1;
  }

  /**
   * Why Aurora's rows of a query with LIMIT and no ORDER BY are wrong, or null if they are right:
   * as many rows as the oracle's unlimited rows allow, each one of them (as a multiset).
   */
  public static @Nullable String differenceAnyRows(
      String sql, List<List<Object>> actual, List<List<Object>> unlimited) {
    int expectedCount = Math.min(unlimited.size(), limit(sql));
    if (actual.size() != expectedCount) {
      return "row count " + actual.size() + ", expected " + expectedCount;
    }
    Map<String, Integer> available = new HashMap<>();
    for (List<Object> row : unlimited) {
      available.merge(row.toString(), 1, Integer::sum);
    }
    for (List<Object> row : actual) {
      if (available.merge(row.toString(), -1, Integer::sum) < 0) {
        return "row " + row + " is not among the oracle's rows";
      }
    }
    return null;
  }

  /** Why Aurora's rows differ from the oracle's, or null if they do not. */
  public static @Nullable String difference(
      String sql,
      List<Integer> sortColumns,
      List<List<Object>> actual,
      List<List<Object>> expected) {
    if (actual.size() != expected.size()) {
      return "row count " + actual.size() + ", expected " + expected.size();
    }
    if (sortColumns.isEmpty()) {
      boolean ordered = isOrdered(sql);
      List<List<Object>> left = ordered ? actual : ResultValues.sorted(actual);
      List<List<Object>> right = ordered ? expected : ResultValues.sorted(expected);
      return firstDifference(left, right, 0);
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!ResultValues.sameRow(
          project(actual.get(i), sortColumns), project(expected.get(i), sortColumns))) {
        return describe("sort columns of row " + i, actual.get(i), expected.get(i));
      }
    }
    boolean isCut = limit(sql) == expected.size();
    int start = 0;
    while (start < expected.size()) {
      int end = start + 1;
      while (end < expected.size()
          && ResultValues.sameRow(
              project(expected.get(start), sortColumns), project(expected.get(end), sortColumns))) {
        end++;
      }
      if (!(isCut && end == expected.size())) {
        String difference =
            firstDifference(
                ResultValues.sorted(actual.subList(start, end)),
                ResultValues.sorted(expected.subList(start, end)),
                start);
        if (difference != null) {
          return difference;
        }
      }
      start = end;
    }
    return null;
  }

  private static boolean isOrdered(String sql) {
    return sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").contains(" ORDER BY ");
  }

  private static @Nullable String firstDifference(
      List<List<Object>> left, List<List<Object>> right, int offset) {
    for (int i = 0; i < left.size(); i++) {
      if (!ResultValues.sameRow(left.get(i), right.get(i))) {
        return describe("row " + (offset + i), left.get(i), right.get(i));
      }
    }
    return null;
  }

  private static List<Object> project(List<Object> row, List<Integer> columns) {
    List<Object> projected = new ArrayList<>(columns.size());
    for (int column : columns) {
      projected.add(row.get(column));
    }
    return projected;
  }

  private static String describe(String what, List<Object> aurora, List<Object> oracle) {
    return what + ": aurora " + aurora + ", oracle " + oracle;
  }
}
