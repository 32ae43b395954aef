package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.TableScan;
import org.jspecify.annotations.Nullable;

/** Reads a planned table scan's splits one after another. */
final class ScanStream implements PageStream {
  private final TableScan scan;
  private final OperatorContext context;
  private int nextSplit;
  private @Nullable PageSource source;

  ScanStream(TableScan scan, OperatorContext context) {
    this.scan = requireNonNull(scan, "scan is null");
    this.context = requireNonNull(context, "context is null");
  }

  @Override
  public @Nullable Page next() {
    while (true) {
      context.checkCancelled();
      if (source == null) {
        if (nextSplit == scan.splits().size()) {
          return null;
        }
        ScanSplit split = scan.splits().get(nextSplit++);
        source = split.open();
      }
      Page page = source.next();
      if (page != null) {
        return page;
      }
      source.close();
      source = null;
    }
  }

  @Override
  public void close() {
    if (source != null) {
      source.close();
      source = null;
    }
  }
}
