/**
 * JMH benchmarks of the storage layer: scan-and-filter throughput beside a primitive-array loop
 * over the same values, segment and shard write throughput, and the on-disk size of an event table
 * under each codec. {@code benchmarks/README.md} has the commands.
 */
package io.aurora.benchmarks.storage;
