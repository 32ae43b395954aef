package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A node of the cluster as {@code system.nodes} shows it: its id, the addresses it serves (Raft,
 * PostgreSQL, gRPC; empty when unknown), its state as this node sees it ({@code up}, {@code down}
 * or {@code unknown}), and how many shard replicas it holds and leads.
 */
public record ClusterNode(
    String nodeId,
    String raftAddress,
    String sqlAddress,
    String grpcAddress,
    String state,
    int replicas,
    int leaders) {
  public ClusterNode {
    requireNonNull(nodeId, "nodeId is null");
    requireNonNull(raftAddress, "raftAddress is null");
    requireNonNull(sqlAddress, "sqlAddress is null");
    requireNonNull(grpcAddress, "grpcAddress is null");
    requireNonNull(state, "state is null");
  }
}
