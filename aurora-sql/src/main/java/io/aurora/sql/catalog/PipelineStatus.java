package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code system.pipelines}: a pipeline's partition (or the pipeline as a whole, with a
 * null partition, when no node here reads it) and how far it is. Offsets and counts are -1 when
 * unknown, and shown as NULL.
 */
public record PipelineStatus(
    String pipeline,
    String topic,
    String table,
    String format,
    @Nullable Integer partition,
    String state,
    @Nullable String error,
    long committedOffset,
    long highWatermark,
    long lagRecords,
    double lagSeconds,
    double rowsPerSecond,
    double bytesPerSecond,
    long rows,
    long errors,
    @Nullable String nodeId) {
  public PipelineStatus {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(table, "table is null");
    requireNonNull(format, "format is null");
    requireNonNull(state, "state is null");
  }
}
