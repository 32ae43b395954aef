package io.aurora.sql.execution;

import io.aurora.sql.catalog.Table;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;

/**
 * How a statement's scans read a table. Plans name the catalog's tables and are shared between
 * sessions (the engine's plan cache), so what one session alone may see, such as the rows its
 * transaction block has not committed, is added here, when the operators of one run are planned.
 */
@FunctionalInterface
public interface TableReader {
  /** The table's committed rows only. */
  TableReader COMMITTED = Table::scan;

  /** Plans a scan of {@code table}. */
  TableScan scan(Table table, ScanRequest request);
}
