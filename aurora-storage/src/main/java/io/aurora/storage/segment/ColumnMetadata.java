package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.predicate.BlockStatistics;
import io.aurora.storage.type.ColumnSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A column of a segment: its schema, its blocks, statistics over the whole segment, and its
 * optional dictionary (VARCHAR columns of low enough cardinality; sorted, so ids order like
 * values), inverted index (a bitmap of rows per dictionary id) and Bloom filter.
 */
public record ColumnMetadata(
    ColumnSchema schema,
    List<BlockMetadata> blocks,
    BlockStatistics statistics,
    @Nullable Region dictionary,
    int dictionarySize,
    @Nullable Region invertedIndex,
    @Nullable Region bloomFilter) {

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
