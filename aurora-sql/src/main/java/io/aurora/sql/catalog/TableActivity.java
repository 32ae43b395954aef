package io.aurora.sql.catalog;

/**
 * What this node's engine did with one user table since the node started, as {@code
 * pg_stat_user_tables} shows it: the counters are the node's own and start at zero with the node.
 *
 * @param sequentialScans scans of the table by queries (Aurora has no index scans)
 * @param lastScanMicros when the last of them ended, microseconds since 1970, -1 before the first
 * @param rowsRead rows those scans read (evaluated or returned)
 * @param rowsInserted rows INSERT, COPY and gRPC Ingest wrote to it
 * @param rowsDeleted rows DELETE removed from it (TRUNCATE does not count its rows)
 */
public record TableActivity(
    long sequentialScans,
    long lastScanMicros,
    long rowsRead,
    long rowsInserted,
    long rowsDeleted) {}
