package io.aurora.server.pgwire.copy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses the COPY statements Aurora answers itself, before the SQL engine sees a statement:
 *
 * <pre>
 * COPY table [(column, ...)] FROM { STDIN | 'file' } [[WITH] (option [value], ...) | legacy]
 * COPY { table [(column, ...)] | (query) } TO STDOUT [[WITH] (option [value], ...) | legacy]
 *
 * option: FORMAT {text | csv}, HEADER [boolean], DELIMITER 'c', NULL 's', QUOTE 'c', ESCAPE 'c',
 *         ENCODING 'UTF8'
 * legacy (PostgreSQL before 9.0, and what psql's \copy passes on):
 *         [CSV] [HEADER] [DELIMITER [AS] 'c'] [NULL [AS] 's'] [QUOTE [AS] 'c'] [ESCAPE [AS] 'c']
 * </pre>
 *
 * Errors are SYNTAX_ERROR (42601) with the 1-based position of the offending token, or
 * FEATURE_NOT_SUPPORTED (0A000) for PostgreSQL features Aurora lacks (binary format, FORCE_*, COPY
 * TO a server file).
 */
public final class CopyStatementParser {
  private final String sql;
  private int index;

  private CopyStatementParser(String sql) {
    this.sql = sql;
  }

  /** The statement when {@code sql} is a COPY statement, else null; fails on a malformed COPY. */
  public static @Nullable CopyStatement tryParse(String sql) {
    CopyStatementParser parser = new CopyStatementParser(sql);
    parser.skipSpace();
    if (!parser.isKeyword("COPY")) {
      return null;
    }
    return parser.parse();
  }

  private CopyStatement parse() {
    expectKeyword("COPY");
    String table = null;
    String query = null;
    List<String> columns = List.of();
    if (peek() == '(') {
      query = parenthesizedQuery();
    } else {
      table = tableName();
      if (peek() == '(') {
        columns = columnList();
      }
    }
    boolean isFrom;
    String file = null;
    int directionPosition = skipSpaceAndMark();
    if (isKeyword("FROM")) {
      expectKeyword("FROM");
      isFrom = true;
      if (query != null) {
        throw syntaxError("COPY FROM needs a table, not a query", directionPosition);
      }
      if (peek() == '\'') {
        file = string();
      } else if (!acceptKeyword("STDIN")) {
        throw syntaxError("Expected STDIN or a file name after FROM", index);
      }
    } else if (isKeyword("TO")) {
      expectKeyword("TO");
      isFrom = false;
      if (peek() == '\'') {
        throw new AuroraException(
            ErrorCode.FEATURE_NOT_SUPPORTED,
            "COPY TO a server file is not supported; use COPY TO STDOUT",
            null,
            index + 1);
      }
      if (!acceptKeyword("STDOUT")) {
        throw syntaxError("Expected STDOUT after TO", index);
      }
    } else {
      throw syntaxError("Expected FROM or TO", index);
    }
    CopyOptions options = options();
    skipSpace();
    while (index < sql.length() && sql.charAt(index) == ';') {
      index++;
      skipSpace();
    }
    if (index < sql.length()) {
      throw syntaxError("Unexpected text after the COPY options", index);
    }
    return new CopyStatement(table, columns, query, isFrom, file, options);
  }

  private CopyOptions options() {
    acceptKeyword("WITH");
    OptionValues values = new OptionValues();
    if (peek() == '(') {
      index++;
      do {
        option(values);
      } while (accept(','));
      expect(')');
    } else {
      while (peek() != '\0' && peek() != ';') {
        legacyOption(values);
      }
    }
    return values.build();
  }

  private void option(OptionValues values) {
    int position = skipSpaceAndMark();
    String name = word().toUpperCase(Locale.ROOT);
    switch (name) {
      case "FORMAT" -> {
        int valuePosition = skipSpaceAndMark();
        String format = peek() == '\'' ? string() : word();
        values.format(format, valuePosition, position);
      }
      case "HEADER" -> values.header(optionalBoolean(), position);
      case "DELIMITER" -> values.delimiter(string(), position);
      case "NULL" -> values.nullString(string(), position);
      case "QUOTE" -> values.quote(string(), position);
      case "ESCAPE" -> values.escape(string(), position);
      case "ENCODING" -> encoding(string(), position);
      case "FREEZE", "FORCE_QUOTE", "FORCE_NOT_NULL", "FORCE_NULL", "ON_ERROR", "DEFAULT" ->
          throw notSupported("COPY option[" + name.toLowerCase(Locale.ROOT) + "]", position);
      default ->
          throw syntaxError(
              "COPY option[" + name.toLowerCase(Locale.ROOT) + "] is not recognized", position);
    }
  }

  private void legacyOption(OptionValues values) {
    int position = skipSpaceAndMark();
    String name = word().toUpperCase(Locale.ROOT);
    switch (name) {
      case "CSV" -> values.format("csv", position, position);
      case "HEADER" -> values.header(true, position);
      case "DELIMITER" -> values.delimiter(legacyString(), position);
      case "NULL" -> values.nullString(legacyString(), position);
      case "QUOTE" -> values.quote(legacyString(), position);
      case "ESCAPE" -> values.escape(legacyString(), position);
      case "ENCODING" -> encoding(legacyString(), position);
      case "BINARY" -> throw notSupported("COPY in binary format", position);
      case "FORCE", "FREEZE", "OIDS" ->
          throw notSupported("COPY option[" + name.toLowerCase(Locale.ROOT) + "]", position);
      default ->
          throw syntaxError(
              "COPY option[" + name.toLowerCase(Locale.ROOT) + "] is not recognized", position);
    }
  }

  private String legacyString() {
    acceptKeyword("AS");
    return string();
  }

  private boolean optionalBoolean() {
    int position = skipSpaceAndMark();
    char next = peek();
    if (next == ',' || next == ')') {
      return true;
    }
    String value = next == '\'' ? string() : word();
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "on", "1" -> true;
      case "false", "off", "0" -> false;
      case "match" -> throw notSupported("HEADER MATCH", position);
      default -> throw syntaxError("HEADER needs a Boolean value, not[" + value + "]", position);
    };
  }

  private void encoding(String value, int position) {
    String normalized = value.replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
    if (!normalized.equals("UTF8")) {
      throw notSupported("COPY encoding[" + value + "]", position);
    }
  }

  private String tableName() {
    int position = skipSpaceAndMark();
    String name = identifier();
    if (accept('.')) {
      String table = identifier();
      if (!name.equals("public")) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_TABLE,
            "Table[" + name + "." + table + "] does not exist",
            null,
            position + 1);
      }
      return table;
    }
    return name;
  }

  private List<String> columnList() {
    expect('(');
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    do {
      int position = skipSpaceAndMark();
      String column = identifier();
      if (!seen.add(column)) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_COLUMN,
            "Column[" + column + "] is listed more than once",
            null,
            position + 1);
      }
      columns.add(column);
    } while (accept(','));
    expect(')');
    return columns;
  }

  /** The text between the parentheses after COPY, skipping quoted text and comments. */
  private String parenthesizedQuery() {
    expect('(');
    int start = index;
    int depth = 1;
    while (index < sql.length()) {
      char c = sql.charAt(index);
      if (c == '\'' || c == '"') {
        int end = sql.indexOf(c, index + 1);
        while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
          end = sql.indexOf(c, end + 2);
        }
        if (end < 0) {
          throw syntaxError("Quoted text is not terminated", index);
        }
        index = end + 1;
      } else if (sql.startsWith("--", index)) {
        int end = sql.indexOf('\n', index);
        index = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", index)) {
        int end = sql.indexOf("*/", index + 2);
        if (end < 0) {
          throw syntaxError("Comment is not terminated", index);
        }
        index = end + 2;
      } else {
        if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          String query = sql.substring(start, index).strip();
          index++;
          if (query.isEmpty()) {
            throw syntaxError("COPY needs a query between the parentheses", start);
          }
          return query;
        }
        index++;
      }
    }
    throw syntaxError("Missing ')' after the COPY query", start - 1);
  }

  private String identifier() {
    skipSpace();
    if (peek() == '"') {
      int start = index;
      StringBuilder name = new StringBuilder();
      index++;
      while (true) {
        if (index >= sql.length()) {
          throw syntaxError("Quoted identifier is not terminated", start);
        }
        char c = sql.charAt(index++);
        if (c == '"') {
          if (peek() != '"') {
            break;
          }
          index++;
        }
        name.append(c);
      }
      if (name.isEmpty()) {
        throw syntaxError("Identifier is empty", start);
      }
      return name.toString();
    }
    return word().toLowerCase(Locale.ROOT);
  }

  /** A bare word: a keyword, an unquoted identifier or a number. */
  private String word() {
    skipSpace();
    int start = index;
    while (index < sql.length()
        && (Character.isLetterOrDigit(sql.charAt(index))
            || sql.charAt(index) == '_'
            || sql.charAt(index) == '$')) {
      index++;
    }
    if (index == start) {
      throw syntaxError(index < sql.length() ? "Unexpected text" : "Unexpected end", start);
    }
    return sql.substring(start, index);
  }

  /** A string literal, {@code 'it''s'} or {@code E'\t'}. */
  private String string() {
    skipSpace();
    int start = index;
    boolean isEscaped = false;
    if ((peek() == 'E' || peek() == 'e')
        && index + 1 < sql.length()
        && sql.charAt(index + 1) == '\'') {
      isEscaped = true;
      index++;
    }
    if (peek() != '\'') {
      throw syntaxError("Expected a quoted string", start);
    }
    index++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (index >= sql.length()) {
        throw syntaxError("String is not terminated", start);
      }
      char c = sql.charAt(index++);
      if (c == '\'') {
        if (peek() != '\'') {
          return value.toString();
        }
        index++;
      } else if (isEscaped && c == '\\' && index < sql.length()) {
        c = unescape(sql.charAt(index++));
      }
      value.append(c);
    }
  }

  private static char unescape(char c) {
    return switch (c) {
      case 't' -> '\t';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 'b' -> '\b';
      case 'f' -> '\f';
      default -> c;
    };
  }

  private boolean isKeyword(String keyword) {
    skipSpace();
    int end = index + keyword.length();
    return sql.regionMatches(true, index, keyword, 0, keyword.length())
        && (end == sql.length()
            || !(Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'));
  }

  private boolean acceptKeyword(String keyword) {
    if (isKeyword(keyword)) {
      index += keyword.length();
      return true;
    }
    return false;
  }

  private void expectKeyword(String keyword) {
    if (!acceptKeyword(keyword)) {
      throw syntaxError("Expected " + keyword, index);
    }
  }

  private boolean accept(char c) {
    if (peek() == c) {
      index++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!accept(c)) {
      throw syntaxError("Expected '" + c + "'", index);
    }
  }

  /** The next character after white space, or NUL at the end. */
  private char peek() {
    skipSpace();
    return index < sql.length() ? sql.charAt(index) : '\0';
  }

  private int skipSpaceAndMark() {
    skipSpace();
    return index;
  }

  private void skipSpace() {
    while (index < sql.length()) {
      if (Character.isWhitespace(sql.charAt(index))) {
        index++;
      } else if (sql.startsWith("--", index)) {
        int end = sql.indexOf('\n', index);
        index = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", index)) {
        int end = sql.indexOf("*/", index + 2);
        index = end < 0 ? sql.length() : end + 2;
      } else {
        return;
      }
    }
  }

  private static AuroraException syntaxError(String message, int position) {
    return new AuroraException(ErrorCode.SYNTAX_ERROR, message, null, position + 1);
  }

  private static AuroraException notSupported(String what, int position) {
    return new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, what + " is not supported", null, position + 1);
  }

  /** The options as written, each at most once, checked and defaulted by {@link #build()}. */
  private static final class OptionValues {
    private CopyOptions.@Nullable Format format;
    private @Nullable Boolean hasHeader;
    private @Nullable String delimiter;
    private @Nullable String nullString;
    private @Nullable String quote;
    private @Nullable String escape;
    private int delimiterPosition;
    private int quotePosition;
    private int escapePosition;
    private int nullPosition;

    void format(String value, int valuePosition, int position) {
      checkUnset(format, position);
      format =
          switch (value.toLowerCase(Locale.ROOT)) {
            case "text" -> CopyOptions.Format.TEXT;
            case "csv" -> CopyOptions.Format.CSV;
            case "binary" -> throw notSupported("COPY in binary format", valuePosition);
            default ->
                throw syntaxError("COPY format[" + value + "] is not recognized", valuePosition);
          };
    }

    void header(boolean value, int position) {
      checkUnset(hasHeader, position);
      hasHeader = value;
    }

    void delimiter(String value, int position) {
      checkUnset(delimiter, position);
      delimiter = value;
      delimiterPosition = position;
    }

    void nullString(String value, int position) {
      checkUnset(nullString, position);
      nullString = value;
      nullPosition = position;
    }

    void quote(String value, int position) {
      checkUnset(quote, position);
      quote = value;
      quotePosition = position;
    }

    void escape(String value, int position) {
      checkUnset(escape, position);
      escape = value;
      escapePosition = position;
    }

    CopyOptions build() {
      CopyOptions defaults = format == CopyOptions.Format.CSV ? CopyOptions.CSV : CopyOptions.TEXT;
      boolean isCsv = defaults.isCsv();
      if (!isCsv && quote != null) {
        throw notSupported("QUOTE outside CSV format", quotePosition);
      }
      if (!isCsv && escape != null) {
        throw notSupported("ESCAPE outside CSV format", escapePosition);
      }
      char delimiterChar =
          delimiter == null
              ? defaults.delimiter()
              : oneByte(delimiter, "delimiter", delimiterPosition);
      if (delimiterChar == '\r' || delimiterChar == '\n') {
        throw syntaxError("COPY delimiter cannot be newline or carriage return", delimiterPosition);
      }
      if (!isCsv && delimiterChar == '\\') {
        throw syntaxError("COPY delimiter cannot be a backslash in text format", delimiterPosition);
      }
      char quoteChar = quote == null ? defaults.quote() : oneByte(quote, "quote", quotePosition);
      char escapeChar = escape == null ? quoteChar : oneByte(escape, "escape", escapePosition);
      if (isCsv && delimiterChar == quoteChar) {
        throw syntaxError("COPY delimiter and quote must be different", delimiterPosition);
      }
      String nullText = nullString == null ? defaults.nullString() : nullString;
      if (nullText.indexOf('\r') >= 0 || nullText.indexOf('\n') >= 0) {
        throw syntaxError(
            "COPY null representation cannot use newline or carriage return", nullPosition);
      }
      if (nullText.indexOf(delimiterChar) >= 0) {
        throw syntaxError("COPY delimiter must not appear in the NULL specification", nullPosition);
      }
      return new CopyOptions(
          defaults.format(),
          hasHeader != null && hasHeader,
          delimiterChar,
          nullText,
          quoteChar,
          escapeChar);
    }

    private static char oneByte(String value, String what, int position) {
      if (value.getBytes(StandardCharsets.UTF_8).length != 1) {
        throw syntaxError("COPY " + what + " must be a single one-byte character", position);
      }
      return value.charAt(0);
    }

    private static void checkUnset(@Nullable Object value, int position) {
      if (value != null) {
        throw syntaxError("Conflicting or redundant COPY options", position);
      }
    }
  }
}
