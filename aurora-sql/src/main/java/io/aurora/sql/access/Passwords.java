package io.aurora.sql.access;

import java.util.regex.Pattern;

/** Keeps passwords out of what a node shows and logs of a statement's text. */
public final class Passwords {
  private static final Pattern PASSWORD_LITERAL =
      Pattern.compile("(?i)(\\bPASSWORD\\s+)'(?:[^']|'')*'");

  private Passwords() {}

  /**
   * The statement with the string after each {@code PASSWORD} keyword replaced by {@code
   * '********'}, for {@code system.query_log}, {@code system.queries} and the logs; other text is
   * returned as it is.
   */
  public static String redact(String sql) {
    if (sql.length() < 9 || !containsIgnoreCase(sql)) {
      return sql;
    }
    return PASSWORD_LITERAL.matcher(sql).replaceAll("$1'********'");
  }

  private static boolean containsIgnoreCase(String sql) {
    for (int i = 0; i + 8 <= sql.length(); i++) {
      if (sql.regionMatches(true, i, "PASSWORD", 0, 8)) {
        return true;
      }
    }
    return false;
  }
}
