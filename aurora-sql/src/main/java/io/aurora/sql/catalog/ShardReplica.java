package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

/**
 * One replica of one shard as {@code system.shards} shows it: the table, the shard number, the node
 * holding the replica, its Raft role ({@code leader}, {@code follower}, {@code unknown} for a
 * replica on another node whose state this node does not know, or {@code recovering} for a replica
 * on this node that fell behind its leader's log and is copying a snapshot from it), and, for
 * replicas on this node, the applied log index and the rows applied (-1 when not known here).
 */
public record ShardReplica(
    String table, int shard, String nodeId, String role, long appliedIndex, long rows) {
  public ShardReplica {
    requireNonNull(table, "table is null");
    requireNonNull(nodeId, "nodeId is null");
    requireNonNull(role, "role is null");
  }
}
