package io.aurora.sql.testing;

import io.aurora.sql.engine.QueryResult;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Brings values from Aurora and from an oracle database to one form so that results can be
 * compared: whole numbers as Long, decimals as BigDecimal without trailing zeros, floating point as
 * Double (compared with a relative tolerance of 1e-9), dates as LocalDate, timestamps as UTC
 * LocalDateTime, strings and booleans as themselves.
 */
public final class ResultValues {
  private ResultValues() {}

  /** An Aurora value of the given type in the common form. */
  public static Object aurora(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN, VARCHAR -> value;
      case SMALLINT, INTEGER, BIGINT -> ((Number) value).longValue();
      case REAL, DOUBLE -> ((Number) value).doubleValue();
      case DECIMAL -> normalize(BigDecimal.valueOf((Long) value, type.scale()));
      case DATE -> LocalDate.ofEpochDay((Integer) value);
      case TIMESTAMP -> {
        long micros = (Long) value;
        yield LocalDateTime.ofInstant(
            Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
            ZoneOffset.UTC);
      }
    };
  }

  /** Every row of an engine result in the oracle's value forms ({@link #aurora}); closes it. */
  public static List<List<Object>> rows(QueryResult result) {
    try (result) {
      List<DataType> types = result.types();
      List<List<Object>> rows = new ArrayList<>();
      for (List<Object> row : result.rows()) {
        List<Object> converted = new ArrayList<>(row.size());
        for (int c = 0; c < row.size(); c++) {
          converted.add(aurora(row.get(c), types.get(c)));
        }
        rows.add(converted);
      }
      return rows;
    }
  }

  public static List<List<Object>> rows(ResultSet result) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    int columns = result.getMetaData().getColumnCount();
    while (result.next()) {
      Object[] row = new Object[columns];
      for (int c = 0; c < columns; c++) {
        row[c] = oracle(result.getObject(c + 1));
      }
      rows.add(Arrays.asList(row));
    }
    return rows;
  }

  /** A JDBC value from the oracle in the common form. */
  public static Object oracle(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger integer) {
      return integer.bitLength() < 64
          ? (Object) integer.longValue()
          : normalize(new BigDecimal(integer));
    }
    if (value instanceof Float || value instanceof Double) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof BigDecimal decimal) {
      return normalize(decimal);
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof OffsetDateTime time) {
      return time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    return value;
  }

  private static BigDecimal normalize(BigDecimal decimal) {
    BigDecimal stripped = decimal.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * Whether two values in the common form are equal (numbers across kinds, doubles within 1e-9).
   */
  public static boolean same(Object left, Object right) {
    if (left == null || right == null) {
      return left == right;
    }
    if (left instanceof Number a && right instanceof Number b) {
      if (a instanceof BigDecimal decimal && b instanceof Double number) {
        return sameDecimalAndDouble(decimal, number);
      }
      if (a instanceof Double number && b instanceof BigDecimal decimal) {
        return sameDecimalAndDouble(decimal, number);
      }
      if (a instanceof Double || b instanceof Double) {
        double x = a.doubleValue();
        double y = b.doubleValue();
        if (Double.isNaN(x) || Double.isNaN(y)) {
          return Double.isNaN(x) && Double.isNaN(y);
        }
        if (x == y) {
          return true;
        }
        return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
      }
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    return Objects.equals(left, right);
  }

  /**
   * A decimal against a double: DuckDB divides decimals in floating point where Aurora, like
   * PostgreSQL, keeps a decimal of the scale the type system derives. They agree if the double
   * rounds to the decimal at the decimal's scale (within 1e-9 relative, for the double's own
   * error).
   */
  private static boolean sameDecimalAndDouble(BigDecimal decimal, double number) {
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      return false;
    }
    double difference = Math.abs(decimal.doubleValue() - number);
    double halfUnit = 0.5 * Math.pow(10, -Math.max(0, decimal.scale()));
    return difference <= halfUnit + 1e-9 * Math.abs(number);
  }

  public static boolean sameRow(List<Object> left, List<Object> right) {
    if (left.size() != right.size()) {
      return false;
    }
    for (int i = 0; i < left.size(); i++) {
      if (!same(left.get(i), right.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rows sorted for order-insensitive comparison. Numbers sort by value whatever their kind, so
   * that an Aurora DECIMAL and a DuckDB DOUBLE of the same value land in the same place; doubles
   * are rounded to 12 significant digits first so that last-bit differences do not reorder rows.
   */
  public static List<List<Object>> sorted(List<List<Object>> rows) {
    // Each row's key is computed once: converting values on every comparison dominated the
    // comparison of results with thousands of rows.
    List<Map.Entry<List<Object>, List<Object>>> keyed = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      keyed.add(Map.entry(sortKey(row), row));
    }
    keyed.sort((left, right) -> compareKeys(left.getKey(), right.getKey()));
    List<List<Object>> sorted = new ArrayList<>(rows.size());
    for (Map.Entry<List<Object>, List<Object>> entry : keyed) {
      sorted.add(entry.getValue());
    }
    return sorted;
  }

  private static final MathContext SORT_PRECISION = new MathContext(12);

  /** The sort key of NULL, distinct from every value (an empty string included). */
  private enum NullKey {
    NULL
  }

  private static List<Object> sortKey(List<Object> row) {
    Object[] keys = new Object[row.size()];
    for (int i = 0; i < keys.length; i++) {
      Object value = row.get(i);
      if (value instanceof Double number) {
        keys[i] =
            Double.isFinite(number)
                ? new BigDecimal(number).round(SORT_PRECISION)
                : number.toString();
      } else if (value instanceof Number number) {
        keys[i] = new BigDecimal(number.toString());
      } else {
        keys[i] = value == null ? NullKey.NULL : value;
      }
    }
    return Arrays.asList(keys);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(List<Object> left, List<Object> right) {
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      Object a = left.get(i);
      Object b = right.get(i);
      int order =
          a.getClass() == b.getClass()
              ? ((Comparable) a).compareTo(b)
              : a.getClass().getName().compareTo(b.getClass().getName());
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.size(), right.size());
  }
}
