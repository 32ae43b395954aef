package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.jspecify.annotations.Nullable;

/**
 * Date and time functions: {@code EXTRACT}/{@code date_part}, {@code date_trunc} and {@code
 * FLOOR/CEIL(x TO unit)}, datetime arithmetic with intervals, {@code to_timestamp}, and the query's
 * {@code CURRENT_TIMESTAMP}/{@code CURRENT_DATE}.
 *
 * <p>Day-time intervals are BIGINT microseconds and year-month intervals INTEGER months. Adding
 * months clamps to the end of the month as PostgreSQL does ({@code 2024-01-31 + 1 month} is {@code
 * 2024-02-29}). {@code TIMESTAMP - TIMESTAMP} is an interval in microseconds and {@code DATE -
 * DATE} an integer number of days. Fields follow PostgreSQL: {@code DOW} is 0 (Sunday) to 6, {@code
 * WEEK} is the ISO week, {@code SECOND} includes the fraction when the result type allows.
 */
final class DateTimeFunctions implements Expression {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  enum Operation {
    EXTRACT,
    /** EXTRACT from a year-month interval's months. */
    EXTRACT_MONTHS,
    /** EXTRACT from a day-time interval's microseconds. */
    EXTRACT_MICROS,
    FLOOR,
    CEIL,
    ADD_MICROS,
    ADD_MONTHS,
    ADD_DAYS,
    SUBTRACT,
    TO_TIMESTAMP
  }

  private final Operation operation;
  private final Expression value;
  private final @Nullable Expression argument;
  private final @Nullable TimeUnitRange unit;
  private final DataType type;

  /**
   * For additions, whether to subtract; for subtractions, whether days become microseconds; for
   * EXTRACT_MICROS, whether the interval's type starts at days, so that it has a day field.
   */
  private final boolean isNegated;

  private DateTimeFunctions(
      Operation operation,
      Expression value,
      @Nullable Expression argument,
      @Nullable TimeUnitRange unit,
      DataType type,
      boolean isNegated) {
    this.operation = operation;
    this.value = requireNonNull(value, "value is null");
    this.argument = argument;
    this.unit = unit;
    this.type = requireNonNull(type, "type is null");
    this.isNegated = isNegated;
  }

  static @Nullable Expression compile(
      ExpressionCompiler compiler, RexCall call, String name, @Nullable DataType type) {
    List<RexNode> operands = call.getOperands();
    long now = compiler.context().queryStartMicros();
    switch (name) {
      case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "NOW" -> {
        return ConstantExpression.ofLong(DataType.TIMESTAMP, now);
      }
      case "CURRENT_DATE" -> {
        LocalDate today =
            LocalDateTime.ofEpochSecond(Math.floorDiv(now, MICROS_PER_SECOND), 0, ZoneOffset.UTC)
                .atOffset(ZoneOffset.UTC)
                .atZoneSameInstant(compiler.context().timeZone())
                .toLocalDate();
        return ConstantExpression.ofLong(DataType.DATE, today.toEpochDay());
      }
      case "EXTRACT", "DATE_PART" -> {
        TimeUnitRange unit = unit(compiler, operands.get(0));
        Expression value = compiler.compileNode(operands.get(1), null);
        RelDataType valueType = operands.get(1).getType();
        if (SqlTypeName.YEAR_INTERVAL_TYPES.contains(valueType.getSqlTypeName())) {
          return new DateTimeFunctions(
              Operation.EXTRACT_MONTHS, value, null, unit, requireNonNull(type), false);
        }
        if (SqlTypeName.DAY_INTERVAL_TYPES.contains(valueType.getSqlTypeName())) {
          SqlIntervalQualifier qualifier = valueType.getIntervalQualifier();
          boolean hasDays = qualifier == null || qualifier.getStartUnit() == TimeUnit.DAY;
          return new DateTimeFunctions(
              Operation.EXTRACT_MICROS, value, null, unit, requireNonNull(type), hasDays);
        }
        return new DateTimeFunctions(
            Operation.EXTRACT, value, null, unit, requireNonNull(type), false);
      }
      case "DATE_TRUNC" -> {
        boolean unitFirst = isUnit(operands.get(0));
        TimeUnitRange unit = unit(compiler, operands.get(unitFirst ? 0 : 1));
        Expression value = compiler.compileNode(operands.get(unitFirst ? 1 : 0), null);
        return new DateTimeFunctions(
            Operation.FLOOR, value, null, unit, requireNonNull(type), false);
      }
      case "FLOOR", "CEIL", "CEILING" -> {
        if (operands.size() != 2 || !isUnit(operands.get(1))) {
          return null;
        }
        Expression value = compiler.compileNode(operands.get(0), null);
        return new DateTimeFunctions(
            name.equals("FLOOR") ? Operation.FLOOR : Operation.CEIL,
            value,
            null,
            unit(compiler, operands.get(1)),
            requireNonNull(type),
            false);
      }
      case "TO_TIMESTAMP" -> {
        if (operands.size() != 1) {
          return null;
        }
        Expression seconds =
            ExpressionCompiler.coerce(compiler.compileNode(operands.get(0), null), DataType.DOUBLE);
        return new DateTimeFunctions(
            Operation.TO_TIMESTAMP, seconds, null, null, DataType.TIMESTAMP, false);
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean isUnit(RexNode node) {
    return node instanceof RexLiteral literal
        && (literal.getValue() instanceof TimeUnitRange
            || SqlTypeName.CHAR_TYPES.contains(literal.getType().getSqlTypeName())
            || literal.getTypeName() == SqlTypeName.SYMBOL);
  }

  private static TimeUnitRange unit(ExpressionCompiler compiler, RexNode node) {
    if (node instanceof RexLiteral literal && literal.getValue() instanceof TimeUnitRange range) {
      return range;
    }
    String name = compiler.constantString(node, "time unit").strip().toUpperCase(Locale.ROOT);
    return switch (name) {
      case "DOW" -> TimeUnitRange.DOW;
      case "DOY" -> TimeUnitRange.DOY;
      case "EPOCH" -> TimeUnitRange.EPOCH;
      case "MILLISECONDS", "MILLISECOND" -> TimeUnitRange.MILLISECOND;
      case "MICROSECONDS", "MICROSECOND" -> TimeUnitRange.MICROSECOND;
      default -> {
        String singular = name.endsWith("S") ? name.substring(0, name.length() - 1) : name;
        try {
          yield TimeUnitRange.valueOf(singular);
        } catch (IllegalArgumentException e) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "unit \"" + name.toLowerCase(Locale.ROOT) + "\" not recognized");
        }
      }
    };
  }

  /** Datetime {@code +} and {@code -}, or null when neither operand is a date or timestamp. */
  static @Nullable Expression arithmetic(ExpressionCompiler compiler, RexCall call) {
    RexNode leftNode = call.getOperands().get(0);
    RexNode rightNode = call.getOperands().get(1);
    if (call.getKind() == SqlKind.PLUS
        && !isDatetime(leftNode.getType())
        && isDatetime(rightNode.getType())) {
      RexNode swap = leftNode;
      leftNode = rightNode;
      rightNode = swap;
    }
    if (!isDatetime(leftNode.getType())) {
      return null;
    }
    boolean isMinus = call.getKind() != SqlKind.PLUS;
    DataType type = ExpressionCompiler.toDataType(call.getType());
    Expression left = compiler.compileNode(leftNode, null);
    Expression right = compiler.compileNode(rightNode, null);
    SqlTypeFamily rightFamily = rightNode.getType().getSqlTypeName().getFamily();
    if (isDatetime(rightNode.getType())) {
      DataType common = ExpressionCompiler.commonType(left.type(), right.type());
      return new DateTimeFunctions(
          Operation.SUBTRACT,
          ExpressionCompiler.coerce(left, common),
          ExpressionCompiler.coerce(right, common),
          null,
          type,
          SqlTypeName.DAY_INTERVAL_TYPES.contains(call.getType().getSqlTypeName()));
    }
    Operation operation =
        rightFamily == SqlTypeFamily.INTERVAL_YEAR_MONTH
            ? Operation.ADD_MONTHS
            : rightFamily == SqlTypeFamily.INTERVAL_DAY_TIME
                ? Operation.ADD_MICROS
                : Operation.ADD_DAYS;
    if (operation == Operation.ADD_MICROS && type.kind() == TypeKind.TIMESTAMP) {
      left = ExpressionCompiler.coerce(left, DataType.TIMESTAMP);
    }
    return new DateTimeFunctions(
        operation, left, ExpressionCompiler.coerce(right, DataType.BIGINT), null, type, isMinus);
  }

  private static boolean isDatetime(RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    return name == SqlTypeName.DATE
        || name == SqlTypeName.TIMESTAMP
        || name == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
  }

  /** Casts between intervals of one family keep their representation. */
  static @Nullable Expression intervalCast(
      Expression operand, RelDataType source, RelDataType target) {
    SqlTypeFamily from = source.getSqlTypeName().getFamily();
    SqlTypeFamily to = target.getSqlTypeName().getFamily();
    return from == to ? operand : null;
  }

  @Override
  public DataType type() {
    return type;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = value.evaluate(page);
    Block other = argument == null ? null : argument.evaluate(page);
    boolean[] nulls = Rows.union(page, block.nulls(), other == null ? null : other.nulls());
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    int positionCount = page.positionCount();
    long[] longs =
        type.physicalType() == io.aurora.storage.type.PhysicalType.LONG
            ? new long[positionCount]
            : null;
    int[] ints =
        type.physicalType() == io.aurora.storage.type.PhysicalType.INT
            ? new int[positionCount]
            : null;
    double[] doubles = type.kind() == TypeKind.DOUBLE ? new double[positionCount] : null;
    boolean isDate = value.type().kind() == TypeKind.DATE;
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        continue;
      }
      double result;
      switch (operation) {
        case TO_TIMESTAMP -> {
          double seconds = ((DoubleBlock) block).value(p);
          if (Double.isNaN(seconds) || Math.abs(seconds) > 9.2e12) {
            throw new AuroraException(
                ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "timestamp out of range");
          }
          result = Math.rint(seconds * MICROS_PER_SECOND);
          longs[p] = (long) result;
          continue;
        }
        case EXTRACT -> result = extract(micros(block, p, isDate), isDate);
        case EXTRACT_MONTHS -> result = extractMonths(readLong(block, p));
        case EXTRACT_MICROS -> result = extractMicros(readLong(block, p));
        case FLOOR, CEIL -> {
          long micros = micros(block, p, isDate);
          long floored = floor(micros);
          if (operation == Operation.CEIL && floored != micros) {
            floored = add(floored, requireNonNull(unit));
          }
          store(
              longs,
              ints,
              doubles,
              p,
              type.kind() == TypeKind.DATE ? Math.floorDiv(floored, MICROS_PER_DAY) : floored);
          continue;
        }
        case SUBTRACT -> {
          long difference = Math.subtractExact(readLong(block, p), readLong(other, p));
          if (isDate && isNegated) {
            difference = Math.multiplyExact(difference, MICROS_PER_DAY);
          }
          store(longs, ints, doubles, p, difference);
          continue;
        }
        case ADD_MICROS -> {
          long amount = readLong(other, p);
          long base = micros(block, p, isDate);
          long sum = isNegated ? Math.subtractExact(base, amount) : Math.addExact(base, amount);
          store(
              longs,
              ints,
              doubles,
              p,
              type.kind() == TypeKind.DATE ? Math.floorDiv(sum, MICROS_PER_DAY) : sum);
          continue;
        }
        case ADD_DAYS -> {
          long amount = readLong(other, p);
          long base = readLong(block, p);
          store(longs, ints, doubles, p, isNegated ? base - amount : base + amount);
          continue;
        }
        case ADD_MONTHS -> {
          long months = readLong(other, p);
          long micros = micros(block, p, isDate);
          LocalDateTime dateTime = toDateTime(micros).plusMonths(isNegated ? -months : months);
          long shifted =
              dateTime.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND
                  + dateTime.getNano() / 1000;
          store(
              longs,
              ints,
              doubles,
              p,
              type.kind() == TypeKind.DATE ? Math.floorDiv(shifted, MICROS_PER_DAY) : shifted);
          continue;
        }
        default -> throw new AssertionError(operation);
      }
      if (doubles != null) {
        doubles[p] = result;
      } else if (type.kind() == TypeKind.DECIMAL) {
        longs[p] = Math.round(result * Decimals.powerOfTen(type.scale()));
      } else {
        store(longs, ints, null, p, (long) result);
      }
    }
    if (longs != null) {
      return new LongBlock(positionCount, longs, nulls);
    }
    if (ints != null) {
      return new IntBlock(positionCount, ints, nulls);
    }
    return new DoubleBlock(positionCount, doubles, nulls);
  }

  private static void store(
      long @Nullable [] longs,
      int @Nullable [] ints,
      double @Nullable [] doubles,
      int p,
      long value) {
    if (longs != null) {
      longs[p] = value;
    } else if (ints != null) {
      ints[p] = Math.toIntExact(value);
    } else if (doubles != null) {
      doubles[p] = value;
    }
  }

  private static long readLong(@Nullable Block block, int p) {
    return block instanceof IntBlock ints
        ? ints.value(p)
        : ((LongBlock) requireNonNull(block)).value(p);
  }

  private static long micros(Block block, int p, boolean isDate) {
    return isDate ? ((IntBlock) block).value(p) * MICROS_PER_DAY : ((LongBlock) block).value(p);
  }

  static LocalDateTime toDateTime(long micros) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND),
        (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000,
        ZoneOffset.UTC);
  }

  private static long toMicros(LocalDateTime dateTime) {
    return dateTime.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + dateTime.getNano() / 1000;
  }

  private double extract(long micros, boolean isDate) {
    LocalDateTime dateTime = toDateTime(micros);
    LocalDate date = dateTime.toLocalDate();
    long microOfMinute = Math.floorMod(micros, 60 * MICROS_PER_SECOND);
    return switch (requireNonNull(unit)) {
      case YEAR -> date.getYear();
      case ISOYEAR -> date.get(IsoFields.WEEK_BASED_YEAR);
      case QUARTER -> (date.getMonthValue() + 2) / 3;
      case MONTH -> date.getMonthValue();
      case WEEK -> date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case DAY -> date.getDayOfMonth();
      case DOW -> date.getDayOfWeek().getValue() % 7;
      case ISODOW -> date.getDayOfWeek().getValue();
      case DOY -> date.getDayOfYear();
      case HOUR -> dateTime.getHour();
      case MINUTE -> dateTime.getMinute();
      case SECOND ->
          type.kind() == TypeKind.DOUBLE || type.kind() == TypeKind.DECIMAL
              ? microOfMinute / (double) MICROS_PER_SECOND
              : microOfMinute / MICROS_PER_SECOND;
      case MILLISECOND ->
          type.kind() == TypeKind.DOUBLE || type.kind() == TypeKind.DECIMAL
              ? microOfMinute / 1000.0
              : microOfMinute / 1000;
      case MICROSECOND -> microOfMinute;
      case EPOCH ->
          type.kind() == TypeKind.DOUBLE || type.kind() == TypeKind.DECIMAL
              ? micros / (double) MICROS_PER_SECOND
              : Math.floorDiv(micros, MICROS_PER_SECOND);
      case DECADE -> Math.floorDiv(date.getYear(), 10);
      case CENTURY ->
          date.getYear() > 0 ? (date.getYear() + 99) / 100 : -((99 - date.getYear()) / 100);
      case MILLENNIUM ->
          date.getYear() > 0 ? (date.getYear() + 999) / 1000 : -((999 - date.getYear()) / 1000);
      default ->
          throw new AuroraException(
              ErrorCode.FEATURE_NOT_SUPPORTED, "EXTRACT of unit[" + unit + "] is not supported");
    };
  }

  /**
   * A field of a year-month interval, as PostgreSQL extracts it: years and months apart ({@code 14
   * months} has year 1 and month 2), an epoch of 365.25 / 12 days per month, 0 for days and times.
   */
  private double extractMonths(long months) {
    return switch (requireNonNull(unit)) {
      case YEAR -> months / 12;
      case QUARTER -> months % 12 / 3 + 1;
      case MONTH -> months % 12;
      case DECADE -> months / 120;
      case CENTURY -> months / 1_200;
      case MILLENNIUM -> months / 12_000;
      case EPOCH -> months * (365.25 / 12) * 86_400;
      case DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND -> 0;
      default -> throw notForIntervals();
    };
  }

  /**
   * A field of a day-time interval, as PostgreSQL extracts it: days only when the interval's type
   * starts at days ({@code INTERVAL '36 hours'} has hour 36, {@code INTERVAL '1 day 12 hours'} day
   * 1 and hour 12), seconds with their fraction, each field with the interval's sign.
   */
  private double extractMicros(long micros) {
    long days = isNegated ? micros / MICROS_PER_DAY : 0;
    long time = isNegated ? micros % MICROS_PER_DAY : micros;
    long microOfMinute = time % (60 * MICROS_PER_SECOND);
    boolean isFractional = type.kind() == TypeKind.DOUBLE || type.kind() == TypeKind.DECIMAL;
    return switch (requireNonNull(unit)) {
      case DAY -> days;
      case HOUR -> time / (3_600 * MICROS_PER_SECOND);
      case MINUTE -> time / (60 * MICROS_PER_SECOND) % 60;
      case SECOND ->
          isFractional
              ? microOfMinute / (double) MICROS_PER_SECOND
              : microOfMinute / MICROS_PER_SECOND;
      case MILLISECOND -> isFractional ? microOfMinute / 1000.0 : microOfMinute / 1000;
      case MICROSECOND -> microOfMinute;
      case EPOCH -> isFractional ? micros / (double) MICROS_PER_SECOND : micros / MICROS_PER_SECOND;
      case YEAR, QUARTER, MONTH, DECADE, CENTURY, MILLENNIUM -> 0;
      default -> throw notForIntervals();
    };
  }

  private AuroraException notForIntervals() {
    return new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED,
        "EXTRACT of unit[" + unit + "] is not supported for type interval");
  }

  private long floor(long micros) {
    TimeUnitRange range = requireNonNull(unit);
    switch (range) {
      case MICROSECOND:
        return micros;
      case MILLISECOND:
        return Math.floorDiv(micros, 1000) * 1000;
      case SECOND:
        return Math.floorDiv(micros, MICROS_PER_SECOND) * MICROS_PER_SECOND;
      case MINUTE:
        return Math.floorDiv(micros, 60 * MICROS_PER_SECOND) * 60 * MICROS_PER_SECOND;
      case HOUR:
        return Math.floorDiv(micros, 3600 * MICROS_PER_SECOND) * 3600 * MICROS_PER_SECOND;
      case DAY:
        return Math.floorDiv(micros, MICROS_PER_DAY) * MICROS_PER_DAY;
      default:
        break;
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY));
    LocalDate floored =
        switch (range) {
          case WEEK -> date.minusDays(date.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
          case MONTH -> date.withDayOfMonth(1);
          case QUARTER -> LocalDate.of(date.getYear(), (date.getMonthValue() - 1) / 3 * 3 + 1, 1);
          case YEAR -> LocalDate.of(date.getYear(), 1, 1);
          case DECADE -> LocalDate.of(Math.floorDiv(date.getYear(), 10) * 10, 1, 1);
          case CENTURY -> LocalDate.of((date.getYear() - 1) / 100 * 100 + 1, 1, 1);
          case MILLENNIUM -> LocalDate.of((date.getYear() - 1) / 1000 * 1000 + 1, 1, 1);
          default ->
              throw new AuroraException(
                  ErrorCode.FEATURE_NOT_SUPPORTED,
                  "Truncation to unit[" + range + "] is not supported");
        };
    return floored.toEpochDay() * MICROS_PER_DAY;
  }

  private static long add(long micros, TimeUnitRange unit) {
    LocalDateTime dateTime = toDateTime(micros);
    LocalDateTime next =
        switch (unit) {
          case MICROSECOND -> dateTime.plusNanos(1000);
          case MILLISECOND -> dateTime.plusNanos(1_000_000);
          case SECOND -> dateTime.plusSeconds(1);
          case MINUTE -> dateTime.plusMinutes(1);
          case HOUR -> dateTime.plusHours(1);
          case DAY -> dateTime.plusDays(1);
          case WEEK -> dateTime.plusWeeks(1);
          case MONTH -> dateTime.plusMonths(1);
          case QUARTER -> dateTime.plusMonths(3);
          case YEAR -> dateTime.plusYears(1);
          case DECADE -> dateTime.plusYears(10);
          case CENTURY -> dateTime.plusYears(100);
          case MILLENNIUM -> dateTime.plusYears(1000);
          default ->
              throw new AuroraException(
                  ErrorCode.FEATURE_NOT_SUPPORTED, "CEIL to unit[" + unit + "] is not supported");
        };
    return toMicros(next);
  }
}
