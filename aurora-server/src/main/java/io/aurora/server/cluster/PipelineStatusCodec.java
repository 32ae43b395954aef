package io.aurora.server.cluster;

import io.aurora.client.internal.PipelinePartitionStatus;
import io.aurora.kafka.KafkaPipeline;
import io.aurora.server.pipeline.PipelineManager;

/** A pipeline partition's row in the internal RPC's message, and back. */
final class PipelineStatusCodec {
  private PipelineStatusCodec() {}

  static PipelinePartitionStatus encode(PipelineManager.PartitionRow row) {
    KafkaPipeline.PartitionStatus partition = row.partition();
    return PipelinePartitionStatus.newBuilder()
        .setPipeline(row.pipeline())
        .setPipelineId(row.pipelineId())
        .setPartition(partition.partition())
        .setState(row.state())
        .setError(row.error() == null ? "" : row.error())
        .setCommittedOffset(partition.committedOffset())
        .setHighWatermark(partition.highWatermark())
        .setLagRecords(partition.lagRecords())
        .setLagSeconds(partition.lagSeconds())
        .setRowsPerSecond(partition.rowsPerSecond())
        .setBytesPerSecond(partition.bytesPerSecond())
        .setRows(partition.rows())
        .setErrors(partition.errors())
        .setNodeId(row.nodeId())
        .build();
  }

  static PipelineManager.PartitionRow decode(PipelinePartitionStatus status) {
    return new PipelineManager.PartitionRow(
        status.getPipeline(),
        status.getPipelineId(),
        status.getState(),
        status.getError().isEmpty() ? null : status.getError(),
        new KafkaPipeline.PartitionStatus(
            status.getPartition(),
            status.getCommittedOffset(),
            status.getHighWatermark(),
            status.getLagRecords(),
            status.getLagSeconds(),
            status.getRowsPerSecond(),
            status.getBytesPerSecond(),
            status.getRows(),
            status.getErrors()),
        status.getNodeId());
  }
}
