package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * The state of one Raft group on this node, for operators and metrics: whether it is the catalog or
 * a shard, whether this node leads it, the highest log index known committed, the highest index
 * applied to the state machine (-1 while the group is still starting), and the index of the latest
 * snapshot (-1 without one).
 */
public record GroupStatus(
    UUID groupId,
    boolean isCatalog,
    boolean isLeader,
    long commitIndex,
    long lastAppliedIndex,
    long snapshotIndex) {
  public GroupStatus {
    requireNonNull(groupId, "groupId is null");
  }
}
