package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Kafka pipeline as the catalog keeps it ({@code CREATE PIPELINE}): where it reads, the table it
 * writes, its record format and options, and whether it should run. {@code id} is assigned by the
 * catalog when the pipeline is created and never reused, so a pipeline re-created under the same
 * name starts afresh instead of inheriting the old one's offsets.
 */
public record PipelineDefinition(
    long id,
    String name,
    String brokers,
    String topic,
    String table,
    String format,
    Map<String, String> options,
    boolean isRunning) {
  public PipelineDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(brokers, "brokers is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(table, "table is null");
    requireNonNull(format, "format is null");
    options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
  }

  /** The dead-letter table of the pipeline: {@code <name>_errors}. */
  public String errorTable() {
    return errorTableName(name);
  }

  public static String errorTableName(String pipeline) {
    return pipeline + "_errors";
  }

  public PipelineDefinition withId(long newId) {
    return new PipelineDefinition(newId, name, brokers, topic, table, format, options, isRunning);
  }

  public PipelineDefinition withRunning(boolean running) {
    return new PipelineDefinition(id, name, brokers, topic, table, format, options, running);
  }
}
