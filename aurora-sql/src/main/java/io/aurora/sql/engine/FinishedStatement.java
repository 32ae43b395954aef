package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.CurrentSession;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanStatistics;
import org.jspecify.annotations.Nullable;

/**
 * A statement that ended, as the engine reports it to its {@link StatementListener}: for the node's
 * metrics, {@code system.query_log} and the slow-query log.
 *
 * @param queryId the number {@code system.queries} showed it under, unique on this node since it
 *     started
 * @param kind what the statement was
 * @param query its text
 * @param client who ran it, null when unknown (an engine used without a protocol server)
 * @param startMicros when it started, microseconds since 1970-01-01T00:00:00Z
 * @param durationNanos from the start of {@code execute} to the end
 * @param rows rows inserted ({@link StatementListener.Kind#INSERT}, {@code COPY}, {@code INGEST}),
 *     deleted ({@code DELETE}) or returned ({@code QUERY}, {@code EXPLAIN}, and DDL that lists,
 *     such as SHOW TABLES); 0 otherwise and on failure
 * @param scan what its table scans read and skipped, all scans together ({@link
 *     ScanStatistics.Snapshot#ZERO} when it read no table)
 * @param peakMemoryBytes the most memory its operators held at once
 * @param bytesReceived the bytes of data it brought to the node: a COPY's payload, a gRPC batch's
 *     Arrow bytes, an INSERT's text; 0 for other statements
 * @param error the failure's code, or null when the statement succeeded
 * @param errorMessage the failure's message, or null
 */
public record FinishedStatement(
    long queryId,
    StatementListener.Kind kind,
    String query,
    CurrentSession.@Nullable Client client,
    long startMicros,
    long durationNanos,
    long rows,
    ScanStatistics.Snapshot scan,
    long peakMemoryBytes,
    long bytesReceived,
    @Nullable ErrorCode error,
    @Nullable String errorMessage) {
  public FinishedStatement {
    requireNonNull(kind, "kind is null");
    requireNonNull(query, "query is null");
    requireNonNull(scan, "scan is null");
  }

  /** Rows its table scans read (evaluated or returned). */
  public long rowsRead() {
    return scan.rowsScanned();
  }
}
