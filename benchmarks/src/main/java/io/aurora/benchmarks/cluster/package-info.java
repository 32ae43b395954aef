/**
 * Benchmarks of a cluster of nodes beside one node in the same run: ingest through three-replica
 * Raft groups and the time a write waits for a new leader after the old one goes away.
 */
package io.aurora.benchmarks.cluster;
