package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

/**
 * A node as the catalog records it when the node announces itself: its Raft peer id, the operator's
 * name for it ({@code node-id}), and the addresses of its Raft, PostgreSQL and gRPC endpoints
 * ({@code host:port}; empty until announced).
 */
public record NodeRecord(
    String peerId, String nodeId, String raftAddress, String sqlAddress, String grpcAddress) {
  public NodeRecord {
    requireNonNull(peerId, "peerId is null");
    requireNonNull(nodeId, "nodeId is null");
    requireNonNull(raftAddress, "raftAddress is null");
    requireNonNull(sqlAddress, "sqlAddress is null");
    requireNonNull(grpcAddress, "grpcAddress is null");
  }
}
