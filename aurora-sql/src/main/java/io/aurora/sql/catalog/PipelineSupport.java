package io.aurora.sql.catalog;

import io.aurora.storage.type.TableSchema;
import java.util.List;

/**
 * What a catalog needs from the node that runs pipelines (the server, with the Kafka connector):
 * checking a new pipeline's format and options, the schema of its dead-letter table, and the live
 * status of each pipeline for {@code system.pipelines}.
 */
public interface PipelineSupport {
  /** Fails with a SQLSTATE (22023, 0A000, ...) when the pipeline's format or options are bad. */
  void validate(PipelineDefinition pipeline);

  /** The columns of every pipeline's dead-letter table ({@code <pipeline>_errors}). */
  TableSchema errorTableSchema();

  /** One row per pipeline and partition, as {@code system.pipelines} shows it. */
  List<PipelineStatus> statuses(List<PipelineDefinition> pipelines);
}
