package io.aurora.sql.catalog;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import java.util.List;

/**
 * Writes to one or more tables that become visible together, or not at all: the unit of an INSERT,
 * a COPY, a gRPC batch or a transaction block's COMMIT.
 *
 * <pre>
 * try (WriteTransaction write = catalog.beginWrite()) {
 *   write.append(events, page);      // staged: durable in the node's catalog, invisible
 *   write.append(totals, other);
 *   write.commit();                  // every staged row visible at once, or an exception
 * }                                  // close() without commit() discards what was staged
 * </pre>
 *
 * <p>{@link #append} may already send rows to their shards (a large COPY is not held in memory),
 * and fails early with the error a shard gives the rows (NOT NULL, types). {@link #commit} returns
 * once every row is durable and visible to statements that start after it; it throws an {@link
 * io.aurora.storage.error.AuroraException} when nothing was committed, except with {@link
 * io.aurora.storage.error.ErrorCode#UNAVAILABLE}, which means that the outcome is unknown (the
 * cluster lost its majority at the moment of the decision): the rows then become visible whole or
 * not at all. A transaction is used by one thread at a time.
 */
public interface WriteTransaction extends AutoCloseable {
  /**
   * Stages rows whose channels are the table's columns, in order; they are not visible before
   * {@link #commit}. Fails with the table's error for rows it cannot take; the transaction can then
   * only be closed.
   */
  void append(Table table, Page page);

  /**
   * Deletes, when the transaction commits, the table's visible rows that satisfy any of the
   * conjunctions (see {@link Table#delete}), before the transaction's own rows become visible: rows
   * this transaction appends are never deleted by it.
   */
  default void delete(Table table, List<List<ColumnPredicate>> disjunction) {
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED,
        "DELETE on table[" + table.name() + "] cannot be part of this write");
  }

  /** Rows staged so far. */
  long rowCount();

  /** Makes every staged row visible at once; see the class documentation for failures. */
  void commit();

  /** Discards the staged rows unless {@link #commit} succeeded; never throws. */
  @Override
  void close();
}
