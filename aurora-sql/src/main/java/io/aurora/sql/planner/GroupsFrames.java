package io.aurora.sql.planner;

import static io.aurora.sql.planner.SqlText.isWordStart;
import static io.aurora.sql.planner.SqlText.skipSpace;
import static io.aurora.sql.planner.SqlText.wordEnd;

import java.math.BigInteger;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Carries PostgreSQL's {@code GROUPS} window frames through Calcite, whose parser knows only ROWS
 * and RANGE. Before parsing, a GROUPS frame becomes:
 *
 * <ul>
 *   <li>a RANGE frame when its bounds are only {@code UNBOUNDED} and {@code CURRENT ROW}: both
 *       units then cover the same rows (whole peer groups);
 *   <li>otherwise a ROWS frame whose offsets are raised by {@link #OFFSET_MARK}: {@code GROUPS
 *       BETWEEN 1 PRECEDING AND CURRENT ROW} becomes {@code ROWS BETWEEN 1125899906842625 PRECEDING
 *       AND CURRENT ROW}. The executor's planner reads a ROWS frame with a marked offset as GROUPS
 *       ({@link #isMarked}, {@link #unmarked}).
 * </ul>
 *
 * A ROWS frame written with an offset at or above the mark gets the mark minus one instead, which
 * covers the same rows, since no partition holds that many. Offsets must be integer literals; a
 * frame written otherwise is left to the parser, which refuses GROUPS.
 */
public final class GroupsFrames {
  /** Added to the offsets of a GROUPS frame sent through Calcite as ROWS: 2^50. */
  public static final long OFFSET_MARK = 1L << 50;

  private GroupsFrames() {}

  /** Whether a ROWS offset planned by Calcite stands for a GROUPS offset. */
  public static boolean isMarked(long offset) {
    return offset >= OFFSET_MARK;
  }

  /** The GROUPS offset a marked ROWS offset stands for. */
  public static long unmarked(long offset) {
    return offset - OFFSET_MARK;
  }

  static String rewrite(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    if (!lower.contains("groups") && !lower.contains("rows")) {
      return sql;
    }
    @Nullable StringBuilder out = null;
    int copied = 0;
    int i = 0;
    int length = sql.length();
    while (i < length) {
      int inertEnd = SqlText.inertEnd(sql, i);
      if (inertEnd > i) {
        i = inertEnd;
        continue;
      }
      if (!isWordStart(sql, i)) {
        i++;
        continue;
      }
      int wordEnd = wordEnd(sql, i);
      String word = lower.substring(i, wordEnd);
      if (word.equals("groups") || word.equals("rows")) {
        Frame frame = frame(lower, wordEnd);
        if (frame != null) {
          String rewritten = frame.text(word.equals("groups"));
          if (rewritten != null) {
            if (out == null) {
              out = new StringBuilder(sql.length() + 16);
            }
            out.append(sql, copied, i).append(rewritten);
            copied = frame.end;
          }
          i = frame.end;
          continue;
        }
      }
      i = wordEnd;
    }
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, length).toString();
  }

  /**
   * One bound of a frame.
   *
   * @param offset the n of {@code n PRECEDING} or {@code n FOLLOWING}, or null for {@code
   *     UNBOUNDED} and {@code CURRENT ROW}
   * @param words the bound as written without its offset ({@code PRECEDING}, {@code CURRENT ROW},
   *     {@code UNBOUNDED FOLLOWING})
   * @param end where the bound ends in the statement
   */
  private record Bound(@Nullable BigInteger offset, String words, int end) {
    /** The bound with its offset, if any, changed by {@code change}. */
    String text(UnaryOperator<BigInteger> change) {
      return offset == null ? words : change.apply(offset) + " " + words;
    }
  }

  /** A frame: its only bound or its two, and where it ends in the statement. */
  private record Frame(Bound first, @Nullable Bound second, int end) {
    /** The frame rewritten, or null when it stays as written. */
    @Nullable String text(boolean isGroups) {
      BigInteger mark = BigInteger.valueOf(OFFSET_MARK);
      if (isGroups) {
        boolean hasOffset = first.offset != null || (second != null && second.offset != null);
        return hasOffset ? "ROWS " + bounds(offset -> offset.add(mark)) : "RANGE " + bounds(o -> o);
      }
      boolean isTooLarge =
          isAtLeast(first.offset, mark) || (second != null && isAtLeast(second.offset, mark));
      BigInteger limit = mark.subtract(BigInteger.ONE);
      return isTooLarge ? "ROWS " + bounds(offset -> offset.min(limit)) : null;
    }

    private String bounds(UnaryOperator<BigInteger> change) {
      return second == null
          ? first.text(change)
          : "BETWEEN " + first.text(change) + " AND " + second.text(change);
    }

    private static boolean isAtLeast(@Nullable BigInteger offset, BigInteger limit) {
      return offset != null && offset.compareTo(limit) >= 0;
    }
  }

  /** The frame after a unit word ending at {@code start}, or null when none follows it. */
  private static @Nullable Frame frame(String lower, int start) {
    int i = skipSpace(lower, start);
    if (lower.startsWith("between", i) && wordEnd(lower, i) == i + 7) {
      Bound first = bound(lower, i + 7);
      if (first == null) {
        return null;
      }
      int and = skipSpace(lower, first.end);
      if (!lower.startsWith("and", and) || wordEnd(lower, and) != and + 3) {
        return null;
      }
      Bound second = bound(lower, and + 3);
      return second == null ? null : new Frame(first, second, second.end);
    }
    Bound only = bound(lower, i);
    return only == null ? null : new Frame(only, null, only.end);
  }

  private static @Nullable Bound bound(String lower, int start) {
    int i = skipSpace(lower, start);
    int end = wordEnd(lower, i);
    String word = lower.substring(i, end);
    if (word.equals("current")) {
      int row = skipSpace(lower, end);
      int rowEnd = wordEnd(lower, row);
      return lower.substring(row, rowEnd).equals("row")
          ? new Bound(null, "CURRENT ROW", rowEnd)
          : null;
    }
    boolean isUnbounded = word.equals("unbounded");
    if (!isUnbounded && (word.isEmpty() || !word.chars().allMatch(Character::isDigit))) {
      return null;
    }
    int directionStart = skipSpace(lower, end);
    int directionEnd = wordEnd(lower, directionStart);
    String which = lower.substring(directionStart, directionEnd);
    if (!which.equals("preceding") && !which.equals("following")) {
      return null;
    }
    String direction = which.toUpperCase(Locale.ROOT);
    return isUnbounded
        ? new Bound(null, "UNBOUNDED " + direction, directionEnd)
        : new Bound(new BigInteger(word), direction, directionEnd);
  }
}
