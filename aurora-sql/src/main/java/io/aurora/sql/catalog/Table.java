package io.aurora.sql.catalog;

import io.aurora.storage.block.Page;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.type.TableSchema;

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

  /** Plans a scan over the rows visible now, across all of the table's shards. */
  TableScan scan(ScanRequest request);

  /**
   * Appends rows whose channels are the table's columns, in order. Returns once the rows are
   * durable and visible.
   */
  void append(Page page);

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
}
