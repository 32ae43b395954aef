package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.predicate.BlockStatistics;
import io.aurora.storage.type.ColumnSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A column of a segment: its schema, its blocks, statistics over the whole segment, and its
 * optional dictionary (VARCHAR columns of low enough cardinality; sorted, so ids order like
 * values), inverted index (a bitmap of rows per dictionary id) and Bloom filter, and a sketch of
 * its distinct values for the planner's statistics.
 *
 * @param distinctSketch the state of an {@link com.dynatrace.hash4j.distinctcount.UltraLogLog} of
 *     precision {@link #SKETCH_PRECISION} over the column's non-null values hashed by {@link
 *     io.aurora.storage.index.ValueHashing}, so that sketches of segments merge; null for types not
 *     sketched (floating point, boolean) and for segments of format version 1
 */
public record ColumnMetadata(
    ColumnSchema schema,
    List<BlockMetadata> blocks,
    BlockStatistics statistics,
    @Nullable Region dictionary,
    int dictionarySize,
    @Nullable Region invertedIndex,
    @Nullable Region bloomFilter,
    byte @Nullable [] distinctSketch) {
  /** 2^8 registers: 256 bytes a column, about 5% standard error. */
  public static final int SKETCH_PRECISION = 8;

  public ColumnMetadata {
    requireNonNull(schema, "schema is null");
    blocks = List.copyOf(blocks);
    requireNonNull(statistics, "statistics is null");
  }

  public String name() {
    return schema.name();
  }

  public boolean hasDictionary() {
    return dictionary != null;
  }
}
