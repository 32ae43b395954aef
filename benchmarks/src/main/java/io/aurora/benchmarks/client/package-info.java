/**
 * End-to-end benchmarks of the gRPC client against a running node: ingest rows/s through {@link
 * io.aurora.client.AuroraWriter} beside DuckDB's appender, and acknowledgement-to-visible latency.
 */
package io.aurora.benchmarks.client;
