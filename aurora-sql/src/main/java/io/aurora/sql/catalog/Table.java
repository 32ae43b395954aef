package io.aurora.sql.catalog;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.shard.SegmentStatistics;
import io.aurora.storage.type.TableSchema;
import java.util.List;
import java.util.Map;

/**
 * A table as the SQL engine sees it: its definition, its size, and how to read and write its rows.
 * The node implements writes through Raft; tests use {@link LocalCatalog}.
 *
 * <p>Implementations are thread-safe: many queries scan while writes append.
 */
public interface Table {
  String name();

  /** The current definition, including columns added since the table was created. */
  TableSchema schema();

  /** Rows visible now, for the optimizer's statistics. */
  long rowCount();

  /**
   * An estimate of the distinct non-null values of a column, for the optimizer's join ordering, or
   * NaN when the table cannot tell (see {@link io.aurora.storage.shard.DistinctEstimate}).
   */
  default double distinctCount(String column) {
    return Double.NaN;
  }

  /**
   * The segments of the table's shards that this node stores, by shard number: its replicas in a
   * cluster, every shard on a single node; empty where the table cannot tell.
   */
  default Map<Integer, List<SegmentStatistics>> localSegments() {
    return Map.of();
  }

  /** Plans a scan over the rows visible now, across all of the table's shards. */
  TableScan scan(ScanRequest request);

  /**
   * Appends rows whose channels are the table's columns, in order. Returns once the rows are
   * durable and visible.
   */
  void append(Page page);

  /**
   * Deletes the visible rows that satisfy any of the conjunctions (an empty conjunction matches
   * every row), atomically across the table's shards, and returns how many it deleted. Returns once
   * the deletion is durable and visible.
   */
  default long delete(List<List<ColumnPredicate>> disjunction) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "Table[" + name() + "] does not support DELETE");
  }

  /**
   * Appends rows for an idempotent producer (the gRPC {@code Ingest} call): like {@link
   * #append(Page)}, unless {@code sequence} is at or below the highest sequence already applied for
   * {@code producerId} in this table, in which case nothing is appended. A producer numbers its
   * batches in increasing order and resends a batch with its original sequence when it did not
   * learn the outcome, so a retry never duplicates rows.
   *
   * @return true when the rows were appended, false when the batch was a duplicate
   */
  boolean append(Page page, String producerId, long sequence);

  /**
   * Appends rows read from an ordered source, such as one partition of a Kafka pipeline, exactly
   * once: {@code offsets[i]} is the source offset of the page's i-th row (increasing), and {@code
   * endOffset} the offset the batch ends at (at least the last row's: records that produced no row,
   * such as bad or filtered ones, still advance it). Rows at or below the offset this table already
   * applied for {@code source} are dropped, so a consumer that resumes from {@link #sourceOffset}
   * or from any earlier offset never doubles a row. Which shard a row lands in is a function of the
   * row (its distribution key) or of {@code source}, never of timing: a source named {@code
   * <prefix>/<n>} goes to shard n mod shards when the table has no distribution key.
   *
   * @return the rows appended (those not applied before)
   */
  long appendSourced(Page page, long[] offsets, String source, long endOffset);

  /**
   * The offset up to which every record of {@code source} has been applied to this table (the
   * lowest of its shards' offsets), or -1 when none has: a consumer resumes after it. Includes
   * every batch acknowledged before the call.
   */
  long sourceOffset(String source);
}
