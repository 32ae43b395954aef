package io.aurora.sql.expression;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text input and output of values, as PostgreSQL prints and parses them.
 *
 * <p>Floating point output follows PostgreSQL 12 and later with the default {@code
 * extra_float_digits = 1}: the shortest digits that read back as the same value (taken from {@link
 * Double#toString}), printed in fixed notation when the decimal exponent is at least -4 and below
 * 15 (6 for REAL), else as {@code 1.5e+20} with at least two exponent digits. Special values print
 * as {@code NaN}, {@code Infinity} and {@code -Infinity}.
 *
 * <p>The parse methods are public for the server's COPY and the Kafka pipelines, which read values
 * as casts from text do, and the date and timestamp formats for pipelines that stage values as
 * text; the parse methods fail with INVALID_TEXT_REPRESENTATION (22P02) or
 * NUMERIC_VALUE_OUT_OF_RANGE (22003).
 */
public final class TextFormats {
  /** A zone at the end of a timestamp's time: {@code +02}, {@code -05:30}, {@code +0530}. */
  private static final Pattern ZONE = Pattern.compile("\\s*[+-]\\d{1,2}(:?\\d{2})?$");

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private TextFormats() {}

  static AuroraException invalidInput(String typeName, String input) {
    return new AuroraException(
        ErrorCode.INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type " + typeName + ": \"" + input + "\"");
  }

  public static String typeName(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "boolean";
      case SMALLINT -> "smallint";
      case INTEGER -> "integer";
      case BIGINT -> "bigint";
      case REAL -> "real";
      case DOUBLE -> "double precision";
      case DECIMAL -> "numeric";
      case VARCHAR -> "text";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp";
    };
  }

  static String formatDouble(double value) {
    return formatFloating(value, Double.toString(Math.abs(value)), 15);
  }

  static String formatReal(float value) {
    return formatFloating(value, Float.toString(Math.abs(value)), 6);
  }

  private static String formatFloating(double value, String javaString, int fixedLimit) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    int exponentAt = javaString.indexOf('E');
    String mantissa = exponentAt < 0 ? javaString : javaString.substring(0, exponentAt);
    int exponent = exponentAt < 0 ? 0 : Integer.parseInt(javaString.substring(exponentAt + 1));
    int point = mantissa.indexOf('.');
    String digits = mantissa.substring(0, point) + mantissa.substring(point + 1);
    int decimalExponent = exponent + point - 1;
    int start = 0;
    while (start < digits.length() - 1 && digits.charAt(start) == '0') {
      start++;
      decimalExponent--;
    }
    int end = digits.length();
    while (end > start + 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(start, end);
    StringBuilder out = new StringBuilder(24);
    if (value < 0) {
      out.append('-');
    }
    if (decimalExponent < -4 || decimalExponent >= fixedLimit) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(decimalExponent < 0 ? '-' : '+');
      int magnitude = Math.abs(decimalExponent);
      if (magnitude < 10) {
        out.append('0');
      }
      out.append(magnitude);
    } else if (decimalExponent < 0) {
      out.append("0.");
      for (int i = -1; i > decimalExponent; i--) {
        out.append('0');
      }
      out.append(digits);
    } else if (digits.length() <= decimalExponent + 1) {
      out.append(digits);
      for (int i = digits.length(); i <= decimalExponent; i++) {
        out.append('0');
      }
    } else {
      out.append(digits, 0, decimalExponent + 1)
          .append('.')
          .append(digits, decimalExponent + 1, digits.length());
    }
    return out.toString();
  }

  /** An unscaled decimal with its scale, as PostgreSQL prints numeric: {@code 1.50}. */
  static String formatDecimal(long unscaled, int scale) {
    if (scale == 0) {
      return Long.toString(unscaled);
    }
    String digits = Long.toString(Math.abs(unscaled));
    StringBuilder out = new StringBuilder(digits.length() + 3);
    if (unscaled < 0) {
      out.append('-');
    }
    if (digits.length() <= scale) {
      out.append("0.");
      for (int i = digits.length(); i < scale; i++) {
        out.append('0');
      }
      out.append(digits);
    } else {
      out.append(digits, 0, digits.length() - scale)
          .append('.')
          .append(digits, digits.length() - scale, digits.length());
    }
    return out.toString();
  }

  /** {@code 2024-01-02}, the text of a DATE of {@code days} since the epoch. */
  public static String formatDate(int days) {
    return LocalDate.ofEpochDay(days).toString();
  }

  /** {@code 2024-01-02 03:04:05.5}: fractional seconds without trailing zeros, as PostgreSQL. */
  public static String formatTimestamp(long micros) {
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long microOfDay = Math.floorMod(micros, MICROS_PER_DAY);
    StringBuilder out = new StringBuilder(26);
    out.append(LocalDate.ofEpochDay(days)).append(' ');
    appendTime(out, microOfDay);
    return out.toString();
  }

  /**
   * {@code hh:mm:ss[.ffffff]} for a non-negative time in microseconds, the fraction without
   * trailing zeros; hours may exceed 23.
   */
  static void appendTime(StringBuilder out, long micros) {
    long seconds = micros / MICROS_PER_SECOND;
    int fraction = (int) (micros % MICROS_PER_SECOND);
    appendTwoDigits(out, seconds / 3600);
    out.append(':');
    appendTwoDigits(out, seconds / 60 % 60);
    out.append(':');
    appendTwoDigits(out, seconds % 60);
    if (fraction != 0) {
      String digits = Integer.toString(fraction + 1_000_000).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(digits, 0, end);
    }
  }

  private static void appendTwoDigits(StringBuilder out, long value) {
    if (value < 10) {
      out.append('0');
    }
    out.append(value);
  }

  public static long parseLong(String text, DataType type) {
    String trimmed = text.strip();
    int length = trimmed.length();
    int i = 0;
    boolean negative = false;
    if (length > 0 && (trimmed.charAt(0) == '-' || trimmed.charAt(0) == '+')) {
      negative = trimmed.charAt(0) == '-';
      i = 1;
    }
    if (i == length) {
      throw invalidInput(typeName(type), text);
    }
    long value = 0;
    for (; i < length; i++) {
      char c = trimmed.charAt(i);
      if (c < '0' || c > '9') {
        throw invalidInput(typeName(type), text);
      }
      value = value * 10 - (c - '0');
      if (value > 0) {
        throw outOfRange(text, type);
      }
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        throw outOfRange(text, type);
      }
      value = -value;
    }
    return value;
  }

  public static AuroraException outOfRange(String text, DataType type) {
    return new AuroraException(
        ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        "value \"" + text + "\" is out of range for type " + typeName(type));
  }

  public static double parseDouble(String text, DataType type) {
    String trimmed = text.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "nan":
        return Double.NaN;
      case "infinity", "+infinity", "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-infinity", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (trimmed.isEmpty() || !isNumeric(trimmed)) {
      throw invalidInput(typeName(type), text);
    }
    double value;
    try {
      value = Double.parseDouble(trimmed);
    } catch (NumberFormatException e) {
      throw invalidInput(typeName(type), text); // the right characters in a wrong order: 1-2
    }
    if (Double.isInfinite(value)) {
      throw outOfRange(text, type);
    }
    return value;
  }

  private static boolean isNumeric(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
        return false;
      }
    }
    return true;
  }

  public static BigDecimal parseDecimal(String text, DataType type) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || !isNumeric(trimmed)) {
      throw invalidInput(typeName(type), text);
    }
    try {
      return new BigDecimal(trimmed);
    } catch (NumberFormatException e) {
      throw invalidInput(typeName(type), text);
    }
  }

  /**
   * The unscaled value of a DECIMAL(p, s) read from text: rounded half away from zero to the scale,
   * failing with 22003 when it has more than p digits.
   */
  public static long parseDecimalUnscaled(String text, DataType type) {
    return decimalUnscaled(parseDecimal(text, type), type);
  }

  /**
   * The unscaled value of {@code value} as a DECIMAL(p, s), as {@link #parseDecimalUnscaled} rounds
   * and checks it; a huge exponent ({@code 1e1000000000}) fails or rounds to zero without its
   * digits being built.
   */
  public static long decimalUnscaled(BigDecimal value, DataType type) {
    if (value.signum() != 0 && (long) value.precision() - value.scale() > type.precision()) {
      throw outOfRange(value.toString(), type);
    }
    if ((long) value.scale() - value.precision() > type.scale() + 1L) {
      return 0; // below half a unit of the scale
    }
    return Decimals.checkPrecision(Decimals.fromBigDecimal(value, type.scale()), type.precision());
  }

  public static boolean parseBoolean(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (!value.isEmpty()) {
      if (value.equals("1") || "true".startsWith(value) || "yes".startsWith(value)) {
        return true;
      }
      if (value.equals("0") || "false".startsWith(value) || "no".startsWith(value)) {
        return false;
      }
      if (value.equals("on")) {
        return true;
      }
      if (value.length() >= 2 && "off".startsWith(value)) {
        return false;
      }
    }
    throw invalidInput("boolean", text);
  }

  public static int parseDate(String text) {
    if (text.length() == 10 && isIsoDate(text)) {
      // The common form, read without substrings: yyyy-mm-dd.
      try {
        return Math.toIntExact(isoDate(text).toEpochDay());
      } catch (RuntimeException e) {
        throw invalidInput("date", text);
      }
    }
    String trimmed = text.strip();
    try {
      int end = dateEnd(trimmed);
      return Math.toIntExact(parseLocalDate(trimmed.substring(0, end)).toEpochDay());
    } catch (RuntimeException e) {
      throw invalidInput("date", text);
    }
  }

  public static long parseTimestamp(String text) {
    long fast = isoTimestamp(text);
    return fast != NOT_ISO ? fast : parseTimestampGeneral(text);
  }

  /** {@link #parseTimestamp} without its fast path for the common form (for tests). */
  static long parseTimestampGeneral(String text) {
    String trimmed = text.strip();
    try {
      int end = dateEnd(trimmed);
      LocalDate date = parseLocalDate(trimmed.substring(0, end));
      LocalTime time = LocalTime.MIDNIGHT;
      if (end < trimmed.length()) {
        time = LocalTime.parse(withoutZone(trimmed.substring(end + 1).strip()));
      }
      return epochMicros(LocalDateTime.of(date, time));
    } catch (RuntimeException e) {
      throw invalidInput("timestamp", text);
    }
  }

  private static final long NOT_ISO = Long.MIN_VALUE;

  /**
   * The timestamp of the form COPY files, CSV exports and most clients send, {@code yyyy-mm-dd
   * hh:mm:ss[.f{1,6}]} (or with {@code T}), read digit by digit; {@link #NOT_ISO} for any other
   * text, which the general path reads. Bulk loads parse millions of these, and the general path's
   * regular expression and {@code java.time} parser cost more than the rest of a row.
   */
  private static long isoTimestamp(String text) {
    int length = text.length();
    if (length < 19
        || length == 20
        || length > 26
        || !isIsoDate(text)
        || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || !isDigits(text, 11, 13)
        || !isDigits(text, 14, 16)
        || !isDigits(text, 17, 19)
        || (length > 19 && (text.charAt(19) != '.' || !isDigits(text, 20, length)))) {
      return NOT_ISO;
    }
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    if (hour > 23 || minute > 59 || second > 59) {
      return NOT_ISO; // the general path reports it
    }
    long micros = 0;
    if (length > 19) {
      micros = digits(text, 20, length);
      for (int scale = length - 20; scale < 6; scale++) {
        micros *= 10;
      }
    }
    LocalDate date;
    try {
      date = isoDate(text);
    } catch (RuntimeException e) {
      return NOT_ISO;
    }
    return (date.toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second) * MICROS_PER_SECOND
        + micros;
  }

  /** Whether the text starts with {@code yyyy-mm-dd} (digits and dashes only). */
  private static boolean isIsoDate(String text) {
    return text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && isDigits(text, 0, 4)
        && isDigits(text, 5, 7)
        && isDigits(text, 8, 10);
  }

  /** The date of a text that {@link #isIsoDate}; fails as {@link LocalDate#of} does. */
  private static LocalDate isoDate(String text) {
    return LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
  }

  private static boolean isDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  /**
   * Microseconds since the epoch of a date and time read from text, with nanoseconds rounded half
   * to even as PostgreSQL rounds fractional seconds it cannot store.
   */
  static long epochMicros(LocalDateTime dateTime) {
    return dateTime.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND
        + (long) Math.rint(dateTime.getNano() / 1000.0);
  }

  /**
   * The time without a trailing zone ({@code Z}, {@code +02}, {@code -05:30}), which a timestamp
   * without time zone ignores, as PostgreSQL's input does: pgjdbc sends {@code setTimestamp} values
   * with one.
   */
  private static String withoutZone(String time) {
    int length = time.length();
    if (length > 0 && (time.charAt(length - 1) == 'Z' || time.charAt(length - 1) == 'z')) {
      return time.substring(0, length - 1).strip();
    }
    Matcher zone = ZONE.matcher(time);
    return zone.find() ? time.substring(0, zone.start()).strip() : time;
  }

  private static int dateEnd(String text) {
    int space = text.indexOf(' ');
    int t = text.indexOf('T');
    if (space < 0) {
      return t < 0 ? text.length() : t;
    }
    return t < 0 ? space : Math.min(space, t);
  }

  private static LocalDate parseLocalDate(String text) {
    int first = text.indexOf('-', 1);
    int second = text.indexOf('-', first + 1);
    if (first < 0 || second < 0) {
      throw new IllegalArgumentException(text);
    }
    return LocalDate.of(
        Integer.parseInt(text.substring(0, first)),
        Integer.parseInt(text.substring(first + 1, second)),
        Integer.parseInt(text.substring(second + 1)));
  }
}
