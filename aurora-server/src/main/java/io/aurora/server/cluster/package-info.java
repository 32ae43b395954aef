/**
 * Calls between the nodes of a cluster: the internal gRPC service that serves a shard replica's
 * scan to other nodes ({@link io.aurora.server.cluster.ShardScanService}) and its client ({@link
 * io.aurora.server.cluster.GrpcShardReader}), which the replicated catalog uses to read shards this
 * node holds no replica of.
 */
package io.aurora.server.cluster;
