package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Where one shard of a table lives: the id of its Raft group (see {@link #groupId(long, int)}) and
 * the peers of that group. On a single node every group has one peer, this node.
 */
public record ShardPlacement(int shard, UUID groupId, List<PeerAddress> peers) {
  public ShardPlacement {
    requireNonNull(groupId, "groupId is null");
    peers = List.copyOf(requireNonNull(peers, "peers is null"));
  }

  /**
   * The Raft group id of a shard: derived from the table's immutable id (not its name), so a table
   * dropped and created again under the same name gets new groups and new directories.
   */
  public static UUID groupId(long tableId, int shard) {
    return groupId("", tableId, shard);
  }

  /**
   * The Raft group id of a shard in the cluster {@code clusterId} (empty for a single node): a
   * cluster's groups differ from every other cluster's, so Raft traffic from a node of another
   * cluster finds no group here and is refused.
   */
  public static UUID groupId(String clusterId, long tableId, int shard) {
    String prefix = clusterId.isEmpty() ? "aurora-shard/" : "aurora-shard/" + clusterId + "/";
    return UUID.nameUUIDFromBytes(
        (prefix + tableId + "/" + shard).getBytes(StandardCharsets.UTF_8));
  }

  /** The peer listed first: the replica that should lead the group (a Raft priority). */
  public PeerAddress preferredLeader() {
    return peers.get(0);
  }
}
