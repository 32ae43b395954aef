package io.aurora.storage.shard;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageListScanner;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.type.ColumnSchema;
import java.util.Arrays;
import java.util.List;

/**
 * The in-memory segment a partition appends to: a list of immutable pages, readable while it is
 * written.
 *
 * <p>One writer appends (the shard serializes appends); any number of readers take a {@link
 * Snapshot}, which fixes the pages visible to them. A page is written into the array before the
 * snapshot that counts it is published through a volatile field, and published slots are never
 * changed, so readers see a consistent prefix of the appended rows without taking a lock and never
 * block the writer.
 */
final class MutableSegment {
  private final List<ColumnSchema> columns;
  private final long createdNanos;
  private Page[] pages = new Page[16];
  private volatile Snapshot snapshot;

  MutableSegment(List<ColumnSchema> columns, long createdNanos) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    this.createdNanos = createdNanos;
    this.snapshot = new Snapshot(this.columns, pages, 0, 0, 0);
  }

  /** Appends a page without a selection; the caller is the single writer. */
  void append(Page page) {
    Snapshot current = snapshot;
    int count = current.pageCount();
    if (count == pages.length) {
      pages = Arrays.copyOf(pages, count * 2);
    }
    pages[count] = page;
    snapshot =
        new Snapshot(
            columns,
            pages,
            count + 1,
            current.rowCount() + page.positionCount(),
            current.retainedBytes() + page.retainedBytes());
  }

  Snapshot snapshot() {
    return snapshot;
  }

  long createdNanos() {
    return createdNanos;
  }

  /**
   * The pages of a mutable segment at one moment.
   *
   * @param columns the columns of the table when the segment was created (its pages' channels)
   * @param pages an array whose first {@code pageCount} entries are the visible pages; the array
   *     may be shared with later snapshots, which only write past {@code pageCount}
   */
  record Snapshot(
      List<ColumnSchema> columns, Page[] pages, int pageCount, long rowCount, long retainedBytes) {
    List<Page> pageList() {
      return Arrays.asList(pages).subList(0, pageCount);
    }

    ScanSplit split(ScanContext context) {
      return PageListScanner.split(columns, pages, pageCount, rowCount, context);
    }
  }
}
