/**
 * Replication of shards through Apache Ratis: {@link io.aurora.consensus.ShardReplica} runs the
 * Raft group of one shard, {@link io.aurora.consensus.ShardStateMachine} applies committed batches
 * to the shard, and {@link io.aurora.consensus.BatchCodec} is the log entry format of a batch.
 * Ratis types (and the protobuf, gRPC and Netty it shades) never appear in this package's public
 * API.
 */
package io.aurora.consensus;
