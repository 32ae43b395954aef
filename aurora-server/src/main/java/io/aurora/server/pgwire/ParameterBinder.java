package io.aurora.server.pgwire;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parameter values of the extended query protocol: as text for a query the engine plans once
 * ({@link #text}), or, for statements it does not plan ahead (INSERT, DDL, system tables),
 * substituted for each {@code $n} (outside literals, quoted identifiers and comments) as a SQL
 * literal of the parameter's declared type. Values are parsed before they are rendered, so a value
 * can never change the statement's structure: numbers must parse as numbers, and strings are quoted
 * with their quotes doubled ({@code standard_conforming_strings} is on).
 *
 * <p>Typed values are cast to their type ({@code CAST(5 AS BIGINT)}) so that a statement planned
 * with NULL parameters (for Describe) has the same result types as when it runs. Parameters of
 * unspecified type (OID 0) and text types become string literals.
 *
 * <p>The gRPC API binds its typed parameters with {@link #substitute} and {@link #quote} too.
 */
public final class ParameterBinder {
  private ParameterBinder() {}

  /** The highest {@code $n} in the text, or 0. */
  public static int parameterCount(String sql) {
    int count = 0;
    int i = 0;
    while (i < sql.length()) {
      int end = StatementSplitter.skipQuotedOrComment(sql, i);
      if (end > i) {
        i = end;
        continue;
      }
      int parameterEnd = parameterEnd(sql, i);
      if (parameterEnd > i) {
        count = Math.max(count, Integer.parseInt(sql.substring(i + 1, parameterEnd)));
        i = parameterEnd;
      } else {
        i++;
      }
    }
    return count;
  }

  /** The text with every {@code $n} replaced by {@code literals[n - 1]}. */
  public static String substitute(String sql, List<String> literals) {
    StringBuilder bound = new StringBuilder(sql.length() + 16 * literals.size());
    int i = 0;
    while (i < sql.length()) {
      int end = StatementSplitter.skipQuotedOrComment(sql, i);
      if (end > i) {
        bound.append(sql, i, end);
        i = end;
        continue;
      }
      int parameterEnd = parameterEnd(sql, i);
      if (parameterEnd > i) {
        int index = Integer.parseInt(sql.substring(i + 1, parameterEnd));
        if (index < 1 || index > literals.size()) {
          throw new PgSessionException(
              "42P02", "Parameter[$" + index + "] has no value: " + literals.size() + " bound");
        }
        // Spaces keep a negative literal from joining a preceding minus into a comment.
        bound.append(' ').append(literals.get(index - 1)).append(' ');
        i = parameterEnd;
      } else {
        bound.append(sql.charAt(i));
        i++;
      }
    }
    return bound.toString();
  }

  /** The SQL literal of a parameter value in the given format (0 text, 1 binary). */
  static String literal(int oid, short format, byte @Nullable [] value) {
    if (value == null) {
      String type = sqlType(oid);
      return type == null ? "NULL" : "CAST(NULL AS " + type + ")";
    }
    try {
      return format == BackendMessages.BINARY ? binaryLiteral(oid, value) : textLiteral(oid, value);
    } catch (NumberFormatException | DateTimeParseException | IndexOutOfBoundsException e) {
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION,
          "Parameter value of type[" + oid + "] is invalid",
          e);
    }
  }

  /** A text value's literal: checked and normalized by {@link #typedText}, then rendered. */
  private static String textLiteral(int oid, byte[] value) {
    String text = typedText(oid, value);
    return switch (oid) {
      case PgTypes.BOOL -> Boolean.parseBoolean(text) ? "TRUE" : "FALSE";
      case PgTypes.INT2 -> "CAST(" + text + " AS SMALLINT)";
      case PgTypes.INT4 -> "CAST(" + text + " AS INTEGER)";
      case PgTypes.INT8 -> "CAST(" + text + " AS BIGINT)";
      case PgTypes.FLOAT4 -> floatLiteral(Double.parseDouble(text), "REAL");
      case PgTypes.FLOAT8 -> floatLiteral(Double.parseDouble(text), "DOUBLE");
      case PgTypes.NUMERIC -> text;
      case PgTypes.DATE -> "DATE '" + text + "'";
      case PgTypes.TIMESTAMP -> "TIMESTAMP '" + text + "'";
      default -> quote(text);
    };
  }

  /** A binary value's literal: decoded to its text, then read as a text value of the type. */
  private static String binaryLiteral(int oid, byte[] value) {
    return textLiteral(oid, binaryText(oid, value).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The text of a parameter value for a prepared query, in PostgreSQL's input format for its type
   * (null for NULL). Values of declared types are checked here, as {@link #literal} checks them, so
   * a bad value fails at Bind with SQLSTATE 22P02; text of open types is checked when it is cast to
   * the type the planner inferred.
   */
  static @Nullable String text(int oid, short format, byte @Nullable [] value) {
    if (value == null) {
      return null;
    }
    try {
      return format == BackendMessages.BINARY ? binaryText(oid, value) : typedText(oid, value);
    } catch (NumberFormatException | DateTimeParseException | IndexOutOfBoundsException e) {
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION,
          "Parameter value of type[" + oid + "] is invalid",
          e);
    }
  }

  private static String typedText(int oid, byte[] value) {
    String raw = new String(value, StandardCharsets.UTF_8);
    String text = raw.strip();
    return switch (oid) {
      case PgTypes.BOOL -> String.valueOf(parseBoolean(text));
      case PgTypes.INT2 -> String.valueOf(Short.parseShort(text));
      case PgTypes.INT4 -> String.valueOf(Integer.parseInt(text));
      case PgTypes.INT8 -> String.valueOf(Long.parseLong(text));
      case PgTypes.FLOAT4, PgTypes.FLOAT8 -> String.valueOf(Double.parseDouble(text));
      case PgTypes.NUMERIC -> new BigDecimal(text).toPlainString();
      case PgTypes.DATE -> LocalDate.parse(firstWord(text)).toString();
      case PgTypes.TIMESTAMP -> timestampText(text);
      default -> checkNoNul(raw);
    };
  }

  private static String binaryText(int oid, byte[] value) {
    ByteBuf in = Unpooled.wrappedBuffer(value);
    String text =
        switch (oid) {
          case PgTypes.BOOL -> String.valueOf(in.readByte() != 0);
          case PgTypes.INT2 -> String.valueOf(in.readShort());
          case PgTypes.INT4 -> String.valueOf(in.readInt());
          case PgTypes.INT8 -> String.valueOf(in.readLong());
          case PgTypes.FLOAT4 -> String.valueOf(in.readFloat());
          case PgTypes.FLOAT8 -> String.valueOf(in.readDouble());
          case PgTypes.NUMERIC -> PgTypes.readNumeric(in).toPlainString();
          case PgTypes.DATE -> PgTypes.dateFromBinary(in.readInt()).toString();
          case PgTypes.TIMESTAMP ->
              PgTypes.formatTimestamp(PgTypes.epochMicrosFromBinary(in.readLong()));
          case PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.UNKNOWN, 0, 1042 -> {
            String string = in.toString(StandardCharsets.UTF_8);
            in.skipBytes(in.readableBytes());
            yield checkNoNul(string);
          }
          default ->
              throw new AuroraException(
                  ErrorCode.FEATURE_NOT_SUPPORTED,
                  "Binary parameters of type[" + oid + "] are not supported");
        };
    if (in.isReadable()) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Binary parameter of type[" + oid + "] has length[" + value.length + "]");
    }
    return text;
  }

  private static String checkNoNul(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "String parameter contains a NUL character");
    }
    return value;
  }

  /**
   * The type a prepared query gives a parameter declared with this OID: null for text and
   * unspecified types (the planner infers them from where they stand; PostgreSQL does too), and for
   * numeric, whose precision the planner infers. Throws IllegalArgumentException for a type a
   * prepared query does not take (the statement then binds values into its text).
   */
  static @Nullable DataType declaredType(int oid) {
    return switch (oid) {
      case PgTypes.BOOL -> DataType.BOOLEAN;
      case PgTypes.INT2 -> DataType.SMALLINT;
      case PgTypes.INT4 -> DataType.INTEGER;
      case PgTypes.INT8 -> DataType.BIGINT;
      case PgTypes.FLOAT4 -> DataType.REAL;
      case PgTypes.FLOAT8 -> DataType.DOUBLE;
      case PgTypes.DATE -> DataType.DATE;
      case PgTypes.TIMESTAMP -> DataType.TIMESTAMP;
      case PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.UNKNOWN, PgTypes.NUMERIC, 0, 1042 -> null;
      default -> throw new IllegalArgumentException("parameter type " + oid);
    };
  }

  /** The SQL type a parameter of this OID is cast to, or null for text and unknown types. */
  static @Nullable String sqlType(int oid) {
    return switch (oid) {
      case PgTypes.BOOL -> "BOOLEAN";
      case PgTypes.INT2 -> "SMALLINT";
      case PgTypes.INT4 -> "INTEGER";
      case PgTypes.INT8 -> "BIGINT";
      case PgTypes.FLOAT4 -> "REAL";
      case PgTypes.FLOAT8 -> "DOUBLE";
      case PgTypes.DATE -> "DATE";
      case PgTypes.TIMESTAMP -> "TIMESTAMP";
      case PgTypes.TEXT, PgTypes.VARCHAR -> "VARCHAR";
      default -> null;
    };
  }

  private static String floatLiteral(double value, String type) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "CAST('" + PgTypes.formatDouble(value) + "' AS " + type + ")";
    }
    String text = Double.toString(value);
    // An exponent makes Calcite read an approximate (DOUBLE) literal, not a DECIMAL.
    return "CAST(" + (text.contains("E") ? text : text + "E0") + " AS " + type + ")";
  }

  private static boolean parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "t", "true", "yes", "y", "on", "1" -> true;
      case "f", "false", "no", "n", "off", "0" -> false;
      default -> throw new NumberFormatException("not a boolean");
    };
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.f]} without a time zone suffix such as pgjdbc's {@code +00}. */
  private static String timestampText(String text) {
    String value = text.replace('T', ' ');
    int zone = value.indexOf('+', 10);
    if (zone < 0) {
      zone = value.indexOf('-', 10);
    }
    if (zone > 0) {
      value = value.substring(0, zone).strip();
    }
    if (!value.matches("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?")) {
      throw new NumberFormatException("not a timestamp");
    }
    return value;
  }

  public static String quote(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "String parameter contains a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }

  private static int parameterEnd(String sql, int i) {
    if (sql.charAt(i) != '$' || (i > 0 && StatementSplitter.isIdentifierPart(sql.charAt(i - 1)))) {
      return i;
    }
    int end = i + 1;
    while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
      end++;
    }
    return end > i + 1 && end - i <= 6 ? end : i;
  }
}
