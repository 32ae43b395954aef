package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka pipeline as the catalog keeps it ({@code CREATE PIPELINE}): where it reads, the table it
 * writes, its record format and options, its column mappings ({@code column -> SQL expression over
 * the record's fields}, in the order written) and filter (a SQL condition, or null), and whether it
 * should run. {@code id} is assigned by the catalog when the pipeline is created and never reused,
 * so a pipeline re-created under the same name starts afresh instead of inheriting the old one's
 * offsets.
 */
public record PipelineDefinition(
    long id,
    String name,
    String brokers,
    String topic,
    String table,
    String format,
    Map<String, String> options,
    Map<String, String> mappings,
    @Nullable String filter,
    boolean isRunning) {
  public PipelineDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(brokers, "brokers is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(table, "table is null");
    requireNonNull(format, "format is null");
    options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    mappings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mappings));
  }

  /** A pipeline without column mappings or filter. */
  public PipelineDefinition(
      long id,
      String name,
      String brokers,
      String topic,
      String table,
      String format,
      Map<String, String> options,
      boolean isRunning) {
    this(id, name, brokers, topic, table, format, options, Map.of(), null, isRunning);
  }

  /** Whether rows are computed by SQL expressions (mappings or a filter) from the records. */
  public boolean isTransformed() {
    return !mappings.isEmpty() || filter != null;
  }

  /** The dead-letter table of the pipeline: {@code <name>_errors}. */
  public String errorTable() {
    return errorTableName(name);
  }

  public static String errorTableName(String pipeline) {
    return pipeline + "_errors";
  }

  public PipelineDefinition withId(long newId) {
    return new PipelineDefinition(
        newId, name, brokers, topic, table, format, options, mappings, filter, isRunning);
  }

  public PipelineDefinition withRunning(boolean running) {
    return new PipelineDefinition(
        id, name, brokers, topic, table, format, options, mappings, filter, running);
  }
}
