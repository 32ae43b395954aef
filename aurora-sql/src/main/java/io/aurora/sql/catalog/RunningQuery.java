package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A statement this node's engine is running now, as {@code system.queries} shows it: from any
 * interface (PostgreSQL protocol, gRPC, HTTP), from the moment it started to the moment its result
 * was read to the end or closed.
 *
 * @param queryId a number unique on this node since it started
 * @param memoryBytes the bytes its operators hold now; {@code peakMemoryBytes} the most so far
 */
public record RunningQuery(
    long queryId,
    String query,
    long startMicros,
    long elapsedNanos,
    long memoryBytes,
    long peakMemoryBytes) {
  public RunningQuery {
    requireNonNull(query, "query is null");
  }
}
