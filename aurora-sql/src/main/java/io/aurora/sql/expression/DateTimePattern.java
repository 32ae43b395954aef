package io.aurora.sql.expression;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL date/time template pattern, as {@code to_char} and {@code to_timestamp} read it,
 * compiled once: {@code YYYY YYY YY Y IYYY MM DD DDD D ID HH24 HH12 HH MI SS MS US FF1..FF6 SSSS AM
 * PM A.M. P.M. Month Mon Day Dy Q WW IW CC J}, in upper or lower case ({@code Month}, {@code MONTH}
 * and {@code month} set the case of names), the {@code FM} prefix (no padding), the {@code TH} or
 * {@code th} suffix (ordinals such as {@code 1st}), double-quoted text and backslash escapes. Other
 * characters are copied. Names are English, as in PostgreSQL without the {@code TM} prefix.
 *
 * <p>Errors in {@code to_timestamp}'s input raise {@code 22P02}; PostgreSQL's are 22007 and 22008,
 * which Aurora's error table does not have yet.
 */
final class DateTimePattern {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final int JULIAN_DAY_OF_EPOCH = 2_440_588;

  private static final String[] MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December"
  };

  private static final String[] DAYS = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
  };

  enum Field {
    YEAR4("YYYY"),
    ISO_YEAR("IYYY"),
    YEAR3("YYY"),
    YEAR2("YY"),
    YEAR1("Y"),
    HOUR24("HH24"),
    HOUR12("HH12"),
    HOUR("HH"),
    MINUTE("MI"),
    SECOND_OF_DAY("SSSS"),
    SECOND("SS"),
    MILLISECOND("MS"),
    MICROSECOND("US"),
    FRACTION1("FF1"),
    FRACTION2("FF2"),
    FRACTION3("FF3"),
    FRACTION4("FF4"),
    FRACTION5("FF5"),
    FRACTION6("FF6"),
    MERIDIEM_DOTS("A.M."),
    MERIDIEM_DOTS_PM("P.M."),
    MERIDIEM("AM"),
    MERIDIEM_PM("PM"),
    MONTH_NAME("MONTH"),
    MONTH_ABBREVIATION("MON"),
    MONTH("MM"),
    DAY_NAME("DAY"),
    DAY_OF_YEAR("DDD"),
    DAY("DD"),
    DAY_ABBREVIATION("DY"),
    DAY_OF_WEEK("D"),
    ISO_DAY_OF_WEEK("ID"),
    ISO_WEEK("IW"),
    WEEK("WW"),
    QUARTER("Q"),
    CENTURY("CC"),
    JULIAN_DAY("J");

    private final String keyword;

    Field(String keyword) {
      this.keyword = keyword;
    }

    boolean isName() {
      return this == MONTH_NAME
          || this == MONTH_ABBREVIATION
          || this == DAY_NAME
          || this == DAY_ABBREVIATION
          || this == MERIDIEM
          || this == MERIDIEM_PM
          || this == MERIDIEM_DOTS
          || this == MERIDIEM_DOTS_PM;
    }
  }

  /** How a name prints: {@code MONTH}, {@code Month} or {@code month}. */
  enum Case {
    UPPER,
    CAPITALIZED,
    LOWER
  }

  /** One element of the pattern: a field, or literal text when {@code field} is null. */
  static final class Element {
    private final @Nullable Field field;
    private final Case letterCase;
    private final boolean isFillMode;
    private final String text;
    private final byte[] bytes;

    /** The case of a {@code TH} suffix after a number (ordinal: 1st, 2nd), or null. */
    private final @Nullable Case ordinalSuffix;

    Element(
        @Nullable Field field,
        Case letterCase,
        boolean isFillMode,
        String text,
        @Nullable Case ordinalSuffix) {
      this.field = field;
      this.letterCase = letterCase;
      this.isFillMode = isFillMode;
      this.text = text;
      this.bytes = text.getBytes(StandardCharsets.UTF_8);
      this.ordinalSuffix = ordinalSuffix;
    }

    @Nullable Field field() {
      return field;
    }

    Case letterCase() {
      return letterCase;
    }

    boolean isFillMode() {
      return isFillMode;
    }

    String text() {
      return text;
    }
  }

  /** The names by letter case and index, as ASCII bytes, so that formatting does not allocate. */
  private static final byte[][][] MONTH_NAMES = names(MONTHS, 0);

  private static final byte[][][] MONTH_ABBREVIATIONS = names(MONTHS, 3);
  private static final byte[][][] DAY_NAMES = names(DAYS, 0);
  private static final byte[][][] DAY_ABBREVIATIONS = names(DAYS, 3);
  private static final String[] MERIDIEM_TEXTS = {"AM", "PM", "A.M.", "P.M."};
  private static final byte[][][] MERIDIEMS = names(MERIDIEM_TEXTS, 0);

  /** {@code th st nd rd}, by the case of the {@code TH} suffix. */
  private static final byte[][][] ORDINAL_SUFFIXES =
      names(new String[] {"th", "st", "nd", "rd"}, 0);

  private static byte[][][] names(String[] names, int length) {
    byte[][][] table = new byte[Case.values().length][names.length][];
    for (Case letterCase : Case.values()) {
      for (int i = 0; i < names.length; i++) {
        String name = length == 0 ? names[i] : names[i].substring(0, length);
        String text =
            switch (letterCase) {
              case UPPER -> name.toUpperCase(Locale.ROOT);
              case LOWER -> name.toLowerCase(Locale.ROOT);
              case CAPITALIZED -> name;
            };
        table[letterCase.ordinal()][i] = text.getBytes(StandardCharsets.US_ASCII);
      }
    }
    return table;
  }

  private final List<Element> elements;

  private DateTimePattern(List<Element> elements) {
    this.elements = List.copyOf(elements);
  }

  static DateTimePattern compile(String pattern) {
    List<Element> elements = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '"') {
        int end = i + 1;
        while (end < pattern.length() && pattern.charAt(end) != '"') {
          if (pattern.charAt(end) == '\\' && end + 1 < pattern.length()) {
            end++;
          }
          literal.append(pattern.charAt(end));
          end++;
        }
        i = end + 1;
        continue;
      }
      if (c == '\\' && i + 1 < pattern.length()) {
        literal.append(pattern.charAt(i + 1));
        i += 2;
        continue;
      }
      boolean isFillMode = pattern.regionMatches(true, i, "FM", 0, 2);
      int at = isFillMode ? i + 2 : i;
      Field field = match(pattern, at);
      if (field == null) {
        literal.append(isFillMode ? pattern.substring(i, i + 2) : String.valueOf(c));
        i += isFillMode ? 2 : 1;
        continue;
      }
      if (literal.length() > 0) {
        elements.add(new Element(null, Case.UPPER, false, literal.toString(), null));
        literal.setLength(0);
      }
      int end = at + field.keyword.length();
      Case suffix = null;
      if (!field.isName() && pattern.startsWith("TH", end)) {
        suffix = Case.UPPER;
      } else if (!field.isName() && pattern.startsWith("th", end)) {
        suffix = Case.LOWER;
      }
      elements.add(new Element(field, letterCase(pattern, at), isFillMode, "", suffix));
      i = suffix == null ? end : end + 2;
    }
    if (literal.length() > 0) {
      elements.add(new Element(null, Case.UPPER, false, literal.toString(), null));
    }
    return new DateTimePattern(elements);
  }

  private static @Nullable Field match(String pattern, int at) {
    for (Field field : Field.values()) {
      if (pattern.regionMatches(true, at, field.keyword, 0, field.keyword.length())) {
        return field;
      }
    }
    return null;
  }

  private static Case letterCase(String pattern, int at) {
    char first = pattern.charAt(at);
    if (Character.isLowerCase(first)) {
      return Case.LOWER;
    }
    return at + 1 < pattern.length() && Character.isLowerCase(pattern.charAt(at + 1))
        ? Case.CAPITALIZED
        : Case.UPPER;
  }

  /** Writes {@code micros} (a timestamp) formatted by this pattern. */
  void format(long micros, VarcharOutput out) {
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long microOfDay = Math.floorMod(micros, MICROS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(days);
    int hour = (int) (microOfDay / (3600 * MICROS_PER_SECOND));
    int minute = (int) (microOfDay / (60 * MICROS_PER_SECOND) % 60);
    int second = (int) (microOfDay / MICROS_PER_SECOND % 60);
    int fraction = (int) (microOfDay % MICROS_PER_SECOND);
    for (Element element : elements) {
      Field field = element.field();
      if (field == null) {
        out.write(element.bytes, 0, element.bytes.length);
        continue;
      }
      switch (field) {
        case YEAR4 -> number(out, date.getYear(), 4, element);
        case ISO_YEAR -> number(out, date.get(IsoFields.WEEK_BASED_YEAR), 4, element);
        case YEAR3 -> number(out, date.getYear() % 1000, 3, element);
        case YEAR2 -> number(out, date.getYear() % 100, 2, element);
        case YEAR1 -> number(out, date.getYear() % 10, 1, element);
        case HOUR24 -> number(out, hour, 2, element);
        case HOUR12, HOUR -> number(out, hour % 12 == 0 ? 12 : hour % 12, 2, element);
        case MINUTE -> number(out, minute, 2, element);
        case SECOND -> number(out, second, 2, element);
        case SECOND_OF_DAY -> number(out, microOfDay / MICROS_PER_SECOND, 1, element);
        case MILLISECOND -> number(out, fraction / 1000, 3, element);
        case MICROSECOND -> number(out, fraction, 6, element);
        case FRACTION1, FRACTION2, FRACTION3, FRACTION4, FRACTION5, FRACTION6 -> {
          int digits = field.ordinal() - Field.FRACTION1.ordinal() + 1;
          number(out, fraction / (int) Decimals.powerOfTen(6 - digits), digits, element);
        }
        case MERIDIEM, MERIDIEM_PM -> name(out, MERIDIEMS, hour < 12 ? 0 : 1, element, 0);
        case MERIDIEM_DOTS, MERIDIEM_DOTS_PM -> name(out, MERIDIEMS, hour < 12 ? 2 : 3, element, 0);
        case MONTH_NAME -> name(out, MONTH_NAMES, date.getMonthValue() - 1, element, 9);
        case MONTH_ABBREVIATION ->
            name(out, MONTH_ABBREVIATIONS, date.getMonthValue() - 1, element, 0);
        case MONTH -> number(out, date.getMonthValue(), 2, element);
        case DAY_NAME -> name(out, DAY_NAMES, date.getDayOfWeek().getValue() % 7, element, 9);
        case DAY_ABBREVIATION ->
            name(out, DAY_ABBREVIATIONS, date.getDayOfWeek().getValue() % 7, element, 0);
        case DAY_OF_YEAR -> number(out, date.getDayOfYear(), 3, element);
        case DAY -> number(out, date.getDayOfMonth(), 2, element);
        case DAY_OF_WEEK -> number(out, date.getDayOfWeek().getValue() % 7 + 1, 1, element);
        case ISO_DAY_OF_WEEK -> number(out, date.getDayOfWeek().getValue(), 1, element);
        case ISO_WEEK -> number(out, date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, element);
        case WEEK -> number(out, (date.getDayOfYear() - 1) / 7 + 1, 2, element);
        case QUARTER -> number(out, (date.getMonthValue() + 2) / 3, 1, element);
        case CENTURY -> {
          int year = date.getYear();
          number(out, year > 0 ? (year + 99) / 100 : -((99 - year) / 100), 2, element);
        }
        case JULIAN_DAY -> number(out, days + JULIAN_DAY_OF_EPOCH, 1, element);
      }
    }
  }

  private static void number(VarcharOutput out, long value, int width, Element element) {
    writeDigits(out, value, element.isFillMode() ? 0 : width);
    if (element.ordinalSuffix != null) {
      long lastTwo = Math.abs(value) % 100;
      int suffix = lastTwo >= 11 && lastTwo <= 13 || lastTwo % 10 > 3 ? 0 : (int) (lastTwo % 10);
      byte[] text = ORDINAL_SUFFIXES[element.ordinalSuffix.ordinal()][suffix];
      out.write(text, 0, text.length);
    }
  }

  private static void writeDigits(VarcharOutput out, long value, int width) {
    if (value < 0) {
      out.write((byte) '-');
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    for (int i = digits; i < width; i++) {
      out.write((byte) '0');
    }
    out.ensure(digits);
    byte[] buffer = out.buffer();
    int end = out.size() + digits;
    for (int at = end - 1; at >= out.size(); at--) {
      buffer[at] = (byte) ('0' + value % 10);
      value /= 10;
    }
    out.size(end);
  }

  private static void name(
      VarcharOutput out, byte[][][] names, int index, Element element, int width) {
    byte[] name = names[element.letterCase().ordinal()][index];
    out.write(name, 0, name.length);
    for (int i = element.isFillMode() ? width : name.length; i < width; i++) {
      out.write((byte) ' ');
    }
  }

  /**
   * Reads a timestamp from {@code text} by this pattern, as {@code to_timestamp(text, pattern)}:
   * numeric fields take up to their width in digits (all digits in FM or at the end), names match
   * ignoring case, spaces are skipped, and missing fields are the start of their unit (year 1,
   * January, day 1, midnight).
   */
  long parse(String text) {
    int year = 1;
    int month = 1;
    int day = 1;
    int dayOfYear = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    long fraction = 0;
    boolean isPm = false;
    boolean isTwelveHour = false;
    int at = 0;
    for (int e = 0; e < elements.size(); e++) {
      Element element = elements.get(e);
      Field field = element.field();
      if (field == null) {
        for (int i = 0; i < element.text().length() && at < text.length(); i++) {
          char expected = element.text().charAt(i);
          if (Character.isWhitespace(expected)) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
              at++;
            }
          } else {
            at++;
          }
        }
        continue;
      }
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      if (field.isName()) {
        String[] names =
            switch (field) {
              case MONTH_NAME, MONTH_ABBREVIATION -> MONTHS;
              case DAY_NAME, DAY_ABBREVIATION -> DAYS;
              default -> MERIDIEM_TEXTS;
            };
        int matched = -1;
        int length = 0;
        for (int n = 0; n < names.length; n++) {
          String name =
              field == Field.MONTH_ABBREVIATION || field == Field.DAY_ABBREVIATION
                  ? names[n].substring(0, 3)
                  : names[n];
          if (text.regionMatches(true, at, name, 0, name.length())) {
            matched = n;
            length = name.length();
            break;
          }
        }
        if (matched < 0) {
          throw invalidValue(text, field);
        }
        at += length;
        if (field == Field.MONTH_NAME || field == Field.MONTH_ABBREVIATION) {
          month = matched + 1;
        } else if (!(field == Field.DAY_NAME || field == Field.DAY_ABBREVIATION)) {
          isPm = matched % 2 == 1;
        }
        continue;
      }
      int width = width(field);
      boolean isLast = e == elements.size() - 1;
      int start = at;
      boolean isNegative = at < text.length() && text.charAt(at) == '-' && field == Field.YEAR4;
      if (isNegative) {
        at++;
      }
      long value = 0;
      int digits = 0;
      while (at < text.length()
          && Character.isDigit(text.charAt(at))
          && (element.isFillMode() || isLast || digits < width)) {
        value = value * 10 + (text.charAt(at) - '0');
        digits++;
        at++;
      }
      if (digits == 0) {
        throw invalidValue(text.substring(start), field);
      }
      switch (field) {
        case YEAR4, ISO_YEAR -> year = (int) (isNegative ? -value : value);
        case YEAR3 -> year = (int) (2000 + value);
        case YEAR2 -> year = (int) (value < 70 ? 2000 + value : 1900 + value);
        case YEAR1 -> year = (int) (2000 + value);
        case MONTH -> month = (int) value;
        case DAY -> day = (int) value;
        case DAY_OF_YEAR -> dayOfYear = (int) value;
        case HOUR24 -> hour = (int) value;
        case HOUR12, HOUR -> {
          hour = (int) value;
          isTwelveHour = true;
        }
        case MINUTE -> minute = (int) value;
        case SECOND -> second = (int) value;
        case MILLISECOND -> fraction = scaleFraction(value, digits, 3) * 1000;
        case MICROSECOND -> fraction = scaleFraction(value, digits, 6);
        case FRACTION1, FRACTION2, FRACTION3, FRACTION4, FRACTION5, FRACTION6 ->
            fraction = scaleFraction(value, digits, 6);
        case SECOND_OF_DAY -> {
          hour = (int) (value / 3600);
          minute = (int) (value / 60 % 60);
          second = (int) (value % 60);
        }
        case JULIAN_DAY -> {
          LocalDate date = LocalDate.ofEpochDay(value - JULIAN_DAY_OF_EPOCH);
          year = date.getYear();
          month = date.getMonthValue();
          day = date.getDayOfMonth();
        }
        default -> {
          // Day of week, week, quarter and century do not determine a date; PostgreSQL ignores them
          // when the date is given, as here.
        }
      }
    }
    if (isTwelveHour) {
      if (hour < 1 || hour > 12) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION,
            "hour \"" + hour + "\" is invalid for the 12-hour clock");
      }
      hour = hour % 12 + (isPm ? 12 : 0);
    }
    try {
      LocalDate date =
          dayOfYear > 0 ? LocalDate.ofYearDay(year, dayOfYear) : LocalDate.of(year, month, day);
      if (hour > 23 || minute > 59 || second > 59) {
        throw new java.time.DateTimeException("time");
      }
      return date.toEpochDay() * MICROS_PER_DAY
          + ((hour * 60L + minute) * 60 + second) * MICROS_PER_SECOND
          + fraction;
    } catch (java.time.DateTimeException e) {
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION,
          "date/time field value out of range: \"" + text + "\"");
    }
  }

  private static long scaleFraction(long value, int digits, int scale) {
    return digits >= scale
        ? value / Decimals.powerOfTen(digits - scale)
        : value * Decimals.powerOfTen(scale - digits);
  }

  private static int width(Field field) {
    return switch (field) {
      case YEAR4, ISO_YEAR -> 4;
      case YEAR3, DAY_OF_YEAR, MILLISECOND -> 3;
      case YEAR1, DAY_OF_WEEK, ISO_DAY_OF_WEEK, QUARTER -> 1;
      case MICROSECOND -> 6;
      case FRACTION1, FRACTION2, FRACTION3, FRACTION4, FRACTION5, FRACTION6 ->
          field.ordinal() - Field.FRACTION1.ordinal() + 1;
      case SECOND_OF_DAY -> 5;
      case JULIAN_DAY -> 7;
      default -> 2;
    };
  }

  private static AuroraException invalidValue(String value, Field field) {
    return new AuroraException(
        ErrorCode.INVALID_TEXT_REPRESENTATION,
        "invalid value \"" + value + "\" for \"" + field.keyword + "\"");
  }
}
