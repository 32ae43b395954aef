package io.aurora.server;

import static java.util.Objects.requireNonNull;

import io.aurora.server.http.HttpServer;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.engine.FinishedStatement;
import io.aurora.sql.engine.StatementListener;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanStatistics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The node's metrics, in one Prometheus registry of its own (not the library's global one, so
 * several nodes can live in one JVM, as in tests), served as text at {@code GET /metrics}.
 *
 * <ul>
 *   <li>{@code aurora_statements_total{kind, outcome, sqlstate_class}}: engine statements by kind
 *       ({@code query}, {@code insert}, {@code copy}, {@code ingest} (a gRPC batch), {@code
 *       delete}, {@code explain}, {@code ddl}, {@code other}) and outcome ({@code ok} with class
 *       {@code 00}, or {@code error} with the SQLSTATE's two-character class, such as {@code 42}
 *       for a bad statement or {@code 57} for a cancelled one);
 *   <li>{@code aurora_statement_duration_seconds{kind}}: a histogram of statement latency (a
 *       query's includes the time its client took to read the rows);
 *   <li>{@code aurora_rows_ingested_total{protocol}}: rows written by INSERT, COPY and gRPC Ingest,
 *       by the protocol of the client ({@code pgwire}, {@code grpc}, or {@code internal});
 *   <li>{@code aurora_scan_rows_read_total}, {@code aurora_scan_partitions_total{result}}, {@code
 *       aurora_scan_segments_total{result}}, {@code aurora_scan_blocks_total{result}}: what table
 *       scans read and what they skipped ({@code result} is {@code read} or {@code skipped}), for
 *       pruning ratios;
 *   <li>{@code aurora_rows_deleted_total}: rows deleted by DELETE;
 *   <li>{@code aurora_pgwire_connections}, {@code aurora_pgwire_sessions_busy}: registered by the
 *       node as gauges;
 *   <li>the JVM's memory, GC, threads, class loading and process metrics ({@code jvm_*}, {@code
 *       process_*}).
 * </ul>
 *
 * Other components add gauges read at scrape time through {@link #gauge} and {@link
 * #gaugePerLabel}; for example the replicated catalog's Raft commit index per group:
 *
 * <pre>{@code
 * metrics.gaugePerLabel(
 *     "aurora_raft_commit_index", "Raft commit index per group", "group", catalog::commitIndexes);
 * }</pre>
 *
 * Thread-safe.
 */
public final class NodeMetrics implements HttpServer.MetricsText {
  private static final double[] LATENCY_BOUNDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter statements;
  private final Histogram latency;
  private final Counter rowsIngested;
  private final Counter bytesIngested;
  private final Counter rowsDeleted;
  private final Counter rowsRead;
  private final Counter bytesRead;
  private final Counter partitionsScanned;
  private final Counter segmentsScanned;
  private final Counter blocksScanned;

  public NodeMetrics() {
    statements =
        Counter.builder()
            .name("aurora_statements")
            .help("SQL statements run by the engine, by kind and outcome")
            .labelNames("kind", "outcome", "sqlstate_class")
            .register(registry);
    latency =
        Histogram.builder()
            .name("aurora_statement_duration_seconds")
            .help("Latency of SQL statements, from the start of execution to the last row read")
            .labelNames("kind")
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS)
            .register(registry);
    rowsIngested =
        Counter.builder()
            .name("aurora_rows_ingested")
            .help(
                "Rows written to tables by INSERT, COPY and gRPC Ingest, by protocol (pgwire,"
                    + " grpc, or internal for statements without a client)")
            .labelNames("protocol")
            .register(registry);
    bytesIngested =
        Counter.builder()
            .name("aurora_bytes_ingested")
            .help(
                "Bytes of data INSERT (its text), COPY (its payload) and gRPC Ingest (its Arrow"
                    + " batch) brought to the node, by protocol")
            .labelNames("protocol")
            .register(registry);
    rowsRead =
        Counter.builder()
            .name("aurora_scan_rows_read")
            .help("Rows table scans of statements read (evaluated or returned)")
            .register(registry);
    bytesRead =
        Counter.builder()
            .name("aurora_scan_bytes_read")
            .help("Bytes of stored column blocks table scans read (compressed, as in the files)")
            .register(registry);
    partitionsScanned =
        Counter.builder()
            .name("aurora_scan_partitions")
            .help("Time partitions table scans considered, by result: read or skipped (pruned)")
            .labelNames("result")
            .register(registry);
    segmentsScanned =
        Counter.builder()
            .name("aurora_scan_segments")
            .help(
                "Segments table scans considered in the partitions they read, by result: read or"
                    + " skipped (by statistics, dictionary or Bloom filter)")
            .labelNames("result")
            .register(registry);
    blocksScanned =
        Counter.builder()
            .name("aurora_scan_blocks")
            .help(
                "Blocks of sealed segments table scans considered, by result: read or skipped"
                    + " (by min/max statistics or an inverted index)")
            .labelNames("result")
            .register(registry);
    rowsDeleted =
        Counter.builder()
            .name("aurora_rows_deleted")
            .help("Rows deleted by DELETE (TRUNCATE reports none)")
            .register(registry);
    for (Counter counter : List.of(partitionsScanned, segmentsScanned, blocksScanned)) {
      // Both series from the start, so that ratios over them are defined before the first scan.
      counter.labelValues("read");
      counter.labelValues("skipped");
    }
    JvmMetrics.builder().register(registry);
  }

  /** The listener to pass to the {@code SqlEngine}: it counts and times every statement. */
  public StatementListener statementListener() {
    return this::statementFinished;
  }

  private void statementFinished(FinishedStatement statement) {
    StatementListener.Kind kind = statement.kind();
    long rows = statement.rows();
    ErrorCode error = statement.error();
    long durationNanos = statement.durationNanos();
    String kindLabel = kind.name().toLowerCase(Locale.ROOT);
    if (error == null) {
      statements.labelValues(kindLabel, "ok", "00").inc();
    } else {
      statements.labelValues(kindLabel, "error", error.sqlState().substring(0, 2)).inc();
    }
    latency.labelValues(kindLabel).observe(durationNanos / 1e9);
    if ((kind == StatementListener.Kind.INSERT
            || kind == StatementListener.Kind.COPY
            || kind == StatementListener.Kind.INGEST)
        && rows > 0) {
      CurrentSession.Client client = statement.client();
      String protocol = client == null ? "internal" : client.protocol();
      rowsIngested.labelValues(protocol).inc(rows);
      bytesIngested.labelValues(protocol).inc(statement.bytesReceived());
    }
    if (kind == StatementListener.Kind.DELETE && rows > 0) {
      rowsDeleted.inc(rows);
    }
    ScanStatistics.Snapshot scan = statement.scan();
    if (scan.partitions() > 0 || scan.rowsScanned() > 0) {
      rowsRead.inc(scan.rowsScanned());
      bytesRead.inc(scan.bytesRead());
      count(partitionsScanned, scan.partitions(), scan.partitionsSkipped());
      count(segmentsScanned, scan.segments(), scan.segmentsSkipped());
      count(blocksScanned, scan.blocks(), scan.blocksSkipped());
    }
  }

  private static void count(Counter counter, long considered, long skipped) {
    counter.labelValues("read").inc(considered - skipped);
    counter.labelValues("skipped").inc(skipped);
  }

  /**
   * Registers a counter whose value is read at every scrape, such as a cache's hits kept by the
   * cache itself; the supplier follows the rules of {@link #gauge} and must never decrease.
   */
  public void counter(String name, String help, DoubleSupplier value) {
    requireNonNull(value, "value is null");
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
  }

  /**
   * Registers a gauge whose value is read at every scrape. The supplier runs on an HTTP event loop
   * thread: it must be fast and must not block.
   */
  public void gauge(String name, String help, DoubleSupplier value) {
    requireNonNull(value, "value is null");
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
  }

  /**
   * Registers a gauge with one label, such as a value per Raft group; the supplier returns the
   * current value of each label value and is read at every scrape, under the same rules as {@link
   * #gauge}.
   */
  public void gaugePerLabel(
      String name,
      String help,
      String labelName,
      Supplier<? extends Map<String, ? extends Number>> values) {
    requireNonNull(values, "values is null");
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labelName)
        .callback(
            callback -> {
              for (Map.Entry<String, ? extends Number> entry : values.get().entrySet()) {
                callback.call(entry.getValue().doubleValue(), entry.getKey());
              }
            })
        .register(registry);
  }

  /**
   * Registers a gauge with several labels; the supplier maps each list of label values (in the
   * order of {@code labelNames}) to the current value, read at every scrape under the rules of
   * {@link #gauge}.
   */
  public void gaugePerLabels(
      String name,
      String help,
      List<String> labelNames,
      Supplier<? extends Map<List<String>, ? extends Number>> values) {
    requireNonNull(values, "values is null");
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames.toArray(new String[0]))
        .callback(
            callback -> {
              for (Map.Entry<List<String>, ? extends Number> entry : values.get().entrySet()) {
                callback.call(
                    entry.getValue().doubleValue(), entry.getKey().toArray(new String[0]));
              }
            })
        .register(registry);
  }

  /** The content type of {@link #writeText}: Prometheus text format 0.0.4. */
  @Override
  public String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric in the Prometheus text format. */
  @Override
  public void writeText(OutputStream output) throws IOException {
    writer.write(output, registry.scrape());
  }
}
