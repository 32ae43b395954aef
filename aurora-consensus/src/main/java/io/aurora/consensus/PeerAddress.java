package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

/**
 * A Raft peer as the catalog records it: the node's stable peer id (kept in {@code node.id} in its
 * data directory) and the {@code host:port} of its Raft server when the record was written.
 */
public record PeerAddress(String id, String address) {
  public PeerAddress {
    requireNonNull(id, "id is null");
    requireNonNull(address, "address is null");
  }
}
