package io.aurora.consensus;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Copies a shard replica's snapshot from another node: a replica that fell behind its leader's log
 * (the leader purged entries it lacks) rebuilds itself from the copy. The server implements it over
 * its internal RPC, serving the other side with {@link RaftNode#exportShard}.
 *
 * <p>Contract: {@link #fetch} blocks until every file of {@link ShardExport#files} of the serving
 * node's export (taken at log index {@code minIndex} or later) is in {@code directory} under the
 * same relative path, whole and checked, and forced to disk; it fails with an {@link
 * io.aurora.storage.error.AuroraException} (UNAVAILABLE when the node cannot be reached or holds no
 * replica) otherwise, and the caller deletes what was copied. Thread-safe.
 */
@FunctionalInterface
public interface ShardSnapshotFetcher {
  void fetch(NodeRecord node, UUID groupId, long minIndex, Path directory);
}
