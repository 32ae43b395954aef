package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.nio.charset.StandardCharsets;

/**
 * An interval as PostgreSQL writes it (its default {@code IntervalStyle}, {@code postgres}): months
 * as {@code 1 year 2 mons}, microseconds as {@code 3 days 04:05:06.5}, each part with its own sign
 * ({@code -1 days -02:00:00}), and a zero interval as {@code 00:00:00}. Aurora keeps a day-time
 * interval as microseconds only, so its type says whether whole days show as days: an interval
 * whose type starts at hours, minutes or seconds ({@code INTERVAL '36 hours'}, {@code INTERVAL '90'
 * MINUTE}) shows them as hours ({@code 36:00:00}, as PostgreSQL does), one whose type starts at
 * days as days ({@code 1 day 12:00:00}).
 */
public final class IntervalText implements Expression {
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final Expression interval;
  private final boolean isMonths;
  private final boolean hasDays;

  /**
   * @param interval a year-month interval as INTEGER months ({@code isMonths}) or a day-time
   *     interval as BIGINT microseconds
   * @param hasDays whether a day-time interval shows whole days as days (its type starts at days)
   */
  public IntervalText(Expression interval, boolean isMonths, boolean hasDays) {
    this.interval = requireNonNull(interval, "interval is null");
    this.isMonths = isMonths;
    this.hasDays = hasDays;
  }

  @Override
  public DataType type() {
    return DataType.VARCHAR;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = interval.evaluate(page);
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    VarcharOutput out = new VarcharOutput(page.positionCount(), count * 16);
    boolean[] nulls = block.nulls();
    StringBuilder text = new StringBuilder(32);
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        out.appendNull(p);
        continue;
      }
      text.setLength(0);
      if (isMonths) {
        formatMonths(text, ((IntBlock) block).value(p));
      } else {
        formatMicros(text, ((LongBlock) block).value(p), hasDays);
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
      out.append(p, bytes, 0, bytes.length);
    }
    return out.build();
  }

  static void formatMonths(StringBuilder out, long months) {
    long years = months / 12;
    long rest = months % 12;
    if (years != 0) {
      out.append(years).append(years == 1 ? " year" : " years");
    }
    if (rest != 0) {
      out.append(out.isEmpty() ? "" : " ").append(rest).append(rest == 1 ? " mon" : " mons");
    }
    if (out.isEmpty()) {
      out.append("00:00:00");
    }
  }

  /** A day-time interval of {@code micros} as PostgreSQL prints it ({@code 1 day 02:00:00}). */
  public static String formatMicros(long micros) {
    StringBuilder out = new StringBuilder();
    formatMicros(out, micros, true);
    return out.toString();
  }

  /**
   * @param hasDays whether whole days show as days ({@code 1 day 12:00:00}) or as hours ({@code
   *     36:00:00})
   */
  static void formatMicros(StringBuilder out, long micros, boolean hasDays) {
    long days = hasDays ? micros / MICROS_PER_DAY : 0;
    long time = hasDays ? micros % MICROS_PER_DAY : micros;
    if (days != 0) {
      out.append(days).append(days == 1 ? " day" : " days");
    }
    if (time == 0 && days != 0) {
      return;
    }
    if (days != 0) {
      out.append(' ');
    }
    if (time < 0) {
      out.append('-');
      time = -time;
    }
    TextFormats.appendTime(out, time);
  }
}
