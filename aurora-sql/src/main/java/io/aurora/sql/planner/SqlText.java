package io.aurora.sql.planner;

/**
 * Lexing shared by the text rewrites that run before Calcite's parser ({@link PostgresSyntax},
 * {@link InfixCasts}): they must leave string literals, quoted identifiers and comments as they
 * are, whatever those contain.
 */
public final class SqlText {
  private SqlText() {}

  /**
   * The end (exclusive) of the string literal, quoted identifier, {@code --} comment or {@code /*}
   * comment that starts at {@code start}, or {@code start} when none starts there.
   */
  public static int inertEnd(String sql, int start) {
    char c = sql.charAt(start);
    int length = sql.length();
    if (c == '\'' || c == '"') {
      return skipQuoted(sql, start, c);
    }
    if (c == '-' && start + 1 < length && sql.charAt(start + 1) == '-') {
      int end = sql.indexOf('\n', start);
      return end < 0 ? length : end;
    }
    if (c == '/' && start + 1 < length && sql.charAt(start + 1) == '*') {
      int end = sql.indexOf("*/", start + 2);
      return end < 0 ? length : end + 2;
    }
    return start;
  }

  /**
   * The end (exclusive) of the quoted text starting at {@code start}: a doubled quote is part of
   * the text, and so is a backslash escape inside an {@code E'...'} string.
   */
  static int skipQuoted(String sql, int start, char quote) {
    if (quote == '\'' && isEscapeString(sql, start)) {
      int end = escapeStringEnd(sql, start);
      return end < 0 ? sql.length() : end;
    }
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /**
   * The end (exclusive) of the escape string whose opening quote is at {@code quote}, or -1 when it
   * is not closed.
   */
  public static int escapeStringEnd(String sql, int quote) {
    int i = quote + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Whether the literal starting at {@code quote} is an {@code E'...'} string with backslashes. */
  private static boolean isEscapeString(String sql, int quote) {
    return quote > 0
        && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
        && (quote == 1 || !isWordChar(sql.charAt(quote - 2)));
  }

  /** Whether a word (a keyword or an unquoted name) starts at {@code i}. */
  static boolean isWordStart(String sql, int i) {
    char c = sql.charAt(i);
    return (Character.isLetter(c) || c == '_')
        && (i == 0 || (!isWordChar(sql.charAt(i - 1)) && sql.charAt(i - 1) != '.'));
  }

  static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** The end (exclusive) of the word starting at {@code start}. */
  static int wordEnd(String sql, int start) {
    int i = start;
    while (i < sql.length() && isWordChar(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The first position at or after {@code start} that is not white space. */
  static int skipSpace(String sql, int start) {
    int i = start;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i;
  }
}
