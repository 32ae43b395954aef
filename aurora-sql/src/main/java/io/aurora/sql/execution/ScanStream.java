package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.TableScan;
import org.jspecify.annotations.Nullable;

/** Reads a planned table scan's splits one after another, checking for cancellation per page. */
final class ScanStream implements PageStream {
  private final TableScan scan;
  private final OperatorContext context;
  private @Nullable PageSource pages;

  ScanStream(TableScan scan, OperatorContext context) {
    this.scan = requireNonNull(scan, "scan is null");
    this.context = requireNonNull(context, "context is null");
  }

  @Override
  public @Nullable Page next() {
    context.checkCancelled();
    if (pages == null) {
      pages = scan.pages();
    }
    return pages.next();
  }

  @Override
  public void close() {
    if (pages != null) {
      pages.close();
      pages = null;
    }
  }
}
