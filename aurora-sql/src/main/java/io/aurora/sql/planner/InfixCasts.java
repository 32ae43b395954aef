package io.aurora.sql.planner;

import static io.aurora.sql.planner.SqlText.isWordChar;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites PostgreSQL's {@code value::type} into {@code CAST(value AS type)} before Calcite parses
 * a statement. Calcite's Babel parser accepts {@code ::} but binds it to everything on its left
 * within the expression ({@code b > 1 AND a::text} casts {@code b > 1 AND a}), while PostgreSQL
 * binds it tightest, to the single operand before it: an identifier (possibly qualified), a
 * literal, a parenthesized expression or a function call, optionally negated by nothing else.
 *
 * <p>The rewrite leaves string literals, quoted identifiers and comments untouched. The type after
 * {@code ::} is one or more words ({@code double precision}, {@code timestamp with time zone}) with
 * an optional parenthesized modifier ({@code numeric(10, 2)}) and {@code []} suffixes.
 */
final class InfixCasts {
  private static final String[] MULTI_WORD_TYPES = {
    "double precision",
    "character varying",
    "timestamp with time zone",
    "timestamp without time zone",
    "time with time zone",
    "time without time zone"
  };

  /**
   * PostgreSQL's names for types that Calcite knows by another name, and the types of its system
   * catalogs, which Aurora stores as the closest type it has ({@code oid} as INTEGER, {@code name}
   * and {@code "char"} as VARCHAR).
   */
  private static final Map<String, String> TYPE_NAMES =
      Map.ofEntries(
          Map.entry("int2", "SMALLINT"),
          Map.entry("int4", "INTEGER"),
          Map.entry("int8", "BIGINT"),
          Map.entry("float4", "REAL"),
          Map.entry("float8", "DOUBLE"),
          Map.entry("bool", "BOOLEAN"),
          Map.entry("text", "VARCHAR"),
          Map.entry("json", "VARCHAR"),
          Map.entry("jsonb", "VARCHAR"),
          Map.entry("name", "VARCHAR"),
          Map.entry("char", "VARCHAR"),
          Map.entry("oid", "INTEGER"),
          Map.entry("timestamptz", "TIMESTAMP"),
          Map.entry("timestamp with time zone", "TIMESTAMP"),
          Map.entry("timestamp without time zone", "TIMESTAMP"));

  /**
   * The object identifier types: {@code 'events'::regclass} is the oid of table {@code events} and
   * {@code c.oid::regclass} prints as the table's name. They become calls of the functions of the
   * same name ({@link AuroraOperatorTable#REGCLASS}), which the planner resolves against the
   * catalog.
   */
  private static final Set<String> OBJECT_IDENTIFIER_TYPES =
      Set.of("regclass", "regtype", "regnamespace", "regproc", "regprocedure", "regrole");

  private InfixCasts() {}

  private static String cast(String operand, String type) {
    String unqualified =
        type.toLowerCase(Locale.ROOT).startsWith("pg_catalog.")
            ? type.substring("pg_catalog.".length())
            : type;
    String name = unqualified.toLowerCase(Locale.ROOT);
    if (name.length() > 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.endsWith("[]")) {
      // Aurora has no array type; the system tables hold arrays as text.
      return "CAST(" + operand + " AS VARCHAR)";
    }
    if (name.equals("interval")
        && operand.length() >= 2
        && operand.startsWith("'")
        && operand.endsWith("'")) {
      return IntervalLiterals.literal(
          operand.substring(1, operand.length() - 1).replace("''", "'"), null);
    }
    if (OBJECT_IDENTIFIER_TYPES.contains(name)) {
      return name + "(" + operand + ")";
    }
    String calciteName = TYPE_NAMES.get(name);
    return "CAST(" + operand + " AS " + (calciteName == null ? unqualified : calciteName) + ")";
  }

  static String rewrite(String sql) {
    if (!sql.contains("::")) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int i = 0;
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      int inertEnd = SqlText.inertEnd(sql, i);
      if (inertEnd > i) {
        out.append(sql, i, inertEnd);
        i = inertEnd;
      } else if (c == ':' && i + 1 < length && sql.charAt(i + 1) == ':') {
        int operandStart = operandStart(out);
        int typeEnd = typeEnd(sql, i + 2);
        String type = sql.substring(i + 2, typeEnd).trim();
        if (operandStart < 0 || type.isEmpty()) {
          out.append("::");
          i += 2;
          continue;
        }
        String operand = out.substring(operandStart);
        out.setLength(operandStart);
        out.append(cast(operand.trim(), type));
        i = typeEnd;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Where the operand ending at the end of {@code text} starts, or -1 when there is none. */
  private static int operandStart(StringBuilder text) {
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return -1;
    }
    int i = end - 1;
    char last = text.charAt(i);
    if (last == ')') {
      int depth = 0;
      for (; i >= 0; i--) {
        char c = text.charAt(i);
        if (c == ')') {
          depth++;
        } else if (c == '(') {
          depth--;
          if (depth == 0) {
            break;
          }
        } else if (c == '\'' || c == '"') {
          i = quotedStart(text, i, c);
        }
      }
      if (i < 0) {
        return -1;
      }
      int start = i;
      while (start > 0 && isWordChar(text.charAt(start - 1))) {
        start--;
      }
      return qualifiedStart(text, start);
    }
    if (last == '\'' || last == '"') {
      int start = quotedStart(text, i, last);
      return start < 0 ? -1 : qualifiedStart(text, start);
    }
    if (isWordChar(last)) {
      int start = i;
      while (start > 0 && (isWordChar(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
        start--;
      }
      return start;
    }
    return -1;
  }

  /** The start of a quoted token ending at {@code end}, scanning backwards over doubled quotes. */
  private static int quotedStart(CharSequence text, int end, char quote) {
    int i = end - 1;
    while (i >= 0) {
      if (text.charAt(i) == quote) {
        if (i > 0 && text.charAt(i - 1) == quote) {
          i -= 2;
          continue;
        }
        return i;
      }
      i--;
    }
    return -1;
  }

  /** Extends a token start over a preceding {@code schema.} or {@code alias.} qualifier. */
  private static int qualifiedStart(CharSequence text, int start) {
    int i = start;
    while (i > 1 && text.charAt(i - 1) == '.' && isWordChar(text.charAt(i - 2))) {
      i -= 2;
      while (i > 0 && isWordChar(text.charAt(i - 1))) {
        i--;
      }
    }
    return i;
  }

  private static int typeEnd(String sql, int start) {
    int i = start;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    String rest = sql.substring(i).toLowerCase(Locale.ROOT);
    int end = i;
    boolean isMultiWord = false;
    for (String type : MULTI_WORD_TYPES) {
      if (rest.startsWith(type)
          && (rest.length() == type.length() || !isWordChar(rest.charAt(type.length())))) {
        end = i + type.length();
        isMultiWord = true;
        break;
      }
    }
    if (!isMultiWord) {
      if (i < sql.length() && sql.charAt(i) == '"') {
        end = SqlText.skipQuoted(sql, i, '"');
      } else {
        while (end < sql.length() && (isWordChar(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
      }
    }
    int after = end;
    while (after < sql.length() && Character.isWhitespace(sql.charAt(after))) {
      after++;
    }
    if (after < sql.length() && sql.charAt(after) == '(') {
      int close = sql.indexOf(')', after);
      if (close > 0) {
        end = close + 1;
      }
    }
    while (end + 1 < sql.length() && sql.charAt(end) == '[' && sql.charAt(end + 1) == ']') {
      end += 2;
    }
    return end;
  }
}
