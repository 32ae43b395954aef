package io.aurora.consensus;

import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanRequest;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads a shard from its replica on another node: the node that runs a query reads the shards it
 * holds no replica of through this. The server implements it over its internal RPC, serving the
 * other side with {@link ReplicatedCatalog#scanReplica}.
 *
 * <p>Contract: {@link #scan} returns at once; the call to the node happens when the source is first
 * read. The replica runs the request (columns and pushed-down predicates) after a ReadIndex
 * barrier, so the pages include every write acknowledged before the scan began. A node that cannot
 * be reached, or that no longer holds the replica, fails the first {@code next()} with an {@link
 * io.aurora.storage.error.AuroraException} of {@link io.aurora.storage.error.ErrorCode#UNAVAILABLE}
 * before any page: the caller then tries another replica. The caller closes the source, which ends
 * the call. Thread-safe.
 */
public interface RemoteShardReader {
  PageSource scan(NodeRecord node, UUID groupId, ScanRequest request);

  /**
   * Like {@link #scan}, but the replica's node runs {@code fragment} (work above the scan, in the
   * SQL layer's encoding) over the scanned pages and returns its output; null when this reader
   * cannot ask for that, and the caller scans instead.
   */
  default @Nullable PageSource scanFragment(
      NodeRecord node, UUID groupId, ScanRequest request, String fragment) {
    return null;
  }
}
