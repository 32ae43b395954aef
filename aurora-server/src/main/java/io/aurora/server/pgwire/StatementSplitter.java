package io.aurora.server.pgwire;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into statements at semicolons that are outside string literals
 * ({@code '...'}, {@code E'...'}), quoted identifiers ({@code "..."}), dollar-quoted strings
 * ({@code $tag$...$tag$}) and comments ({@code --} and nested {@code /* *}{@code /}). Pieces that
 * hold only whitespace and comments are dropped, as PostgreSQL ignores them.
 */
final class StatementSplitter {
  private StatementSplitter() {}

  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    boolean hasContent = false;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == ';') {
        if (hasContent) {
          statements.add(sql.substring(start, i).strip());
        }
        start = i + 1;
        hasContent = false;
        i++;
        continue;
      }
      int end = skipQuotedOrComment(sql, i);
      if (end > i) {
        hasContent |= !isCommentStart(sql, i);
        i = end;
        continue;
      }
      hasContent |= !Character.isWhitespace(c);
      i++;
    }
    if (hasContent) {
      statements.add(sql.substring(start).strip());
    }
    return statements;
  }

  /**
   * When a literal, quoted identifier or comment starts at {@code i}, the index just after it (or
   * the end of the text when it is not closed); otherwise {@code i}.
   */
  static int skipQuotedOrComment(String sql, int i) {
    char c = sql.charAt(i);
    if (c == '\'') {
      boolean hasEscapes =
          i > 0
              && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
              && (i < 2 || !isIdentifierPart(sql.charAt(i - 2)));
      return skipQuoted(sql, i, '\'', hasEscapes);
    }
    if (c == '"') {
      return skipQuoted(sql, i, '"', false);
    }
    if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
      int end = sql.indexOf('\n', i);
      return end < 0 ? sql.length() : end + 1;
    }
    if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
      return skipBlockComment(sql, i);
    }
    if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
      int tagEnd = i + 1;
      while (tagEnd < sql.length() && isTagCharacter(sql.charAt(tagEnd), tagEnd == i + 1)) {
        tagEnd++;
      }
      if (tagEnd < sql.length() && sql.charAt(tagEnd) == '$') {
        String tag = sql.substring(i, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        return close < 0 ? sql.length() : close + tag.length();
      }
    }
    return i;
  }

  private static boolean isCommentStart(String sql, int i) {
    return sql.startsWith("--", i) || sql.startsWith("/*", i);
  }

  private static int skipQuoted(String sql, int i, char quote, boolean hasEscapes) {
    int j = i + 1;
    while (j < sql.length()) {
      char c = sql.charAt(j);
      if (hasEscapes && c == '\\') {
        j += 2;
      } else if (c == quote) {
        if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    return sql.length();
  }

  private static int skipBlockComment(String sql, int i) {
    int depth = 0;
    int j = i;
    while (j < sql.length()) {
      if (sql.startsWith("/*", j)) {
        depth++;
        j += 2;
      } else if (sql.startsWith("*/", j)) {
        depth--;
        j += 2;
        if (depth == 0) {
          return j;
        }
      } else {
        j++;
      }
    }
    return sql.length();
  }

  private static boolean isTagCharacter(char c, boolean isFirst) {
    return Character.isLetter(c) || c == '_' || (!isFirst && Character.isDigit(c));
  }

  static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
