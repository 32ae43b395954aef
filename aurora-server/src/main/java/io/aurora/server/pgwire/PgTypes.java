package io.aurora.server.pgwire;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * PostgreSQL type OIDs of Aurora's types and the text and binary forms of their values, as the
 * PostgreSQL server writes them ({@code DateStyle ISO}, {@code integer_datetimes on}). Values are
 * the Java objects of {@code Block.objectValue}: Boolean, Integer (SMALLINT, INTEGER, DATE as days
 * since 1970-01-01), Long (BIGINT, TIMESTAMP as microseconds since 1970 UTC, DECIMAL unscaled),
 * Float, Double and String.
 */
public final class PgTypes {
  static final int BOOL = 16;
  static final int INT8 = 20;
  static final int INT2 = 21;
  static final int INT4 = 23;
  static final int TEXT = 25;
  static final int FLOAT4 = 700;
  static final int FLOAT8 = 701;
  static final int UNKNOWN = 705;
  static final int VARCHAR = 1043;
  static final int DATE = 1082;
  static final int TIMESTAMP = 1114;
  static final int NUMERIC = 1700;

  /** Days from 1970-01-01 to PostgreSQL's epoch 2000-01-01. */
  private static final int POSTGRES_EPOCH_DAYS = 10_957;

  private static final long POSTGRES_EPOCH_MICROS = POSTGRES_EPOCH_DAYS * 86_400_000_000L;

  private PgTypes() {}

  static int oid(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> BOOL;
      case SMALLINT -> INT2;
      case INTEGER -> INT4;
      case BIGINT -> INT8;
      case REAL -> FLOAT4;
      case DOUBLE -> FLOAT8;
      case DECIMAL -> NUMERIC;
      case VARCHAR -> VARCHAR;
      case DATE -> DATE;
      case TIMESTAMP -> TIMESTAMP;
    };
  }

  /** The fixed size of the type's binary form, or -1 when it varies, for RowDescription. */
  static short typeSize(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> 1;
      case SMALLINT -> 2;
      case INTEGER, REAL, DATE -> 4;
      case BIGINT, DOUBLE, TIMESTAMP -> 8;
      case DECIMAL, VARCHAR -> -1;
    };
  }

  /** The type modifier for RowDescription: precision and scale for numeric, else -1. */
  static int typeModifier(DataType type) {
    return switch (type.kind()) {
      case DECIMAL -> ((type.precision() << 16) | type.scale()) + 4;
      case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARCHAR, DATE, TIMESTAMP -> -1;
    };
  }

  /** The value in PostgreSQL's text output format. */
  public static String toText(DataType type, Object value) {
    return switch (type.kind()) {
      case BOOLEAN -> ((Boolean) value) ? "t" : "f";
      case SMALLINT, INTEGER, BIGINT, VARCHAR -> value.toString();
      case REAL -> formatFloat((Float) value);
      case DOUBLE -> formatDouble((Double) value);
      case DECIMAL -> BigDecimal.valueOf((Long) value, type.scale()).toPlainString();
      case DATE -> formatDate((Integer) value);
      case TIMESTAMP -> formatTimestamp((Long) value);
    };
  }

  /** Writes the value in PostgreSQL's binary format, without the length prefix. */
  static void writeBinary(DataType type, Object value, ByteBuf out) {
    switch (type.kind()) {
      case BOOLEAN -> out.writeByte(((Boolean) value) ? 1 : 0);
      case SMALLINT -> out.writeShort((Integer) value);
      case INTEGER -> out.writeInt((Integer) value);
      case BIGINT -> out.writeLong((Long) value);
      case REAL -> out.writeFloat((Float) value);
      case DOUBLE -> out.writeDouble((Double) value);
      case VARCHAR -> out.writeCharSequence((String) value, StandardCharsets.UTF_8);
      case DATE -> out.writeInt((Integer) value - POSTGRES_EPOCH_DAYS);
      case TIMESTAMP -> out.writeLong((Long) value - POSTGRES_EPOCH_MICROS);
      case DECIMAL -> writeNumeric(BigDecimal.valueOf((Long) value, type.scale()), out);
    }
  }

  static String formatDate(int epochDays) {
    return LocalDate.ofEpochDay(epochDays).toString();
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]} with trailing zeros of the fraction dropped, as PG. */
  static String formatTimestamp(long epochMicros) {
    long seconds = Math.floorDiv(epochMicros, 1_000_000L);
    int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
    LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    StringBuilder text = new StringBuilder(26);
    text.append(time.toLocalDate()).append(' ');
    appendTwoDigits(text, time.getHour()).append(':');
    appendTwoDigits(text, time.getMinute()).append(':');
    appendTwoDigits(text, time.getSecond());
    if (micros != 0) {
      String fraction = Integer.toString(1_000_000 + micros).substring(1);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      text.append('.').append(fraction, 0, end);
    }
    return text.toString();
  }

  private static StringBuilder appendTwoDigits(StringBuilder text, int value) {
    return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /**
   * The shortest text that reads back as the same double, laid out as PostgreSQL 12+ does:
   * positional notation for decimal exponents from -4 to 14, otherwise {@code d.ddde+XX}.
   */
  static String formatDouble(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    return layout(new BigDecimal(Double.toString(value)), 15);
  }

  /** As {@link #formatDouble}, for float4 (positional notation up to exponent 5). */
  static String formatFloat(float value) {
    if (Float.isNaN(value)) {
      return "NaN";
    }
    if (Float.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    return layout(new BigDecimal(Float.toString(value)), 6);
  }

  private static String layout(BigDecimal shortest, int maxPositionalExponent) {
    BigDecimal value = shortest.stripTrailingZeros();
    int exponent = value.precision() - value.scale() - 1;
    if (exponent >= -4 && exponent < maxPositionalExponent) {
      return value.toPlainString();
    }
    String digits = value.unscaledValue().abs().toString();
    StringBuilder text = new StringBuilder();
    if (value.signum() < 0) {
      text.append('-');
    }
    text.append(digits.charAt(0));
    if (digits.length() > 1) {
      text.append('.').append(digits, 1, digits.length());
    }
    text.append('e').append(exponent < 0 ? '-' : '+');
    int magnitude = Math.abs(exponent);
    if (magnitude < 10) {
      text.append('0');
    }
    return text.append(magnitude).toString();
  }

  /** PostgreSQL's binary numeric: digit count, weight, sign, display scale, base-10000 digits. */
  static void writeNumeric(BigDecimal value, ByteBuf out) {
    int scale = Math.max(value.scale(), 0);
    String plain = value.abs().setScale(scale).toPlainString();
    int point = plain.indexOf('.');
    String integerPart = point < 0 ? plain : plain.substring(0, point);
    String fractionPart = point < 0 ? "" : plain.substring(point + 1);
    if (integerPart.equals("0")) {
      integerPart = "";
    }
    int integerGroups = (integerPart.length() + 3) / 4;
    String paddedInteger = "0".repeat(integerGroups * 4 - integerPart.length()) + integerPart;
    int fractionGroups = (fractionPart.length() + 3) / 4;
    String paddedFraction = fractionPart + "0".repeat(fractionGroups * 4 - fractionPart.length());
    String all = paddedInteger + paddedFraction;
    short[] groups = new short[integerGroups + fractionGroups];
    for (int i = 0; i < groups.length; i++) {
      groups[i] = Short.parseShort(all.substring(i * 4, i * 4 + 4));
    }
    int first = 0;
    int weight = integerGroups - 1;
    while (first < groups.length && groups[first] == 0) {
      first++;
      weight--;
    }
    int last = groups.length;
    while (last > first && groups[last - 1] == 0) {
      last--;
    }
    if (first == last) {
      weight = 0;
    }
    out.writeShort(last - first);
    out.writeShort(weight);
    out.writeShort(value.signum() < 0 ? 0x4000 : 0);
    out.writeShort(scale);
    for (int i = first; i < last; i++) {
      out.writeShort(groups[i]);
    }
  }

  /** Reads PostgreSQL's binary numeric (see {@link #writeNumeric}). */
  static BigDecimal readNumeric(ByteBuf in) {
    int count = in.readUnsignedShort();
    int weight = in.readShort();
    int sign = in.readUnsignedShort();
    int scale = in.readUnsignedShort();
    if (sign == 0xC000) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "NaN is not a supported numeric value");
    }
    BigInteger unscaled = BigInteger.ZERO;
    for (int i = 0; i < count; i++) {
      unscaled =
          unscaled.multiply(BigInteger.valueOf(10_000)).add(BigInteger.valueOf(in.readShort()));
    }
    BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - count + 1));
    value = value.setScale(scale, RoundingMode.UNNECESSARY);
    return sign == 0x4000 ? value.negate() : value;
  }

  static LocalDate dateFromBinary(int postgresDays) {
    return LocalDate.ofEpochDay((long) postgresDays + POSTGRES_EPOCH_DAYS);
  }

  static long epochMicrosFromBinary(long postgresMicros) {
    return postgresMicros + POSTGRES_EPOCH_MICROS;
  }
}
