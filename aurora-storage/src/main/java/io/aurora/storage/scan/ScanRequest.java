package io.aurora.storage.scan;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.predicate.ColumnPredicate;
import java.util.List;

/**
 * What a scan reads: the columns to return, in order (the channels of the pages it produces), and a
 * conjunction of predicates every returned row satisfies. Predicates may name columns that are not
 * returned. With no columns, pages carry only their row counts, and a segment scan without
 * predicates reads no block at all (the row counts come from the segment's metadata), which is how
 * {@code count(*)} runs.
 */
public record ScanRequest(List<String> columns, List<ColumnPredicate> predicates) {
  public ScanRequest {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    predicates = List.copyOf(requireNonNull(predicates, "predicates is null"));
  }

  public static ScanRequest of(List<String> columns, ColumnPredicate... predicates) {
    return new ScanRequest(columns, List.of(predicates));
  }
}
