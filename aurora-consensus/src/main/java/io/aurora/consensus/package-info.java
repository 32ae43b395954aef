/**
 * The node's replication through Apache Ratis, as multi-raft: one {@link
 * io.aurora.consensus.RaftNode} (one Raft server, one port, a peer id kept in the data directory)
 * hosts the catalog group and one group per shard. {@link io.aurora.consensus.ReplicatedCatalog} is
 * the entry point: the SQL engine's {@code Catalog} over the node, with DDL committed to the
 * catalog group ({@link io.aurora.consensus.CatalogStateMachine}, entries in {@link
 * io.aurora.consensus.CatalogCodec}'s format) and rows committed to shard groups ({@link
 * io.aurora.consensus.ShardStateMachine}, entries in {@link io.aurora.consensus.BatchCodec}'s
 * format).
 *
 * <p>A table's id is the catalog log index of its CREATE TABLE entry and its shard group ids derive
 * from that id, so a table dropped and created again gets new groups. Each shard persists its own
 * schema, because Ratis recovers every group on disk when the server starts, before the catalog has
 * replayed its log; an append is acknowledged only once committed to the fsync'd Raft log and
 * applied. Shards seal only inside Raft snapshots, which purge the log behind them, so a restart
 * loads the snapshots and replays only log tails.
 *
 * <p>Ratis types (and the protobuf, gRPC and Netty it shades) never appear in this package's public
 * API: it speaks {@link java.util.UUID}, {@link io.aurora.consensus.PeerAddress}, {@link
 * io.aurora.consensus.GroupStatus} and storage types.
 */
package io.aurora.consensus;
