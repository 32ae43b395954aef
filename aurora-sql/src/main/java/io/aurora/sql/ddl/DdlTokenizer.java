package io.aurora.sql.ddl;

import io.aurora.sql.planner.EscapeStrings;
import io.aurora.sql.planner.SqlText;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Splits a DDL statement into identifiers, keywords, numbers and symbols, with positions. */
final class DdlTokenizer {
  private enum Kind {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    SYMBOL
  }

  record Token(Kind kind, String text, int position) {
    boolean isWord() {
      return kind == Kind.WORD;
    }

    boolean isQuoted() {
      return kind == Kind.QUOTED;
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }
  }

  /** Every token, in order. */
  List<Token> tokens() {
    return tokens;
  }

  private final String sql;
  private final List<Token> tokens = new ArrayList<>();
  private int next;

  DdlTokenizer(String sql) {
    this.sql = sql;
    tokenize();
  }

  private void tokenize() {
    int i = 0;
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
        while (i < length && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < length
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) {
          i++;
        }
        if (i - start == 1
            && (sql.charAt(start) == 'E' || sql.charAt(start) == 'e')
            && i < length
            && sql.charAt(i) == '\'') {
          // An escape string, E'...': a backslash escapes the character after it.
          int end = SqlText.escapeStringEnd(sql, i);
          if (end < 0) {
            throw new AuroraException(
                ErrorCode.SYNTAX_ERROR, "Unterminated string literal", null, start + 1);
          }
          tokens.add(
              new Token(Kind.STRING, EscapeStrings.resolve(sql.substring(i + 1, end - 1)), start));
          i = end;
          continue;
        }
        tokens.add(new Token(Kind.WORD, sql.substring(start, i), start));
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < length && Character.isDigit(sql.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start));
      } else if (c == '"') {
        int start = i;
        StringBuilder text = new StringBuilder();
        i = readQuoted(sql, start, text, "quoted identifier");
        if (text.length() == 0) {
          throw new AuroraException(
              ErrorCode.SYNTAX_ERROR, "Zero-length quoted identifier", null, start + 1);
        }
        tokens.add(new Token(Kind.QUOTED, text.toString(), start));
      } else if (c == '\'') {
        // A string literal is one token, so that quotes inside it (SELECT '"') are not taken for
        // the start of a quoted identifier while the statement is probed for DDL.
        int start = i;
        StringBuilder text = new StringBuilder();
        i = readQuoted(sql, start, text, "string literal");
        tokens.add(new Token(Kind.STRING, text.toString(), start));
      } else {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
        i++;
      }
    }
  }

  /**
   * Reads the text quoted by the character at {@code start} (a doubled quote stands for one) into
   * {@code text}, and returns the index just past the closing quote.
   */
  private static int readQuoted(String sql, int start, StringBuilder text, String what) {
    char quote = sql.charAt(start);
    int i = start + 1;
    while (true) {
      if (i >= sql.length()) {
        throw new AuroraException(ErrorCode.SYNTAX_ERROR, "Unterminated " + what, null, start + 1);
      }
      char d = sql.charAt(i++);
      if (d != quote) {
        text.append(d);
      } else if (i < sql.length() && sql.charAt(i) == quote) {
        text.append(quote);
        i++;
      } else {
        return i;
      }
    }
  }

  @Nullable String peekKeyword() {
    return peekKeyword(0);
  }

  @Nullable String peekKeyword(int ahead) {
    int index = next + ahead;
    if (index >= tokens.size() || tokens.get(index).kind() != Kind.WORD) {
      return null;
    }
    return tokens.get(index).text().toUpperCase(Locale.ROOT);
  }

  /** The 1-based position of the next token in the statement, or just past its end. */
  int position() {
    return next < tokens.size() ? tokens.get(next).position() + 1 : sql.length() + 1;
  }

  boolean isAtEnd() {
    return next >= tokens.size();
  }

  String nextKeyword() {
    String keyword = peekKeyword();
    if (keyword == null) {
      throw error("Expected a keyword", position());
    }
    next++;
    return keyword;
  }

  boolean acceptKeyword(String keyword) {
    if (keyword.equals(peekKeyword())) {
      next++;
      return true;
    }
    return false;
  }

  void expectKeyword(String keyword) {
    if (!acceptKeyword(keyword)) {
      throw error("Expected " + keyword, position());
    }
  }

  boolean peekSymbol(String symbol) {
    return next < tokens.size()
        && tokens.get(next).kind() == Kind.SYMBOL
        && tokens.get(next).text().equals(symbol);
  }

  boolean acceptSymbol(String symbol) {
    if (peekSymbol(symbol)) {
      next++;
      return true;
    }
    return false;
  }

  void expectSymbol(String symbol) {
    if (!acceptSymbol(symbol)) {
      throw error("Expected \"" + symbol + "\"", position());
    }
  }

  /** An identifier, folded to lower case unless it was double-quoted. */
  String nextIdentifier() {
    if (next >= tokens.size()) {
      throw error("Expected a name", position());
    }
    Token token = tokens.get(next);
    if (token.kind() == Kind.WORD) {
      next++;
      return token.text().toLowerCase(Locale.ROOT);
    }
    if (token.kind() == Kind.QUOTED) {
      next++;
      return token.text();
    }
    throw error("Expected a name", position());
  }

  /** The next token as {@link #nextIdentifier} would return it, without consuming it; or null. */
  @Nullable String peekIdentifier() {
    if (next >= tokens.size()) {
      return null;
    }
    Token token = tokens.get(next);
    return switch (token.kind()) {
      case WORD -> token.text().toLowerCase(Locale.ROOT);
      case QUOTED -> token.text();
      case STRING, NUMBER, SYMBOL -> null;
    };
  }

  /**
   * The source text of an expression: the tokens from here up to, not including, the first {@code
   * ,} or {@code )} outside parentheses, or (with {@code stopKeyword}) that keyword outside
   * parentheses, or the end. Fails when the expression is empty or its parentheses do not match.
   */
  String nextExpressionText(@Nullable String stopKeyword) {
    int start = next;
    int depth = 0;
    while (next < tokens.size()) {
      Token token = tokens.get(next);
      if (token.kind() == Kind.SYMBOL) {
        if (token.text().equals("(")) {
          depth++;
        } else if (token.text().equals(")")) {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (token.text().equals(",") && depth == 0) {
          break;
        }
      } else if (token.kind() == Kind.WORD
          && depth == 0
          && stopKeyword != null
          && token.text().equalsIgnoreCase(stopKeyword)) {
        break;
      }
      next++;
    }
    if (next == start) {
      throw error("Expected an expression", position());
    }
    if (depth != 0) {
      throw error("Unbalanced parentheses", tokens.get(start).position());
    }
    int end = next < tokens.size() ? tokens.get(next).position() : sql.length();
    return sql.substring(tokens.get(start).position(), end).strip();
  }

  /**
   * The statement's text from the next token to its end, without a final {@code ;}, and consumes it
   * all: the query of CREATE VIEW, which Calcite parses.
   */
  String remainingText() {
    if (next >= tokens.size()) {
      return "";
    }
    String text = sql.substring(tokens.get(next).position()).strip();
    next = tokens.size();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }

  /** A string literal's text. */
  String nextString() {
    if (next >= tokens.size() || tokens.get(next).kind() != Kind.STRING) {
      throw error("Expected a string literal", position());
    }
    return tokens.get(next++).text();
  }

  /**
   * An option value: a string literal, a number (with a fraction: {@code 0.5}) or a bare word, as
   * written.
   */
  String nextValue() {
    if (next >= tokens.size()) {
      throw error("Expected a value", position());
    }
    Token token = tokens.get(next);
    switch (token.kind()) {
      case STRING, WORD -> {
        next++;
        return token.text();
      }
      case NUMBER -> {
        next++;
        if (next + 1 < tokens.size()
            && tokens.get(next).kind() == Kind.SYMBOL
            && tokens.get(next).text().equals(".")
            && tokens.get(next + 1).kind() == Kind.NUMBER) {
          String fraction = tokens.get(next + 1).text();
          next += 2;
          return token.text() + "." + fraction;
        }
        return token.text();
      }
      default -> throw error("Expected a value", position());
    }
  }

  int nextInteger() {
    int position = position();
    if (next >= tokens.size() || tokens.get(next).kind() != Kind.NUMBER) {
      throw error("Expected a number", position);
    }
    try {
      return Integer.parseInt(tokens.get(next++).text());
    } catch (NumberFormatException e) {
      throw error("Number is too large", position);
    }
  }

  void expectEnd() {
    if (next < tokens.size()) {
      throw error("Unexpected \"" + tokens.get(next).text() + "\"", position());
    }
  }

  AuroraException error(String message, int position) {
    String near =
        next < tokens.size()
            ? " at or near \"" + tokens.get(Math.min(next, tokens.size() - 1)).text() + "\""
            : " at end of input";
    return new AuroraException(ErrorCode.SYNTAX_ERROR, message + near, null, position);
  }
}
