package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Table;
import io.aurora.storage.scan.ScanStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One node of a physical plan as EXPLAIN shows it, with what EXPLAIN ANALYZE measured: rows and
 * batches produced, time spent in the node and its inputs, and for scans what was skipped.
 */
public final class PlanNodeStats {
  private final String name;
  private final String details;
  private final List<PlanNodeStats> children = new ArrayList<>();
  private @Nullable ScanStatistics scanStatistics;
  private @Nullable Table scannedTable;
  private long rows;
  private long batches;
  private long nanos;

  PlanNodeStats(String name, String details) {
    this.name = requireNonNull(name, "name is null");
    this.details = requireNonNull(details, "details is null");
  }

  void addChild(PlanNodeStats child) {
    children.add(child);
  }

  void setScanStatistics(ScanStatistics statistics, Table table) {
    this.scanStatistics = statistics;
    this.scannedTable = table;
  }

  /** The table a scan node reads, null for other nodes. */
  public @Nullable Table scannedTable() {
    return scannedTable;
  }

  void record(long rowCount, long elapsedNanos) {
    rows += rowCount;
    batches += rowCount > 0 ? 1 : 0;
    nanos += elapsedNanos;
  }

  void addTime(long elapsedNanos) {
    nanos += elapsedNanos;
  }

  public String name() {
    return name;
  }

  public List<PlanNodeStats> children() {
    return children;
  }

  public long rows() {
    return rows;
  }

  public @Nullable ScanStatistics scanStatistics() {
    return scanStatistics;
  }

  /** The plan as indented text; with {@code isAnalyze} each line carries its measurements. */
  public String render(boolean isAnalyze) {
    StringBuilder text = new StringBuilder();
    render(text, 0, isAnalyze);
    return text.toString();
  }

  private void render(StringBuilder text, int depth, boolean isAnalyze) {
    text.append("  ".repeat(depth)).append(name);
    if (!details.isEmpty()) {
      text.append(" [").append(details).append(']');
    }
    if (isAnalyze) {
      text.append(
          String.format(
              Locale.ROOT, "  (rows=%d batches=%d time=%.3f ms)", rows, batches, nanos / 1e6));
      if (scanStatistics != null) {
        ScanStatistics.Snapshot scan = scanStatistics.snapshot();
        text.append(
            String.format(
                Locale.ROOT,
                "  (partitions skipped=%d/%d segments skipped=%d/%d blocks skipped=%d/%d"
                    + " [statistics=%d index=%d] rows scanned=%d)",
                scan.partitionsSkipped(),
                scan.partitions(),
                scan.segmentsSkipped(),
                scan.segments(),
                scan.blocksSkipped(),
                scan.blocks(),
                scan.blocksSkippedByStatistics(),
                scan.blocksSkippedByIndex(),
                scan.rowsScanned()));
      }
    }
    text.append('\n');
    for (PlanNodeStats child : children) {
      child.render(text, depth + 1, isAnalyze);
    }
  }
}
