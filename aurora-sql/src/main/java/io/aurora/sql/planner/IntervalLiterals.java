package io.aurora.sql.planner;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * PostgreSQL's interval input ({@code '30 days'}, {@code '1 day 2 hours'}, {@code '1h30m'}, {@code
 * '-1 week'}, {@code '2 hours ago'}, {@code '1 day 02:30:00'}, {@code 'P1DT2H'}) read into months
 * and microseconds, and written as the SQL-standard literals Calcite parses ({@code INTERVAL '30'
 * DAY}). Aurora's intervals are one of two kinds, as Calcite's: months (years and months), or
 * microseconds (days and times; a day is always 24 hours, since Aurora computes in UTC).
 *
 * <p>As in PostgreSQL, days are read apart from times: {@code '36 hours'} becomes an {@code
 * INTERVAL HOUR} and prints as {@code 36:00:00}, {@code '1 day 12 hours'} the sum of an {@code
 * INTERVAL DAY} and an {@code INTERVAL HOUR}, whose type ({@code DAY TO HOUR}) prints as {@code 1
 * day 12:00:00}. Aurora keeps one number of microseconds per value, so the type decides how it
 * prints: an interval whose type starts at days shows whole days as days ({@code '1 day 36 hours'}
 * prints as {@code 2 days 12:00:00}, where PostgreSQL keeps {@code 1 day 36:00:00}).
 *
 * <p>Units and their abbreviations are PostgreSQL's. Fractions carry down as PostgreSQL's do: a
 * fractional year to whole months, a fractional month to 30-day days, a fractional week or day to
 * microseconds. A number without a unit is seconds, or a time {@code hh:mm[:ss[.ffffff]]}.
 */
public final class IntervalLiterals {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
  private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  private IntervalLiterals() {}

  /** An interval as PostgreSQL keeps one: months, days and microseconds. */
  record Interval(long months, long days, long micros) {
    /** The days and time as microseconds, a day being 24 hours. */
    long totalMicros() {
      return Math.addExact(Math.multiplyExact(days, MICROS_PER_DAY), micros);
    }
  }

  /**
   * The SQL-standard literal for PostgreSQL interval text, or for an interval of both kinds (such
   * as {@code '1 month 2 days'}) the two literals joined by {@code operator}, which must then be
   * the {@code +} or {@code -} that applies the interval to a date or timestamp.
   *
   * @throws AuroraException 22007 when the text is not an interval; 0A000 for an interval of both
   *     kinds where {@code operator} is null
   */
  static String literal(String text, @Nullable String operator) {
    Interval interval = parse(text);
    if (interval.months() != 0 && interval.totalMicros() != 0) {
      if (operator == null) {
        throw new AuroraException(
            ErrorCode.FEATURE_NOT_SUPPORTED,
            "Interval['"
                + text
                + "'] has both months and days or times, which Aurora supports only added to or"
                + " subtracted from a date or timestamp",
            null,
            "Write it as two intervals, such as INTERVAL '1 month' + INTERVAL '2 days'",
            null,
            0);
      }
      return monthLiteral(interval.months()) + " " + operator + " " + microLiteral(interval);
    }
    return interval.months() != 0 ? monthLiteral(interval.months()) : microLiteral(interval);
  }

  private static String monthLiteral(long months) {
    return months % 12 == 0
        ? "INTERVAL '" + months / 12 + "' YEAR(9)"
        : "INTERVAL '" + months + "' MONTH(9)";
  }

  /**
   * Days as an {@code INTERVAL DAY}, times as an {@code INTERVAL HOUR}, {@code MINUTE} or {@code
   * SECOND}, and an interval of both as their sum in parentheses.
   */
  private static String microLiteral(Interval interval) {
    long days = interval.days();
    long micros = interval.micros();
    if (micros == 0) {
      return "INTERVAL '" + days + "' DAY(9)";
    }
    if (days == 0) {
      return timeLiteral(micros);
    }
    return "(INTERVAL '" + days + "' DAY(9) + " + timeLiteral(micros) + ")";
  }

  private static String timeLiteral(long micros) {
    if (micros % MICROS_PER_HOUR == 0) {
      return "INTERVAL '" + micros / MICROS_PER_HOUR + "' HOUR(9)";
    }
    if (micros % MICROS_PER_MINUTE == 0) {
      return "INTERVAL '" + micros / MICROS_PER_MINUTE + "' MINUTE(9)";
    }
    String seconds = BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    return "INTERVAL '" + seconds + "' SECOND(9, 6)";
  }

  /**
   * The length of PostgreSQL interval text of days and times ({@code '30 days'}, {@code '12h'}) in
   * microseconds, for settings such as a table's retention.
   *
   * @throws AuroraException 22007 when the text is not an interval; 22023 when it has months or
   *     years (whose length varies) or is not positive
   */
  public static long positiveDurationMicros(String text, String setting) {
    Interval interval = parse(text);
    if (interval.months() != 0) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          setting + "['" + text + "'] has months or years, whose length varies: give days");
    }
    long micros = interval.totalMicros();
    if (micros <= 0) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, setting + "['" + text + "'] must be positive");
    }
    return micros;
  }

  /** Reads PostgreSQL interval text. */
  static Interval parse(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (lower.startsWith("p")) {
        return parseIso(lower);
      }
      return parsePostgres(lower);
    } catch (ArithmeticException | IllegalArgumentException e) {
      throw invalid(text);
    }
  }

  private static AuroraException invalid(String text) {
    return new AuroraException(
        ErrorCode.INVALID_DATETIME_FORMAT,
        "Invalid input syntax for type interval: \"" + text + "\"");
  }

  private static Interval parsePostgres(String text) {
    Accumulated sum = new Accumulated();
    int i = 0;
    int length = text.length();
    boolean isAgo = false;
    boolean hasField = false;
    while (true) {
      i = skipSeparators(text, i);
      if (i >= length) {
        break;
      }
      if (text.startsWith("ago", i) && skipSeparators(text, i + 3) == length && hasField) {
        isAgo = true;
        break;
      }
      int signStart = i;
      boolean isNegative = false;
      if (text.charAt(i) == '+' || text.charAt(i) == '-') {
        isNegative = text.charAt(i) == '-';
        i++;
      }
      int numberEnd = numberEnd(text, i);
      if (numberEnd == i) {
        throw new IllegalArgumentException(text);
      }
      if (numberEnd < length && text.charAt(numberEnd) == ':') {
        int timeEnd = timeEnd(text, numberEnd);
        long micros = time(text.substring(i, timeEnd));
        sum.micros = Math.addExact(sum.micros, isNegative ? -micros : micros);
        i = timeEnd;
        hasField = true;
        continue;
      }
      BigDecimal quantity = new BigDecimal(text.substring(signStart, numberEnd));
      int unitStart = skipSpaces(text, numberEnd);
      int unitEnd = unitStart;
      while (unitEnd < length && Character.isLetter(text.charAt(unitEnd))) {
        unitEnd++;
      }
      String unit = text.substring(unitStart, unitEnd);
      if (unit.isEmpty() || unit.equals("ago")) {
        sum.add(quantity, "second");
        i = numberEnd;
      } else {
        sum.add(quantity, unit);
        i = unitEnd;
      }
      hasField = true;
    }
    if (!hasField) {
      throw new IllegalArgumentException(text);
    }
    return isAgo
        ? new Interval(
            Math.negateExact(sum.months), Math.negateExact(sum.days), Math.negateExact(sum.micros))
        : new Interval(sum.months, sum.days, sum.micros);
  }

  /** ISO 8601's format with designators, {@code P1Y2M3W4DT5H6M7.5S}. */
  private static Interval parseIso(String text) {
    Accumulated sum = new Accumulated();
    boolean isTime = false;
    int i = 1;
    int length = text.length();
    if (length == 1) {
      throw new IllegalArgumentException(text);
    }
    while (i < length) {
      if (text.charAt(i) == 't') {
        isTime = true;
        i++;
        continue;
      }
      int start = i;
      if (text.charAt(i) == '-') {
        i++;
      }
      int numberEnd = numberEnd(text, i);
      if (numberEnd == i || numberEnd >= length) {
        throw new IllegalArgumentException(text);
      }
      BigDecimal quantity = new BigDecimal(text.substring(start, numberEnd));
      String unit =
          switch (text.charAt(numberEnd)) {
            case 'y' -> "year";
            case 'm' -> isTime ? "minute" : "month";
            case 'w' -> "week";
            case 'd' -> "day";
            case 'h' -> "hour";
            case 's' -> "second";
            default -> throw new IllegalArgumentException(text);
          };
      sum.add(quantity, unit);
      i = numberEnd + 1;
    }
    return new Interval(sum.months, sum.days, sum.micros);
  }

  /** Months, days and microseconds summed over an interval's fields. */
  private static final class Accumulated {
    long months;
    long days;
    long micros;

    void add(BigDecimal quantity, String unit) {
      switch (unit) {
        case "microsecond", "microseconds", "usec", "usecs", "us", "usecond", "useconds" ->
            addMicros(quantity, 1);
        case "millisecond", "milliseconds", "msec", "msecs", "ms", "msecond", "mseconds" ->
            addMicros(quantity, 1_000);
        case "second", "seconds", "sec", "secs", "s" -> addMicros(quantity, MICROS_PER_SECOND);
        case "minute", "minutes", "min", "mins", "m" -> addMicros(quantity, MICROS_PER_MINUTE);
        case "hour", "hours", "hr", "hrs", "h" -> addMicros(quantity, MICROS_PER_HOUR);
        case "day", "days", "d" -> addDays(quantity, 1);
        case "week", "weeks", "w" -> addDays(quantity, 7);
        case "month", "months", "mon", "mons" -> {
          BigDecimal whole = quantity.setScale(0, RoundingMode.DOWN);
          months = Math.addExact(months, whole.longValueExact());
          addDays(quantity.subtract(whole), 30);
        }
        case "year", "years", "yr", "yrs", "y" -> addMonths(quantity, 12);
        case "decade", "decades", "dec", "decs" -> addMonths(quantity, 120);
        case "century", "centuries", "cent", "c" -> addMonths(quantity, 1_200);
        case "millennium", "millennia", "mil", "mils" -> addMonths(quantity, 12_000);
        default -> throw new IllegalArgumentException(unit);
      }
    }

    private void addMonths(BigDecimal quantity, long monthsPerUnit) {
      BigDecimal value = quantity.multiply(BigDecimal.valueOf(monthsPerUnit));
      months = Math.addExact(months, value.setScale(0, RoundingMode.DOWN).longValueExact());
    }

    /** Whole days to the days, a fraction of a day to the microseconds (as PostgreSQL does). */
    private void addDays(BigDecimal quantity, long daysPerUnit) {
      BigDecimal value = quantity.multiply(BigDecimal.valueOf(daysPerUnit));
      BigDecimal whole = value.setScale(0, RoundingMode.DOWN);
      days = Math.addExact(days, whole.longValueExact());
      addMicros(value.subtract(whole), MICROS_PER_DAY);
    }

    private void addMicros(BigDecimal quantity, long microsPerUnit) {
      BigDecimal value = quantity.multiply(BigDecimal.valueOf(microsPerUnit));
      micros = Math.addExact(micros, value.setScale(0, RoundingMode.HALF_EVEN).longValueExact());
    }
  }

  /** {@code hh:mm[:ss[.ffffff]]} as microseconds. */
  private static long time(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length > 3) {
      throw new IllegalArgumentException(text);
    }
    long hours = Long.parseLong(parts[0]);
    long minutes = Long.parseLong(parts[1]);
    BigDecimal seconds = parts.length == 3 ? new BigDecimal(parts[2]) : BigDecimal.ZERO;
    if (minutes > 59 || seconds.compareTo(BigDecimal.valueOf(60)) >= 0) {
      throw new IllegalArgumentException(text);
    }
    long secondMicros =
        seconds.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    return Math.addExact(
        Math.addExact(
            Math.multiplyExact(hours, MICROS_PER_HOUR),
            Math.multiplyExact(minutes, MICROS_PER_MINUTE)),
        secondMicros);
  }

  private static int numberEnd(String text, int start) {
    int i = start;
    while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
      i++;
    }
    return i;
  }

  private static int timeEnd(String text, int start) {
    int i = start;
    while (i < text.length()
        && (Character.isDigit(text.charAt(i)) || text.charAt(i) == ':' || text.charAt(i) == '.')) {
      i++;
    }
    return i;
  }

  private static int skipSpaces(String text, int start) {
    int i = start;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipSeparators(String text, int start) {
    int i = start;
    while (i < text.length()
        && (Character.isWhitespace(text.charAt(i))
            || text.charAt(i) == ','
            || text.charAt(i) == '@')) {
      i++;
    }
    return i;
  }
}
