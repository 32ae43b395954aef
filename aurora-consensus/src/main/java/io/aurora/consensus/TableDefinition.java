package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.type.TableSchema;
import java.util.List;

/**
 * A table in the replicated catalog: its immutable id (the catalog log index of its CREATE TABLE
 * entry, never reused), its name, its current schema, the placement of each shard, and the columns
 * whose hash routes a row to its shard (empty: rows are spread evenly).
 */
public record TableDefinition(
    long tableId,
    String name,
    TableSchema schema,
    List<ShardPlacement> shards,
    List<String> distributionColumns,
    long retentionMicros) {
  public TableDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(schema, "schema is null");
    shards = List.copyOf(requireNonNull(shards, "shards is null"));
    distributionColumns =
        List.copyOf(requireNonNull(distributionColumns, "distributionColumns is null"));
  }

  TableDefinition withSchema(TableSchema newSchema) {
    return new TableDefinition(
        tableId, name, newSchema, shards, distributionColumns, retentionMicros);
  }

  TableDefinition withRetention(long micros) {
    return new TableDefinition(tableId, name, schema, shards, distributionColumns, micros);
  }
}
