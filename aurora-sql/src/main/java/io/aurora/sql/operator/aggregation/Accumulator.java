package io.aurora.sql.operator.aggregation;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The state of one aggregate for every group, held column-wise in arrays indexed by group id.
 *
 * <p>The aggregation operator assigns each input row a group id, calls {@link #ensureCapacity(int)}
 * with the number of groups so far and then hands over the page with the group ids. An accumulator
 * loops over the page's rows once per batch, in a loop specialised for its kind and input type;
 * per-group objects are used only by sketches and exact percentiles.
 *
 * <p>Memory grows through {@link MemoryContext#reserve(long)} before arrays are allocated, so a
 * query over its limit fails with OUT_OF_MEMORY; {@link #close()} frees everything reserved. Not
 * thread-safe.
 */
public abstract class Accumulator implements AutoCloseable {
  private final MemoryContext memory;
  private long reservedBytes;

  protected Accumulator(MemoryContext memory) {
    this.memory = requireNonNull(memory, "memory is null");
  }

  /** The types of the intermediate state columns this aggregate emits in a PARTIAL step. */
  public abstract List<DataType> intermediateTypes();

  /** Grows the state so that group ids {@code 0 .. groupCount - 1} are valid. */
  public abstract void ensureCapacity(int groupCount);

  /**
   * Accumulates raw input rows: {@code groupIds[i]} is the group of the {@code i}-th row of {@code
   * page} (honoring its selection).
   */
  public abstract void addInput(int[] groupIds, Page page);

  /**
   * Accumulates raw input rows that all belong to group 0 (an aggregation without GROUP BY); {@code
   * zeros} holds at least one zero per row. Accumulators whose per-row work is an update of the
   * group's state override this to skip the group lookup.
   */
  public void addGlobalInput(int[] zeros, Page page) {
    addInput(zeros, page);
  }

  /**
   * Merges intermediate state, laid out as {@link #intermediateTypes()} starting at channel {@code
   * firstChannel} of {@code page}.
   */
  public abstract void addIntermediate(int[] groupIds, Page page, int firstChannel);

  /** Writes the intermediate state of groups {@code from .. to - 1} into {@code out[offset..]}. */
  public abstract void buildIntermediate(int from, int to, Block[] out, int offset);

  /** A new block of the final values of groups {@code from .. to - 1}. */
  public abstract Block buildFinal(int from, int to);

  /** Reserves {@code bytes} more for this accumulator's state. */
  protected final void reserve(long bytes) {
    if (bytes > 0) {
      memory.reserve(bytes);
      reservedBytes += bytes;
    }
  }

  /** Gives back {@code bytes} of this accumulator's reservation, for state dropped early. */
  protected final void release(long bytes) {
    long released = Math.min(bytes, reservedBytes);
    memory.free(released);
    reservedBytes -= released;
  }

  /** The bytes this accumulator has reserved. */
  public final long reservedBytes() {
    return reservedBytes;
  }

  @Override
  public void close() {
    memory.free(reservedBytes);
    reservedBytes = 0;
  }

  /** The capacity to grow an array of {@code current} entries to so it holds {@code needed}. */
  protected static int grownCapacity(int current, int needed) {
    return Math.max(needed, Math.max(16, current + (current >> 1)));
  }

  /**
   * The null mask of a result block: {@code null} when every group of {@code from .. to - 1} has a
   * value.
   */
  protected static boolean @Nullable [] nullsWhereMissing(boolean[] hasValue, int from, int to) {
    boolean[] nulls = null;
    for (int i = from; i < to; i++) {
      if (!hasValue[i]) {
        if (nulls == null) {
          nulls = new boolean[to - from];
        }
        nulls[i - from] = true;
      }
    }
    return nulls;
  }
}
