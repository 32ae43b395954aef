package io.aurora.sql.planner;

import static io.aurora.sql.planner.SqlText.isWordChar;
import static io.aurora.sql.planner.SqlText.isWordStart;
import static io.aurora.sql.planner.SqlText.skipSpace;
import static io.aurora.sql.planner.SqlText.wordEnd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Rewrites PostgreSQL syntax that Calcite's Babel parser does not accept into equivalent syntax it
 * does, before {@link InfixCasts} and the parser see a statement. psql and the drivers' metadata
 * queries use all of it:
 *
 * <ul>
 *   <li>{@code a OPERATOR(pg_catalog.~) b} becomes {@code a ~ b}: the operator named with its
 *       schema is the same operator.
 *   <li>{@code COLLATE name} (for example {@code COLLATE pg_catalog.default}) is dropped: Aurora
 *       compares strings by code point, which is PostgreSQL's {@code C} collation, whatever the
 *       clause asks for.
 *   <li>{@code pg_catalog.f(...)}, a function called with its schema, becomes {@code f(...)}: every
 *       function Aurora has is a {@code pg_catalog} function. A table named with its schema ({@code
 *       pg_catalog.pg_class}) is left alone.
 *   <li>{@code column[i]}, an array subscript, becomes {@code array_element(column, i)}: the system
 *       tables hold their (always empty) arrays as text, which Calcite does not subscript.
 *   <li>{@code FROM generate_series(...) s} becomes {@code FROM generate_series(...) s(s)}: as in
 *       PostgreSQL, a function returning scalars, aliased in FROM, has one column of the alias's
 *       name.
 *   <li>{@code INTERVAL '1 day 2 hours'}, PostgreSQL's interval text, becomes the SQL-standard
 *       literal Calcite parses ({@link IntervalLiterals}), and so does {@code CAST('1 day' AS
 *       INTERVAL)}; {@code INTERVAL '1' DAY} stays as it is.
 *   <li>{@code a -> 'k'} and {@code a ->> 'k'}, PostgreSQL's JSON operators, become {@code
 *       json_extract_path(a, 'k')} and {@code json_extract_path_text(a, 'k')} ({@link
 *       #jsonOperators}); Aurora keeps JSON as text.
 *   <li>{@code ARRAY(SELECT x FROM ...)} becomes a scalar subquery aggregating {@code x} into an
 *       array's text ({@link #arrayOfQuery}): Aurora keeps arrays as text, as the system tables
 *       show them. psql's {@code \du} and {@code \dp} use it.
 *   <li>{@code FROM unnest(array) x} becomes an empty relation with one column {@code x}: the only
 *       arrays Aurora has are the system tables' (ACLs, options, role lists), and they are always
 *       empty. psql's {@code \d+} unnests one. The exception is {@code unnest(current_schemas(b))},
 *       the search path, which becomes its schemas' names.
 *   <li>{@code E'...'}, an escape string, becomes a plain literal with its escapes resolved ({@link
 *       #unescape}).
 *   <li>{@code TIMESTAMP WITH TIME ZONE} and {@code TIMESTAMP WITHOUT TIME ZONE} become {@code
 *       TIMESTAMP}: Aurora keeps timestamps in UTC, and {@code timestamptz} is the same type.
 * </ul>
 *
 * <p>String literals, quoted identifiers and comments are copied unchanged.
 */
final class PostgresSyntax {
  private static final String CATALOG_PREFIX = "pg_catalog.";

  private PostgresSyntax() {}

  static String rewrite(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    if (!lower.contains("operator")
        && !lower.contains("collate")
        && !lower.contains("pg_catalog")
        && !lower.contains("[")
        && !lower.contains("generate_series")
        && !lower.contains("interval")
        && !lower.contains("time zone")
        && !lower.contains("array")
        && !lower.contains("unnest")
        && !lower.contains("generate_subscripts")
        && !lower.contains(" as ")
        && !lower.contains("e'")
        && !lower.contains("->")) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length());
    int length = sql.length();
    int i = 0;
    boolean isAfterPrefix = false;
    while (i < length) {
      char c = sql.charAt(i);
      boolean isWord = isAfterPrefix || isWordStart(sql, i);
      isAfterPrefix = false;
      int inertEnd = SqlText.inertEnd(sql, i);
      if (inertEnd > i) {
        out.append(sql, i, inertEnd);
        i = inertEnd;
      } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '>') {
        int after = jsonOperators(sql, i, out);
        if (after < 0) {
          out.append(c);
          i++;
        } else {
          i = after;
        }
      } else if (isWord) {
        int wordEnd = wordEnd(sql, i);
        String word = lower.substring(i, wordEnd);
        int next = skipSpace(sql, wordEnd);
        if (word.equals("operator") && next < length && sql.charAt(next) == '(') {
          int close = sql.indexOf(')', next);
          if (close > 0) {
            String name = sql.substring(next + 1, close).strip();
            out.append(' ').append(name.substring(name.lastIndexOf('.') + 1)).append(' ');
            i = close + 1;
            continue;
          }
        }
        if (word.equals("e") && wordEnd < length && sql.charAt(wordEnd) == '\'') {
          int literalEnd = SqlText.skipQuoted(sql, wordEnd, '\'');
          out.append(unescape(sql.substring(wordEnd + 1, Math.max(wordEnd + 1, literalEnd - 1))));
          i = literalEnd;
          continue;
        }
        if (word.equals("interval") && next < length && sql.charAt(next) == '\'') {
          int literalEnd = SqlText.skipQuoted(sql, next, '\'');
          int after = skipSpace(sql, literalEnd);
          if (!isIntervalQualifier(lower, after)) {
            String text = sql.substring(next + 1, literalEnd - 1).replace("''", "'");
            out.append(IntervalLiterals.literal(text, appliedOperator(out, sql, after)));
            i = literalEnd;
            continue;
          }
        }
        if (word.equals("cast") && next < length && sql.charAt(next) == '(') {
          int literal = skipSpace(sql, next + 1);
          if (literal < length && sql.charAt(literal) == '\'') {
            int literalEnd = SqlText.skipQuoted(sql, literal, '\'');
            int close = closing(sql, next, '(', ')');
            String target = close < 0 ? "" : lower.substring(literalEnd, close).strip();
            if (target.matches("as\\s+interval")) {
              String text = sql.substring(literal + 1, literalEnd - 1).replace("''", "'");
              out.append('(').append(IntervalLiterals.literal(text, null)).append(')');
              i = close + 1;
              continue;
            }
          }
        }
        if (word.equals("timestamp")) {
          int zoneEnd = timeZoneClauseEnd(lower, next);
          if (zoneEnd > 0) {
            out.append(sql, i, wordEnd);
            i = zoneEnd;
            continue;
          }
        }
        if (word.equals("array") && next < length && sql.charAt(next) == '(') {
          int close = closing(sql, next, '(', ')');
          String aggregated = close < 0 ? null : arrayOfQuery(sql.substring(next + 1, close));
          if (aggregated != null) {
            out.append(aggregated);
            i = close + 1;
            continue;
          }
        }
        if (word.equals("unnest") && next < length && sql.charAt(next) == '(' && isInFrom(out)) {
          int close = closing(sql, next, '(', ')');
          String argument = close < 0 ? "" : lower.substring(next + 1, close).replaceAll("\\s", "");
          if (argument.startsWith("current_schemas(")) {
            // The search path is the one array that is not empty: pgcli reads it this way.
            out.append(
                argument.equals("current_schemas(true)")
                    ? "(VALUES ('pg_catalog'), ('public'))"
                    : "(VALUES ('public'))");
            i = aliasColumn(sql, close + 1, out);
            if (i == close + 1) {
              out.append(" AS \"unnest\"(\"unnest\")");
            }
            continue;
          }
          if (close > 0) {
            out.append(
                "(SELECT CAST(NULL AS VARCHAR) AS \"unnest\" FROM (VALUES (1)) v WHERE FALSE)");
            i = aliasColumn(sql, close + 1, out);
            continue;
          }
        }
        if (word.equals("as") && next < length && isWordStart(sql, next)) {
          int labelEnd = wordEnd(sql, next);
          String label = lower.substring(next, labelEnd);
          // The walk back to the enclosing parenthesis runs only for a label that needs quoting.
          if ((RESERVED_LABELS.contains(label)
                  || STATEMENT_LABELS.contains(label) && isLabelEnd(lower, labelEnd))
              && !isInCast(out)) {
            out.append(sql, i, next).append('"').append(label).append('"');
            i = labelEnd;
            continue;
          }
        }
        if ((word.equals("unnest") || word.equals("generate_subscripts"))
            && next < length
            && sql.charAt(next) == '('
            && !isInFrom(out)) {
          int close = closing(sql, next, '(', ')');
          if (close > 0) {
            // A set-returning function over a system table's array, in a select list: those
            // arrays are always empty and the tables holding them (pg_index) have no rows.
            out.append("CAST(NULL AS INTEGER)");
            i = close + 1;
            continue;
          }
        }
        if (word.equals("collate")) {
          i = skipQualifiedName(sql, next);
          continue;
        }
        if (word.equals("pg_catalog") && lower.startsWith(CATALOG_PREFIX, i)) {
          int nameStart = i + CATALOG_PREFIX.length();
          if (nameStart < length && isWordChar(sql.charAt(nameStart))) {
            int after = skipSpace(sql, wordEnd(sql, nameStart));
            if (after < length && sql.charAt(after) == '(') {
              i = nameStart;
              isAfterPrefix = true;
              continue;
            }
          }
        }
        int nameEnd = qualifiedNameEnd(sql, i);
        if (!word.equals("array") && nameEnd < length && sql.charAt(nameEnd) == '[') {
          int close = closing(sql, nameEnd, '[', ']');
          String index = sql.substring(nameEnd + 1, Math.max(nameEnd + 1, close)).strip();
          if (close > 0 && !index.isEmpty()) {
            out.append("array_element(")
                .append(sql, i, nameEnd)
                .append(", ")
                .append(rewrite(index))
                .append(')');
            i = close + 1;
            continue;
          }
        }
        if (word.equals("generate_series") && next < length && sql.charAt(next) == '(') {
          int close = closing(sql, next, '(', ')');
          if (close > 0) {
            out.append(sql, i, next).append(rewrite(sql.substring(next, close + 1)));
            i = aliasColumn(sql, close + 1, out);
            continue;
          }
        }
        out.append(sql, i, wordEnd);
        i = wordEnd;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The end of {@code with time zone} or {@code without time zone} starting at {@code start}, or
   * -1.
   */
  private static int timeZoneClauseEnd(String lower, int start) {
    for (String clause : new String[] {"with time zone", "without time zone"}) {
      String[] words = clause.split(" ");
      int i = start;
      boolean isMatch = true;
      for (String word : words) {
        if (!lower.startsWith(word, i) || isWordChar(charAt(lower, i + word.length()))) {
          isMatch = false;
          break;
        }
        i = skipSpace(lower, i + word.length());
      }
      if (isMatch) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code ARRAY(SELECT x FROM ...)} as a scalar subquery that aggregates {@code x} into the text
   * of a PostgreSQL array ({@code {a,b}}, {@code {}} for no rows), in the order of the query's
   * ORDER BY; null when {@code query} is not a one-column SELECT.
   */
  static @Nullable String arrayOfQuery(String query) {
    String lower = query.toLowerCase(Locale.ROOT);
    int select = skipSpace(lower, 0);
    if (!lower.startsWith("select", select) || isWordChar(charAt(lower, select + 6))) {
      return null;
    }
    int from = topLevel(lower, select + 6, "from");
    if (from < 0) {
      return null;
    }
    String item = query.substring(select + 6, from).strip();
    if (item.isEmpty() || topLevel(item, 0, ",") >= 0) {
      return null;
    }
    String rest = query.substring(from);
    String order = "";
    int orderBy = topLevel(rest.toLowerCase(Locale.ROOT), 0, "order");
    if (orderBy >= 0) {
      String keys = rest.substring(orderBy + "order".length()).strip();
      if (!keys.toLowerCase(Locale.ROOT).startsWith("by")) {
        return null;
      }
      keys = keys.substring(2).strip();
      order = " ORDER BY " + (keys.equals("1") ? item : keys);
      rest = rest.substring(0, orderBy);
    }
    return "(SELECT '{' || coalesce(string_agg(CAST("
        + rewrite(item)
        + " AS VARCHAR), ','"
        + rewrite(order)
        + "), '') || '}' "
        + rewrite(rest)
        + ")";
  }

  /**
   * PostgreSQL's JSON operators {@code a -> 'k'} and {@code a ->> 'k'} (chained: {@code a -> 'k'
   * ->> 'j'}) at {@code sql[i]}, as {@code json_extract_path(a, 'k', ...)} or {@code
   * json_extract_path_text(a, 'k', ...)} by the last operator: the left operand is taken back out
   * of {@code out} (an identifier or qualified name, a string, a call or a parenthesized
   * expression, with an optional {@code ::type}), each key is a string, a whole number (an array
   * position) or a column. Returns where the statement goes on, or -1 to leave the text alone.
   */
  private static int jsonOperators(String sql, int i, StringBuilder out) {
    int operandEnd = out.length();
    while (operandEnd > 0 && Character.isWhitespace(out.charAt(operandEnd - 1))) {
      operandEnd--;
    }
    int p = operandEnd;
    int typeStart = p;
    while (typeStart > 0 && isWordChar(out.charAt(typeStart - 1))) {
      typeStart--;
    }
    if (typeStart >= 2
        && typeStart < p
        && out.charAt(typeStart - 1) == ':'
        && out.charAt(typeStart - 2) == ':') {
      p = typeStart - 2;
    }
    int start = operandStart(out, p);
    if (start < 0) {
      return -1;
    }
    List<String> keys = new ArrayList<>();
    boolean isText = false;
    int at = i;
    int length = sql.length();
    while (at + 1 < length && sql.charAt(at) == '-' && sql.charAt(at + 1) == '>') {
      isText = at + 2 < length && sql.charAt(at + 2) == '>';
      int keyStart = skipSpace(sql, at + (isText ? 3 : 2));
      int keyEnd;
      if (keyStart < length && sql.charAt(keyStart) == '\'') {
        keyEnd = SqlText.skipQuoted(sql, keyStart, '\'');
        keys.add(sql.substring(keyStart, keyEnd));
      } else if (keyStart < length && Character.isDigit(sql.charAt(keyStart))) {
        keyEnd = keyStart;
        while (keyEnd < length && Character.isDigit(sql.charAt(keyEnd))) {
          keyEnd++;
        }
        keys.add("'" + sql.substring(keyStart, keyEnd) + "'");
      } else if (keyStart < length && isWordStart(sql, keyStart)) {
        keyEnd = qualifiedNameEnd(sql, keyStart);
        keys.add("CAST(" + sql.substring(keyStart, keyEnd) + " AS VARCHAR)");
      } else {
        return -1;
      }
      at = keyEnd;
      int next = skipSpace(sql, at);
      if (next + 1 < length && sql.charAt(next) == '-' && sql.charAt(next + 1) == '>') {
        at = next;
      }
    }
    String operand = out.substring(start, operandEnd);
    out.setLength(start);
    out.append(isText ? "json_extract_path_text(" : "json_extract_path(").append(operand);
    for (String key : keys) {
      out.append(", ").append(key);
    }
    out.append(')');
    return at;
  }

  /** Where the operand that ends at {@code end} of {@code out} starts, or -1. */
  private static int operandStart(StringBuilder out, int end) {
    if (end == 0) {
      return -1;
    }
    char last = out.charAt(end - 1);
    int p = end;
    if (last == ')') {
      int depth = 0;
      while (p > 0) {
        char c = out.charAt(--p);
        if (c == ')') {
          depth++;
        } else if (c == '(' && --depth == 0) {
          break;
        }
      }
      if (depth != 0) {
        return -1;
      }
      while (p > 0 && (isWordChar(out.charAt(p - 1)) || out.charAt(p - 1) == '.')) {
        p--;
      }
      return p;
    }
    if (last == '\'') {
      p--;
      while (p > 0) {
        char c = out.charAt(--p);
        if (c == '\'') {
          if (p > 0 && out.charAt(p - 1) == '\'') {
            p--;
          } else {
            return p;
          }
        }
      }
      return -1;
    }
    if (!isWordChar(last) && last != '"') {
      return -1;
    }
    while (p > 0) {
      char c = out.charAt(p - 1);
      if (c == '"') {
        p--;
        while (p > 0 && out.charAt(p - 1) != '"') {
          p--;
        }
        p--;
      } else if (isWordChar(c) || c == '.') {
        p--;
      } else {
        break;
      }
    }
    return p < 0 ? -1 : p;
  }

  /**
   * PostgreSQL's escape string {@code E'...'} (its text between the quotes) as a plain literal with
   * the escapes resolved ({@link EscapeStrings}): Calcite reads {@code E'...'} as a UTF-16 literal
   * that it cannot concatenate with Aurora's text.
   */
  static String unescape(String body) {
    return "'" + EscapeStrings.resolve(body).replace("'", "''") + "'";
  }

  /**
   * Words Calcite reserves that PostgreSQL accepts as column labels after {@code AS} (SQLAlchemy's
   * reflection names a column {@code AS DEFAULT}): they are quoted, in lower case as PostgreSQL
   * folds them.
   */
  private static final Set<String> RESERVED_LABELS =
      Set.of(
          "default",
          "date",
          "time",
          "timestamp",
          "order",
          "table",
          "row",
          "group",
          "limit",
          "offset",
          "left",
          "right",
          "year",
          "month",
          "day",
          "hour",
          "minute",
          "second",
          "value",
          "user",
          "position",
          "language",
          "end",
          "start",
          "size",
          "key",
          "type");

  /**
   * Statement keywords that PostgreSQL also accepts as column labels (Metabase names privilege
   * columns {@code AS select}, {@code AS update}); they are labels only where a label can end, so
   * that {@code AS SELECT} of a query stays as it is.
   */
  private static final Set<String> STATEMENT_LABELS =
      Set.of("select", "insert", "update", "delete");

  /**
   * Whether a column label can end at {@code end}: before a comma, FROM, a parenthesis or the end.
   */
  private static boolean isLabelEnd(String lower, int end) {
    int next = skipSpace(lower, end);
    return next >= lower.length()
        || lower.charAt(next) == ','
        || lower.charAt(next) == ')'
        || lower.charAt(next) == ';'
        || lower.startsWith("from", next) && !isWordChar(charAt(lower, next + 4));
  }

  /** Whether the text written so far is inside {@code CAST(}, where AS is followed by a type. */
  private static boolean isInCast(StringBuilder out) {
    int depth = 0;
    for (int i = out.length() - 1; i >= 0; i--) {
      char c = out.charAt(i);
      if (c == ')') {
        depth++;
      } else if (c == '(') {
        if (depth == 0) {
          int end = i;
          while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
            end--;
          }
          int start = end;
          while (start > 0 && isWordChar(out.charAt(start - 1))) {
            start--;
          }
          return out.substring(start, end).equalsIgnoreCase("cast");
        }
        depth--;
      }
    }
    return false;
  }

  /**
   * Whether what comes next in the text written so far is a relation of a FROM clause: the nearest
   * clause keyword before it at its parentheses' depth is FROM or JOIN (not SELECT, WHERE, ON...).
   */
  private static boolean isInFrom(StringBuilder out) {
    int depth = 0;
    int i = out.length();
    while (i > 0) {
      char c = out.charAt(i - 1);
      if (c == ')') {
        depth++;
        i--;
      } else if (c == '(') {
        if (depth == 0) {
          return false;
        }
        depth--;
        i--;
      } else if (c == '\'' || c == '"') {
        int open = out.lastIndexOf(String.valueOf(c), i - 2);
        i = open < 0 ? 0 : open;
      } else if (isWordChar(c)) {
        int end = i;
        while (i > 0 && isWordChar(out.charAt(i - 1))) {
          i--;
        }
        if (depth == 0) {
          String word = out.substring(i, end).toLowerCase(Locale.ROOT);
          if (word.equals("from") || word.equals("join")) {
            return true;
          }
          if (FROM_ENDING_WORDS.contains(word)) {
            return false;
          }
        }
      } else {
        i--;
      }
    }
    return false;
  }

  private static final Set<String> FROM_ENDING_WORDS =
      Set.of("select", "where", "on", "group", "order", "having", "limit", "using", "set");

  /**
   * The position of {@code token} outside parentheses and quotes from {@code start}, or -1; a token
   * that is a word matches only as a whole word.
   */
  private static int topLevel(String text, int start, String token) {
    boolean isWord = isWordChar(token.charAt(0));
    int depth = 0;
    for (int i = start; i < text.length(); i++) {
      int inertEnd = SqlText.inertEnd(text, i);
      if (inertEnd > i) {
        i = inertEnd - 1;
        continue;
      }
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0
          && text.startsWith(token, i)
          && (!isWord
              || ((i == 0 || !isWordChar(text.charAt(i - 1)))
                  && !isWordChar(charAt(text, i + token.length()))))) {
        return i;
      }
    }
    return -1;
  }

  private static final Set<String> INTERVAL_FIELDS =
      Set.of(
          "year",
          "month",
          "day",
          "hour",
          "minute",
          "second",
          "quarter",
          "week",
          "millisecond",
          "microsecond",
          "years",
          "months",
          "days",
          "hours",
          "minutes",
          "seconds");

  /** Whether the word at {@code start} is the field of an SQL-standard {@code INTERVAL '1' DAY}. */
  private static boolean isIntervalQualifier(String lower, int start) {
    if (start >= lower.length() || !isWordStart(lower, start)) {
      return false;
    }
    return INTERVAL_FIELDS.contains(lower.substring(start, wordEnd(lower, start)));
  }

  /**
   * The {@code +} or {@code -} that applies an interval literal to what stands before it (the last
   * character written), or null when the literal is not such an operand or something after it
   * ({@code *}, {@code /}, {@code ::}) binds tighter than the operator.
   */
  private static @Nullable String appliedOperator(StringBuilder out, String sql, int after) {
    int end = out.length();
    while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return null;
    }
    char operator = out.charAt(end - 1);
    char next = charAt(sql, after);
    if ((operator != '+' && operator != '-') || next == '*' || next == '/' || next == ':') {
      return null;
    }
    return String.valueOf(operator);
  }

  private static final Set<String> CLAUSE_WORDS =
      Set.of(
          "where",
          "join",
          "on",
          "left",
          "right",
          "inner",
          "cross",
          "full",
          "natural",
          "group",
          "order",
          "limit",
          "union",
          "except",
          "intersect",
          "having",
          "window",
          "offset",
          "fetch",
          "using",
          "lateral",
          "as");

  /**
   * Copies what follows a {@code generate_series(...)} call up to and including its alias, adding
   * the alias as the column name when the alias has no column list; returns where copying stopped.
   */
  private static int aliasColumn(String sql, int start, StringBuilder out) {
    int i = skipSpace(sql, start);
    if (i < sql.length()
        && sql.regionMatches(true, i, "as", 0, 2)
        && !isWordChar(charAt(sql, i + 2))) {
      i = skipSpace(sql, i + 2);
    }
    if (i >= sql.length() || !isWordStart(sql, i)) {
      return start;
    }
    int aliasEnd = wordEnd(sql, i);
    String alias = sql.substring(i, aliasEnd);
    if (CLAUSE_WORDS.contains(alias.toLowerCase(Locale.ROOT))) {
      return start;
    }
    int after = skipSpace(sql, aliasEnd);
    out.append(sql, start, aliasEnd);
    if (after >= sql.length() || sql.charAt(after) != '(') {
      out.append('(').append(alias).append(')');
    }
    return aliasEnd;
  }

  private static char charAt(String sql, int i) {
    return i < sql.length() ? sql.charAt(i) : ' ';
  }

  /** The end of {@code word(.word)*} starting at {@code start}. */
  private static int qualifiedNameEnd(String sql, int start) {
    int i = wordEnd(sql, start);
    while (i + 1 < sql.length() && sql.charAt(i) == '.' && isWordChar(sql.charAt(i + 1))) {
      i = wordEnd(sql, i + 1);
    }
    return i;
  }

  /** The position of the bracket closing the one at {@code open}, or -1. */
  private static int closing(String sql, int open, char opening, char closing) {
    int depth = 0;
    for (int i = open; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        i = SqlText.skipQuoted(sql, i, c) - 1;
      } else if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The end of a possibly qualified, possibly quoted name starting at {@code start}. */
  private static int skipQualifiedName(String sql, int start) {
    int i = start;
    while (i < sql.length()) {
      if (sql.charAt(i) == '"') {
        i = SqlText.skipQuoted(sql, i, '"');
      } else if (isWordChar(sql.charAt(i))) {
        i = wordEnd(sql, i);
      } else {
        return i;
      }
      if (i < sql.length() && sql.charAt(i) == '.') {
        i++;
      } else {
        return i;
      }
    }
    return i;
  }
}
