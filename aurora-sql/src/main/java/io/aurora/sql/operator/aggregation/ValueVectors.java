package io.aurora.sql.operator.aggregation;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import org.jspecify.annotations.Nullable;

/**
 * Gathers a channel of a page into dense per-row arrays (row {@code i} at index {@code i}), so that
 * accumulation loops read {@code values[row]} without caring about the selection or the physical
 * type. Without a selection and with a matching type the block's own array is returned and nothing
 * is copied. Each gatherer owns its scratch arrays, reused by the next call.
 */
final class ValueVectors {
  private long[] longs = new long[0];
  private double[] doubles = new double[0];
  private boolean[] nulls = new boolean[0];

  /** The values of an INT or LONG channel as longs; the array is reused by the next call. */
  long[] longs(Page page, int channel) {
    Block block = page.block(channel);
    int[] selection = page.selection();
    int rows = page.rowCount();
    if (block instanceof LongBlock longBlock) {
      long[] values = longBlock.values();
      if (selection == null) {
        return values;
      }
      long[] out = longScratch(rows);
      for (int row = 0; row < rows; row++) {
        out[row] = values[selection[row]];
      }
      return out;
    }
    int[] values = ((IntBlock) block).values();
    long[] out = longScratch(rows);
    if (selection == null) {
      for (int row = 0; row < rows; row++) {
        out[row] = values[row];
      }
    } else {
      for (int row = 0; row < rows; row++) {
        out[row] = values[selection[row]];
      }
    }
    return out;
  }

  /**
   * The values of a numeric channel as doubles, each divided by {@code divisor} (a decimal's {@code
   * 10^scale}, else 1); the array is reused by the next call.
   */
  double[] doubles(Page page, int channel, double divisor) {
    Block block = page.block(channel);
    int[] selection = page.selection();
    int rows = page.rowCount();
    if (block instanceof DoubleBlock doubleBlock) {
      double[] values = doubleBlock.values();
      if (selection == null) {
        return values;
      }
      double[] out = doubleScratch(rows);
      for (int row = 0; row < rows; row++) {
        out[row] = values[selection[row]];
      }
      return out;
    }
    double[] out = doubleScratch(rows);
    if (block instanceof FloatBlock floatBlock) {
      float[] values = floatBlock.values();
      for (int row = 0; row < rows; row++) {
        out[row] = values[selection == null ? row : selection[row]];
      }
      return out;
    }
    long[] values = longs(page, channel);
    if (divisor == 1) {
      for (int row = 0; row < rows; row++) {
        out[row] = values[row];
      }
    } else {
      for (int row = 0; row < rows; row++) {
        out[row] = values[row] / divisor;
      }
    }
    return out;
  }

  /**
   * The null flags of a channel per row, or {@code null} when no row is null; the array is reused
   * by the next call.
   */
  boolean @Nullable [] nulls(Page page, int channel) {
    boolean[] blockNulls = page.block(channel).nulls();
    int[] selection = page.selection();
    if (blockNulls == null || selection == null) {
      return blockNulls;
    }
    int rows = page.rowCount();
    if (nulls.length < rows) {
      nulls = new boolean[rows];
    }
    boolean any = false;
    for (int row = 0; row < rows; row++) {
      boolean isNull = blockNulls[selection[row]];
      nulls[row] = isNull;
      any |= isNull;
    }
    return any ? nulls : null;
  }

  private long[] longScratch(int rows) {
    if (longs.length < rows) {
      longs = new long[rows];
    }
    return longs;
  }

  private double[] doubleScratch(int rows) {
    if (doubles.length < rows) {
      doubles = new double[rows];
    }
    return doubles;
  }
}
