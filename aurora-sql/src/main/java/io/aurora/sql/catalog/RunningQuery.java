package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A statement this node's engine is running now, as {@code system.queries} shows it: from any
 * interface (PostgreSQL protocol, gRPC), from the moment it started to the moment its result was
 * read to the end or closed.
 *
 * @param queryId a number unique on this node since it started, the one {@code system.query_log}
 *     shows when it ends
 * @param protocol {@code pgwire} or {@code grpc}, null when run without a protocol server
 * @param pid the PostgreSQL session's process id ({@code pg_cancel_backend} takes it), 0 otherwise
 * @param user who runs it, null when unknown
 * @param clientAddress the client's IP address, null when unknown
 * @param rowsRead the rows its table scans read so far
 * @param bytesRead the bytes of stored column blocks its scans read so far
 * @param memoryBytes the bytes its operators hold now; {@code peakMemoryBytes} the most so far
 */
public record RunningQuery(
    long queryId,
    String query,
    @Nullable String protocol,
    int pid,
    @Nullable String user,
    @Nullable String clientAddress,
    long startMicros,
    long elapsedNanos,
    long rowsRead,
    long bytesRead,
    long memoryBytes,
    long peakMemoryBytes) {
  public RunningQuery {
    requireNonNull(query, "query is null");
  }
}
