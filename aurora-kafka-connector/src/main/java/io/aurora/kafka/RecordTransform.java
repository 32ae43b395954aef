package io.aurora.kafka;

import io.aurora.storage.block.Page;
import java.util.List;

/**
 * Computes a pipeline's rows from its records with SQL (column mappings and a filter): records are
 * first read into a staging page whose columns are {@link #sourceFields()}, all VARCHAR, followed
 * by the record's row number in the batch (BIGINT); {@link #apply} turns it into rows of the target
 * table. The server implements it with its SQL engine; the connector knows only this interface.
 */
public interface RecordTransform {
  /**
   * The record fields the expressions may read, lower case unless they were quoted: a top-level
   * JSON field's name, or a nested one's path joined by dots ({@code user.id}).
   */
  List<String> sourceFields();

  /**
   * The target rows computed from the staging rows, and for each of them the row number of the
   * staging row it came from. Staging rows the filter drops make no row.
   *
   * @throws io.aurora.storage.error.AuroraException when an expression fails on some row; the
   *     pipeline then applies the rows one at a time to find the bad ones
   */
  Result apply(Page staging);

  /** Target rows and the staging row number of each, in order. */
  record Result(Page rows, long[] stagingRows) {}
}
